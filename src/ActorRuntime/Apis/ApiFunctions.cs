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
    public static JsValue Url(ContextRealm realm, JsValue path) =>
        realm.Identity.BaseUrl + (path.IsNull() || path.IsUndefined() ? "" : Jint.Runtime.TypeConverter.ToString(path)).TrimStart('/');
}
