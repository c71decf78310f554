using ActorRuntime.Apis.Schema;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// How webRequest's listeners are added and called, by the <c>extraInfoSpec</c> each was added with: <c>blocking</c>
/// (and <c>asyncBlocking</c> for <c>onAuthRequired</c>) needs its permission, and only such a listener's answer is a
/// <c>BlockingResponse</c>; each listener sees the headers it asked for (<c>requestHeaders</c>, <c>responseHeaders</c>,
/// and in Chromium <c>extraHeaders</c> for <c>Cookie</c>, <c>Referer</c> and <c>Set-Cookie</c>).
/// </summary>
internal static class WebRequestListeners
{
    public const string OnAuthRequired = "webRequest.onAuthRequired";
    private const string Blocking = "blocking";
    private const string AsyncBlocking = "asyncBlocking";
    private const string ExtraHeaders = "extraHeaders";

    /// <summary>Headers Chromium shows only to listeners added with <c>extraHeaders</c>.</summary>
    private static readonly HashSet<string> ExtraRequestHeaders = new(["Cookie", "Referer"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> ExtraResponseHeaders = new(["Set-Cookie"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The event's rules with webRequest's checks and calls over the schema's argument checking and the request filter.</summary>
    public static ExtensionEventRules Rules(ContextRealm realm, string name, ExtensionEventRules rules) => rules with
    {
        CheckExtra = args =>
        {
            rules.CheckExtra?.Invoke(rules.Chromium ? WithoutExtraHeaders(realm.Engine, args) : args);
            Check(realm, name, ReadOptions(args));
        },
        Accepts = (extra, args) => (rules.Accepts?.Invoke(extra, args) ?? true) && MayAnswer(realm.Extension, name, Options(extra)),
        Call = (extra, listener, args) => Call(realm, name, Options(extra), listener, args),
    };

    // Each listener's options, read at its first dispatch: its extra arguments are kept as they were added (the same array).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsValue[], HashSet<string>> ListenerOptions = new();

    /// <summary>The <c>extraInfoSpec</c> strings a listener was added with (after its filter), read once per listener.</summary>
    private static HashSet<string> Options(JsValue[] extra) => extra.Length < 2 ? NoOptions : ListenerOptions.GetValue(extra, ReadOptions);

    private static readonly HashSet<string> NoOptions = new(StringComparer.Ordinal);

    private static HashSet<string> ReadOptions(JsValue[] extra)
    {
        var options = new HashSet<string>(StringComparer.Ordinal);
        if (extra.Length < 2 || extra[1] is not ObjectInstance list || !list.IsArray()) return options;
        var length = Math.Min((long)TypeConverter.ToNumber(list.Get("length")), 16);
        for (long i = 0; i < length; i++)
            if (list.Get(i) is var item && item.IsString()) options.Add(item.AsString());
        return options;
    }

    /// <summary>
    /// Chromium's <c>extraHeaders</c>, which Firefox's schema (the one the runtime checks with) does not list: left out of
    /// the schema check only.
    /// </summary>
    private static JsValue[] WithoutExtraHeaders(Engine engine, JsValue[] args)
    {
        if (args.Length < 2 || args[1] is not ObjectInstance list || !list.IsArray()) return args;
        var length = Math.Min((long)TypeConverter.ToNumber(list.Get("length")), 16);
        var kept = new List<JsValue>();
        for (long i = 0; i < length; i++)
            if (list.Get(i) is var item && !(item.IsString() && item.AsString() == ExtraHeaders)) kept.Add(item);
        if (kept.Count == length) return args;
        var copy = args.ToArray();
        copy[1] = new Jint.Native.JsArray(engine, kept.ToArray());
        return copy;
    }

    /// <summary>Whether the extension may answer a request's event in a blocking way: its permission (Chromium MV3: policy-installed extensions only).</summary>
    public static bool MayBlock(ExtensionKernel extension, string eventName)
    {
        var granted = extension.HostIfAny?.Granted?.Permissions ?? ApiAccess.GrantedBy(extension.Manifest);
        var blocking = granted.Contains("webRequestBlocking") && !(extension.Flavor == Flavor.Chrome && extension.Manifest.ManifestVersion >= 3);
        return blocking || (eventName == OnAuthRequired && granted.Contains("webRequestAuthProvider"));
    }

    private static bool MayAnswer(ExtensionKernel extension, string name, HashSet<string> options) =>
        !(options.Contains(Blocking) || options.Contains(AsyncBlocking)) || (MayBlock(extension, name) && !(options.Contains(Blocking) && options.Contains(AsyncBlocking)));

    /// <summary>
    /// <c>addListener</c>'s own checks of the options: Firefox throws; Chromium reports the error as its <c>runtime.lastError</c>
    /// and the listener never hears anything (<see cref="MayAnswer"/>).
    /// </summary>
    private static void Check(ContextRealm realm, string name, HashSet<string> options)
    {
        var chromium = realm.Extension.Flavor == Flavor.Chrome;
        var both = options.Contains(Blocking) && options.Contains(AsyncBlocking);
        string? problem = null;
        // Firefox checks each option's permission before the list's exclusivity; Chromium reads the list first.
        if ((options.Contains(Blocking) || options.Contains(AsyncBlocking)) && !MayBlock(realm.Extension, name) && !(chromium && both))
            problem = chromium
                ? "You do not have permission to use blocking webRequest listeners. Be sure to declare the webRequestBlocking permission in your manifest. Note that webRequestBlocking is only allowed for extensions that are installed using ExtensionInstallForcelist."
                : name == OnAuthRequired
                    ? "Using webRequest.onAuthRequired.addListener with the blocking option requires either the 'webRequestBlocking' or 'webRequestAuthProvider' permission."
                    : "Using webRequest.addListener with the blocking option requires the 'webRequestBlocking' permission.";
        else if (both) problem = "'blocking' and 'asyncBlocking' are mutually exclusive";
        if (problem is null) return;
        if (!chromium) throw new JavaScriptException(realm.Engine.Intrinsics.Error, problem);
        realm.Log("error", "Unchecked runtime.lastError: " + problem);
    }

    /// <summary>
    /// Calls one listener with the details it asked for. Only a blocking listener's answer counts (null for the others);
    /// Chromium reads it at once (a promise is no answer), Firefox awaits a promise. An <c>asyncBlocking</c> listener of
    /// <c>onAuthRequired</c> gets a callback as its second argument and answers through it.
    /// </summary>
    private static JsValue? Call(ContextRealm realm, string name, HashSet<string> options, JsValue listener, JsValue[] arguments)
    {
        var view = View(realm, options, arguments);
        if (name == OnAuthRequired && options.Contains(AsyncBlocking))
        {
            var promise = realm.Engine.Advanced.RegisterPromise();
            var answered = false;
            var callback = new ClrFunction(realm.Engine, "asyncCallback", (_, args) =>
            {
                if (answered) return JsValue.Undefined;
                answered = true;
                promise.Resolve(args.Length > 0 ? args[0] : JsValue.Undefined);
                return JsValue.Undefined;
            });
            // A listener that throws never calls back: it answers nothing.
            return realm.CallReporting(listener, JsValue.Undefined, [.. view, callback]) is null ? null : promise.Promise;
        }
        var result = realm.CallReporting(listener, JsValue.Undefined, view);
        if (!options.Contains(Blocking) || result is null) return null;
        if (realm.Extension.Flavor == Flavor.Chrome && result is ObjectInstance thenable && thenable.Get("then").IsCallable()) return null;
        return result;
    }

    /// <summary>
    /// The listener's own copy of the details: the header lists it asked for (copied, so that what one listener changes in
    /// place another does not see), without what the runtime carries for the request filter only (<c>windowId</c>, and in
    /// Chromium <c>incognito</c>).
    /// </summary>
    private static JsValue[] View(ContextRealm realm, HashSet<string> options, JsValue[] arguments)
    {
        if (arguments.Length == 0 || arguments[0] is not ObjectInstance details) return arguments;
        var chromium = realm.Extension.Flavor == Flavor.Chrome;
        var extraHeaders = !chromium || options.Contains(ExtraHeaders);
        var keys = details.GetOwnPropertyKeys(Types.String);
        var entries = System.Buffers.ArrayPool<KeyValuePair<string, JsValue>>.Shared.Rent(Math.Max(1, keys.Count));
        var count = 0;
        foreach (var key in keys)
        {
            var name = key.ToString();
            var value = details.Get(key);
            switch (name)
            {
                case "windowId":
                case "incognito" when chromium:
                case "requestHeaders" when !options.Contains("requestHeaders"):
                case "responseHeaders" when !options.Contains("responseHeaders"):
                    continue;
                case "requestHeaders":
                    value = Headers(realm.Engine, value, extraHeaders ? null : ExtraRequestHeaders);
                    break;
                case "responseHeaders":
                    value = Headers(realm.Engine, value, extraHeaders ? null : ExtraResponseHeaders);
                    break;
            }
            entries[count++] = new(name, value);
        }
        var copy = JsObject.CreateFromEntries(realm.Engine, entries.AsSpan(0, count));
        System.Buffers.ArrayPool<KeyValuePair<string, JsValue>>.Shared.Return(entries, clearArray: true);
        var view = arguments.ToArray();
        view[0] = copy;
        return view;
    }

    /// <summary>A fresh <c>HttpHeaders</c> array of fresh <c>{name, value}</c> objects, without the <paramref name="hidden"/> ones.</summary>
    private static JsValue Headers(Engine engine, JsValue value, HashSet<string>? hidden)
    {
        if (value is not ObjectInstance list || !list.IsArray()) return value;
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        var items = new List<JsValue>((int)Math.Min(length, 1024));
        for (long i = 0; i < length; i++)
        {
            if (list.Get(i) is not ObjectInstance header) continue;
            var name = header.Get("name");
            if (hidden is not null && name.IsString() && hidden.Contains(name.AsString())) continue;
            items.Add(JsObject.CreateFromEntries(engine, [new("name", name), new("value", header.Get("value"))]));
        }
        return new Jint.Native.JsArray(engine, items.ToArray());
    }
}
