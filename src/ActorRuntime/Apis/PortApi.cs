using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Apis;

/// <summary><c>runtime.connect</c> / <c>tabs.connect</c>, <c>onConnect</c>, and the <c>Port</c> objects of both ends.</summary>
internal static class PortApi
{
    public const string OnConnect = "runtime.onConnect";

    /// <summary>Opens a channel from <paramref name="host"/>'s context to every receiver with onConnect listeners (waking the background if asked).</summary>
    public static JsValue Connect(IContextHost host, JsValue connectInfo, Func<ContextRealm, bool> isReceiver, bool wakeBackground)
    {
        host.NoteApiCall();
        var realm = host.Realm;
        var name = connectInfo is ObjectInstance info && info.Get("name") is var n && !n.IsUndefined() ? TypeConverter.ToString(n) : "";
        var channel = new PortChannel(name, realm, CreatePort);
        var state = host.Extension;
        var firstAcceptorOnly = state.Flavor != Flavor.Chrome;
        foreach (var receiver in state.Realms)
        {
            if (receiver.IsDead || ReferenceEquals(receiver, realm) || !isReceiver(receiver)) continue;
            if (receiver.Event(OnConnect) is not { HasListeners: true }) continue;
            channel.ExpectReceiver();
            state.Loop.Post(receiver, () => Accept(receiver, channel, firstAcceptorOnly));
        }
        if (wakeBackground && realm.Info.Kind != ContextKind.Background && state.HasBackground
            && MessageDelivery.BackgroundOf(realm) is null or { IsDead: true })
        {
            channel.ExpectReceiver();
            host.WakeBackground(background =>
            {
                if (background is { IsDead: false }) Accept(background, channel, firstAcceptorOnly);
                else channel.ReceiverSettled(null);
            });
        }
        channel.ExpectReceiver();
        channel.ReceiverSettled(null);
        return channel.Opener.Port;
    }

    private static void Accept(ContextRealm receiver, PortChannel channel, bool firstAcceptorOnly)
    {
        receiver.Extension.NoteBackgroundActivity(receiver.Info);
        var onConnect = receiver.Event(OnConnect);
        // Firefox hands the port to one context; Chromium to every context that listens.
        if (receiver.IsDead || onConnect is not { HasListeners: true } || (firstAcceptorOnly && channel.HasReceivers))
        {
            channel.ReceiverSettled(null);
            return;
        }
        var end = new PortEnd(channel, receiver, channel.Opener.Realm);
        onConnect.Dispatch(end.Port);
        channel.ReceiverSettled(end);
    }

    /// <summary>The <c>Port</c> object of one end: <c>name</c>, <c>sender</c> (on a receiving end), <c>error</c>, <c>postMessage</c>, <c>disconnect</c>, <c>onMessage</c>, <c>onDisconnect</c>.</summary>
    public static ObjectInstance CreatePort(PortEnd end, ContextRealm? sender, ObjectInstance onMessage, ObjectInstance onDisconnect)
    {
        var realm = end.Realm;
        var port = new JsObject(realm.Engine);
        port.FastSetProperty("name", new PropertyDescriptor(end.Channel.Name, PropertyFlag.Enumerable));
        port.FastSetProperty("sender", new PropertyDescriptor(sender is null ? JsValue.Undefined : MessageDelivery.SenderObject(realm, sender), PropertyFlag.Enumerable));
        port.FastSetProperty("error", new PropertyDescriptor(JsValue.Null, PropertyFlag.Enumerable | PropertyFlag.Writable));
        port.FastSetProperty("onMessage", new PropertyDescriptor(onMessage, PropertyFlag.Enumerable));
        port.FastSetProperty("onDisconnect", new PropertyDescriptor(onDisconnect, PropertyFlag.Enumerable));
        port.Method("postMessage", (_, args) =>
        {
            if (!end.IsConnected)
                throw new JavaScriptException(realm.Engine.Intrinsics.Error, realm.Extension.Flavor == Flavor.Chrome
                    ? "Attempting to use a disconnected port object"
                    : "Attempt to postMessage on disconnected port");
            realm.Extension.NoteBackgroundActivity(realm.Info);
            StructuredClone message;
            try
            {
                message = StructuredClone.Capture(realm, args.Length > 0 ? args[0] : JsValue.Undefined);
            }
            catch (MessageTooLargeException tooLarge)
            {
                throw new JavaScriptException(realm.Engine.Intrinsics.Error, tooLarge.Message);
            }
            end.Channel.Post(end, message);
            return JsValue.Undefined;
        });
        port.Method("disconnect", (_, _) =>
        {
            end.Disconnect();
            return JsValue.Undefined;
        });
        return port;
    }
}
