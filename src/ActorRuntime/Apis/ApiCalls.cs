using ActorRuntime.Apis.Schema;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis;

/// <summary>
/// The one way every API function is called: the arguments are checked against the schema as the flavour's browser
/// checks them, then the call goes to what implements it (the runtime's own implementation), or fails with one clear
/// error naming it; an asynchronous function answers through an <see cref="ApiReply"/>.
/// </summary>
internal static class ApiCalls
{
    public static ClrFunction Function(IContextHost host, ApiRealmState state, string rootName, ApiSurface.Form form, string name, SchemaNode function)
    {
        var length = function.PlainParameters.Count(p => !p.Optional);
        return new ClrFunction(host.Realm.Engine, function.Name!, (_, args) => Invoke(host, state, rootName, form, name, function, args), length);
    }

    private static JsValue Invoke(IContextHost host, ApiRealmState state, string rootName, ApiSurface.Form form, string name, SchemaNode function, JsValue[] args)
    {
        var realm = host.Realm;
        // What the host provides answers first: it stands in for what the runtime cannot do, or replaces what it does.
        var provided = realm.Extension.HostIfAny?.Find(name);
        var implementation = provided is null ? ApiImplementations.Find(name) : null;
        var (arguments, callback) = Arguments(realm, state, form, name, function, args, implementation is { RawArguments: true });
        var record = ApiHost.RecordsFor(realm.Extension) ? ApiCallRecorder.Start(realm, name, args, function.IsAsync) : null;
        if (!function.IsAsync)
        {
            try
            {
                var result = provided is not null ? ProvidedNow(realm, name, provided, arguments)
                    : implementation?.Function is { } sync ? sync(new ApiCall { Host = host, Name = name, Arguments = arguments })
                    : throw new JavaScriptException(realm.Engine.Intrinsics.Error, NotAvailable(rootName, name));
                record?.Settled(result, null);
                return result;
            }
            catch (JavaScriptException ex)
            {
                record?.Settled(null, Scripting.ErrorReport.MessageOfValue(ex.Error));
                throw;
            }
        }
        // An asynchronous call is activity of the context (it resets Firefox's idle timer for an event page).
        host.NoteApiCall();
        if (UserInputRefusal(realm, name, function) is { } refusal)
        {
            var refused = ApiReply.Create(realm, callback, form == ApiSurface.Form.Promises || !function.HasCallbackParameter, record is null ? null : record.Settled);
            refused.Later(r => r.Reject(refusal));
            return refused.ReturnValue;
        }
        // A function that takes no callback (async: true) answers with a promise in every form.
        var promiseAllowed = form == ApiSurface.Form.Promises || !function.HasCallbackParameter;
        var reply = ApiReply.Create(realm, callback, promiseAllowed, record is null ? null : record.Settled);
        if (provided is not null)
            host.Await(Provide(realm, name, provided, arguments), done =>
            {
                if (!done.IsCompletedSuccessfully)
                {
                    reply.Reject(FailureOf(done));
                    return;
                }
                JsValue value;
                try
                {
                    value = FromJson(realm, done.Result);
                }
                catch (JavaScriptException notJson)
                {
                    reply.Reject(Scripting.ErrorReport.MessageOfValue(notJson.Error));
                    return;
                }
                reply.Resolve(value);
            });
        else if (implementation?.Function is { } async) async(new ApiCall { Host = host, Name = name, Arguments = arguments, Reply = reply });
        else reply.Later(r => r.Reject(NotAvailable(rootName, name)));
        return reply.ReturnValue;
    }

    /// <summary>Starts a provided function with the call's arguments as JSON; what it throws at once is its failure.</summary>
    private static Task<string?> Provide(ContextRealm realm, string name, ProvidedFunction provided, JsValue[] arguments)
    {
        try
        {
            return provided(ApiValueJson.Array(arguments, realm.Extension.Options.MaxMessageDepth));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Task.FromException<string?>(ex);
        }
    }

    /// <summary>A provided synchronous function must answer at once (a host script's does).</summary>
    private static JsValue ProvidedNow(ContextRealm realm, string name, ProvidedFunction provided, JsValue[] arguments)
    {
        var task = Provide(realm, name, provided, arguments);
        if (!task.IsCompleted)
            throw new JavaScriptException(realm.Engine.Intrinsics.Error, $"{name} is synchronous, and the function the host provides for it did not answer at once");
        if (!task.IsCompletedSuccessfully) throw new JavaScriptException(realm.Engine.Intrinsics.Error, FailureOf(task));
        return FromJson(realm, task.Result);
    }

    private static string FailureOf(Task task) => task.Exception?.GetBaseException().Message ?? "the host's function was cancelled";

    private static JsValue FromJson(ContextRealm realm, string? json)
    {
        if (json is null) return JsValue.Undefined;
        try
        {
            return new Jint.Native.Json.JsonParser(realm.Engine).Parse(json);
        }
        catch (JavaScriptException)
        {
            throw new JavaScriptException(realm.Engine.Intrinsics.Error, "the host's function answered something that is not JSON");
        }
    }

    /// <summary>
    /// A function only the user's input may call, called outside it: Firefox's schema marks them (<c>requireUserInput</c>);
    /// Chromium demands a user gesture of <c>permissions.request</c> and <c>sidePanel.open</c>. Null when the call may go on.
    /// </summary>
    private static string? UserInputRefusal(ContextRealm realm, string name, SchemaNode function)
    {
        if (realm.IsHandlingUserInput) return null;
        if (realm.Extension.Flavor == Flavor.Chrome)
            return name switch
            {
                "permissions.request" => "This function must be called during a user gesture",
                "sidePanel.open" => "`sidePanel.open()` may only be called in response to a user gesture.",
                _ => null,
            };
        return function.RequireUserInput ? $"{name} may only be called from a user input handler" : null;
    }

    public static string NotAvailable(string rootName, string name) =>
        $"{rootName}.{name} is not available in ActorRuntime: provide it with the host API";

    /// <summary>The checked arguments (one per parameter but the callback) and the callback, if one was given.</summary>
    private static (JsValue[] Arguments, JsValue? Callback) Arguments(ContextRealm realm, ApiRealmState state, ApiSurface.Form form, string name,
        SchemaNode function, JsValue[] args, bool raw)
    {
        var parameters = function.Parameters ?? [];
        var hasCallback = function.HasCallbackParameter;
        if (raw || (function.AllowAmbiguousOptionalArguments && realm.Extension.Flavor != Flavor.Chrome))
        {
            // The implementation reads the arguments itself; a trailing function is the callback.
            if (hasCallback && args.Length > 0 && args[^1].IsCallable()) return (args[..^1], args[^1]);
            return (args, null);
        }
        var context = new ApiCheckContext(realm);
        JsValue[] checkedArguments;
        if (realm.Extension.Flavor == Flavor.Chrome)
            checkedArguments = new ChromiumArguments(context).Check(args, parameters, hasCallback, name);
        else
        {
            // Firefox's chrome.* in callback form: the callback is not optional in the signature's matching sense, but may be left out.
            checkedArguments = new FirefoxArguments(context).Check(function, args, parameters, name);
        }
        if (!hasCallback) return (checkedArguments, null);
        var callback = checkedArguments[^1];
        return (checkedArguments[..^1], callback.IsCallable() ? callback : null);
    }

    /// <summary>An event's rules in the flavour: Firefox checks <c>addListener</c>'s extra arguments against the schema's <c>extraParameters</c>.</summary>
    public static ExtensionEventRules EventRules(ContextRealm realm, string name, SchemaNode ev)
    {
        var rules = ExtensionEventRules.For(realm.Extension.Flavor);
        if (ev.ExtraParameters is not { Count: > 0 } extra) return rules;
        var checkedRules = rules with
        {
            Accepts = EventFilters.For(name),
            CheckExtra = args =>
            {
                var context = new ApiCheckContext(realm);
                if (rules.Chromium) new ChromiumArguments(context).Check(args, extra, hasCallback: false, name + ".addListener");
                else new FirefoxArguments(context).Check(ev, args, extra, name);
            },
        };
        return name.StartsWith("webRequest.", StringComparison.Ordinal) ? WebRequest.WebRequestListeners.Rules(realm, name, checkedRules) : checkedRules;
    }
}
