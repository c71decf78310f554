using ActorRuntime.Contexts;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary><c>browser.runtime</c>.</summary>
internal static class RuntimeApi
{

    public static ObjectInstance Create(IContextHost host)
    {
        var realm = host.Realm;
        var package = host.Extension.Package;
        var runtime = new JsObject(realm.Engine);
        runtime.Constant("id", package.Id);
        runtime.Constant("lastError", JsValue.Undefined);
        runtime.GetUrlMethod(package);
        // Content scripts have no getBackgroundPage at all (spec section 2: the API does not exist).
        if (realm.Info.IsExtensionPage)
        {
            runtime.Method("getBackgroundPage", (_, args) => GetBackgroundPage(host, runtime, args));
            foreach (var name in RuntimeEvents.ExtensionPageOnly)
                runtime.Constant(name, realm.DefineEvent("runtime." + name).Target);
        }
        return runtime;
    }

    private static JsValue GetBackgroundPage(IContextHost host, ObjectInstance runtime, JsValue[] arguments)
    {
        var realm = host.Realm;
        host.NoteApiCall();
        var callback = ApiFunctions.TrailingCallback(arguments);
        var promise = callback is null ? realm.Engine.Advanced.RegisterPromise() : null;

        void Settle(BackgroundAnswer answer)
        {
            if (answer.Window is { IsDead: true })
            {
                // The page went away between the answer and this turn: ask again, which wakes it anew.
                host.RequestBackgroundPage(Settle);
                return;
            }
            if (answer.Error is { } message)
            {
                if (promise is not null) promise.Reject(ApiFunctions.NewError(realm.Engine, message));
                else ApiFunctions.CallWithLastError(realm, runtime, callback!, message);
                return;
            }
            var window = answer.Window is { } bg ? Scripting.Membrane.Membrane.Wrap(bg.Global, bg, realm) : JsValue.Null;
            if (promise is not null) promise.Resolve(window);
            else realm.Engine.Call(callback!, JsValue.Undefined, [window]);
        }

        if (realm.Info.Kind == ContextKind.Background)
            ApiFunctions.Later(realm, () => Settle(new BackgroundAnswer(realm, null)));
        else
            host.RequestBackgroundPage(Settle);
        return promise?.Promise ?? JsValue.Undefined;
    }
}

/// <summary>The names the runtime dispatches <c>runtime.*</c> events under.</summary>
internal static class RuntimeEvents
{
    public const string OnInstalled = "runtime.onInstalled";
    public const string OnStartup = "runtime.onStartup";
    public const string OnSuspend = "runtime.onSuspend";
    public const string OnSuspendCanceled = "runtime.onSuspendCanceled";

    /// <summary>Lifecycle events: extension pages have them, content scripts do not.</summary>
    public static readonly string[] ExtensionPageOnly = ["onInstalled", "onStartup", "onSuspend", "onSuspendCanceled"];
}
