using ActorRuntime.Scripting;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary><c>setTimeout</c>, <c>setInterval</c>, <c>clearTimeout</c>, <c>clearInterval</c> and <c>queueMicrotask</c> on a context's global.</summary>
internal static class TimersApi
{
    public static void Install(IContextHost host)
    {
        var realm = host.Realm;
        var global = realm.Global;
        global.Method("setTimeout", (_, args) => Start(host, args, repeat: false));
        global.Method("setInterval", (_, args) => Start(host, args, repeat: true));
        global.Method("clearTimeout", (_, args) => Clear(host, args));
        global.Method("clearInterval", (_, args) => Clear(host, args));
        global.Method("queueMicrotask", (_, args) =>
        {
            var callback = args.Length > 0 ? args[0] : JsValue.Undefined;
            if (!callback.IsCallable())
                throw new JavaScriptException(realm.Engine.Intrinsics.TypeError, "queueMicrotask: Argument 1 is not callable.");
            ApiFunctions.Later(realm, () => realm.CallReporting(callback, JsValue.Undefined, []));
            return JsValue.Undefined;
        });
    }

    private static JsValue Start(IContextHost host, JsValue[] args, bool repeat)
    {
        var handler = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (!handler.IsCallable())
        {
            // Extension pages forbid eval (their Content Security Policy has no 'unsafe-eval'), so a string handler never runs.
            host.Realm.Log("error", $"{(repeat ? "setInterval" : "setTimeout")}: a string handler was refused: the extension's Content Security Policy does not allow 'unsafe-eval'");
            return 0;
        }
        var delay = args.Length > 1 ? TypeConverter.ToNumber(args[1]) : 0;
        var extra = args.Length > 2 ? args[2..] : [];
        return host.Timers.Start(host.Realm, handler, extra, delay, repeat);
    }

    private static JsValue Clear(IContextHost host, JsValue[] args)
    {
        if (args.Length > 0) host.Timers.Clear(host.Realm, TypeConverter.ToInt32(args[0]));
        return JsValue.Undefined;
    }
}
