using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis;

/// <summary>Small helpers shared by the <c>browser.*</c> namespaces.</summary>
internal static class ApiFunctions
{
    /// <summary>A trailing function argument: the callback form of an API (chrome.*, and browser.* in Firefox).</summary>
    public static JsValue? TrailingCallback(JsValue[] arguments) =>
        arguments.Length > 0 && arguments[^1].IsCallable() ? arguments[^1] : null;

    /// <summary>Runs <paramref name="action"/> as a microtask of the realm, as browsers call API callbacks asynchronously.</summary>
    public static void Later(ContextRealm realm, Action action)
    {
        // Promise.resolve().then(...) queues a job; a host-registered promise would run it as soon as it is resolved.
        var engine = realm.Engine;
        var resolved = engine.Call(realm.PromiseResolve, realm.PromiseConstructor, [JsValue.Undefined]);
        engine.Call(realm.PromiseThen, resolved, [new ClrFunction(engine, "", (_, _) =>
        {
            action();
            return JsValue.Undefined;
        })]);
    }

    /// <summary><c>getURL(path)</c>, shared by <c>runtime</c> and <c>extension</c>: the extension's base URL plus the path.</summary>
    public static void GetUrlMethod(this ObjectInstance target, string baseUrl) =>
        target.Method("getURL", (_, args) => baseUrl + Jint.Runtime.TypeConverter.ToString(args.Length > 0 ? args[0] : "").TrimStart('/'));

    public static JsValue NewError(Engine engine, string message) => engine.Intrinsics.Error.Construct(message);

    /// <summary>Calls an API callback with <c>runtime.lastError</c> set for its duration, as Chromium does on failure.</summary>
    public static void CallWithLastError(ContextRealm realm, ObjectInstance runtime, JsValue callback, string message)
    {
        var error = new JsObject(realm.Engine);
        error.FastSetDataProperty("message", message);
        runtime.FastSetProperty("lastError", new PropertyDescriptor(error, PropertyFlag.Configurable | PropertyFlag.Enumerable));
        try
        {
            realm.Engine.Call(callback, JsValue.Undefined, []);
        }
        finally
        {
            runtime.FastSetProperty("lastError", new PropertyDescriptor(JsValue.Undefined, PropertyFlag.Configurable | PropertyFlag.Enumerable));
        }
    }
}
