using ActorRuntime.Kernel;
using Jint;
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
        runtime.Constant("id", host.Realm.Identity.RuntimeId);
        runtime.Constant("lastError", JsValue.Undefined);
        runtime.GetUrlMethod(host.Realm.Identity.BaseUrl);
        runtime.Method("sendMessage", (_, args) => SendMessage(host, runtime, args));
        runtime.Constant("onMessage", realm.DefineEvent(MessageDelivery.OnMessage).Target);
        runtime.Method("connect", (_, args) => Connect(host, args));
        runtime.Constant("onConnect", realm.DefineEvent(PortApi.OnConnect).Target);
        // Content scripts have no getBackgroundPage at all (spec section 2: the API does not exist).
        if (realm.Info.IsExtensionPage)
        {
            runtime.Method("getBackgroundPage", (_, args) => GetBackgroundPage(host, runtime, args));
            foreach (var name in RuntimeEvents.ExtensionPageOnly)
                runtime.Constant(name, realm.DefineEvent("runtime." + name).Target);
        }
        return runtime;
    }

    /// <summary><c>sendMessage([extensionId,] message [, options] [, callback])</c>: to every other extension page of the profile (and a content script's messages too).</summary>
    private static JsValue SendMessage(IContextHost host, ObjectInstance runtime, JsValue[] arguments)
    {
        host.NoteApiCall();
        var realm = host.Realm;
        var callback = ApiFunctions.TrailingCallback(arguments);
        var args = callback is null ? arguments : arguments[..^1];
        var (extensionId, message) = args.Length switch
        {
            0 => (null, JsValue.Undefined),
            1 => (null, args[0]),
            2 when args[0].IsString() && args[1] is not ObjectInstance => (args[0].ToString(), args[1]),
            2 => (null, args[0]),
            _ => (args[0].IsString() ? args[0].ToString() : null, args[1]),
        };
        var state = host.Extension;
        var split = MessageDelivery.SplitProfiles(state);
        var ownExtension = extensionId is null || extensionId == realm.Identity.RuntimeId;
        return MessageDelivery.Send(host, runtime, message, callback,
            receiver => ownExtension && receiver.Info.IsExtensionPage && (!split || receiver.Info.IsPrivate == realm.Info.IsPrivate),
            wakeBackground: ownExtension);
    }

    /// <summary><c>connect([extensionId,] [connectInfo])</c>: a port to the extension's other pages (waking the background).</summary>
    private static JsValue Connect(IContextHost host, JsValue[] args)
    {
        var realm = host.Realm;
        var state = host.Extension;
        var extensionId = args.Length > 0 && args[0].IsString() ? args[0].ToString() : null;
        var connectInfo = args.Length > 0 && args[^1] is ObjectInstance info ? info : JsValue.Undefined;
        var ownExtension = extensionId is null || extensionId == realm.Identity.RuntimeId;
        var split = MessageDelivery.SplitProfiles(state);
        return PortApi.Connect(host, connectInfo,
            receiver => ownExtension && receiver.Info.IsExtensionPage && (!split || receiver.Info.IsPrivate == realm.Info.IsPrivate),
            wakeBackground: ownExtension);
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
            var window = answer.Window is { } bg ? Kernel.Membrane.Crossing.Wrap(bg.Global, bg, realm) : JsValue.Null;
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
