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
        var implementation = ApiImplementations.Find(name);
        var (arguments, callback) = Arguments(realm, state, form, name, function, args, implementation is { RawArguments: true });
        if (!function.IsAsync)
        {
            if (implementation?.Function is { } sync) return sync(new ApiCall { Host = host, Name = name, Arguments = arguments });
            throw new JavaScriptException(realm.Engine.Intrinsics.Error, NotAvailable(rootName, name));
        }
        // An asynchronous call is activity of the context (it resets Firefox's idle timer for an event page).
        host.NoteApiCall();
        var reply = ApiReply.Create(realm, callback, promiseAllowed: form == ApiSurface.Form.Promises);
        if (implementation?.Function is { } async) async(new ApiCall { Host = host, Name = name, Arguments = arguments, Reply = reply });
        else reply.Later(r => r.Reject(NotAvailable(rootName, name)));
        return reply.ReturnValue;
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
        return rules with
        {
            CheckExtra = args =>
            {
                var context = new ApiCheckContext(realm);
                if (rules.Chromium) new ChromiumArguments(context).Check(args, extra, hasCallback: false, name + ".addListener");
                else new FirefoxArguments(context).Check(ev, args, extra, name);
            },
        };
    }
}
