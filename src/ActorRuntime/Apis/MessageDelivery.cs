using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis;

/// <summary>
/// One-off messages between the contexts of an extension (spec section 7): copies the message out of the
/// sender, finds the receivers, wakes the background when it is an event page that is not running, runs
/// the receivers' <c>onMessage</c> listeners on tasks of the extension's loop and carries the first
/// response back. Used by <c>runtime.sendMessage</c> and <c>tabs.sendMessage</c>.
/// </summary>
internal static class MessageDelivery
{
    public const string OnMessage = "runtime.onMessage";

    /// <summary>Sends from <paramref name="host"/>'s context; <paramref name="reply"/> settles with the first response or the error.</summary>
    public static void Send(IContextHost host, JsValue message, ApiReply reply, Func<ContextRealm, bool> isReceiver, bool wakeBackground)
    {
        var realm = host.Realm;

        void Settle(JsValue response, string? error)
        {
            if (error is null) reply.Resolve(response);
            else reply.Reject(error);
        }

        StructuredClone clone;
        try
        {
            clone = StructuredClone.Capture(realm, message);
        }
        catch (MessageTooLargeException tooLarge)
        {
            // Nothing is sent; the caller hears why on a later task, as with any failed send.
            ApiFunctions.Later(realm, () => Settle(JsValue.Undefined, tooLarge.Message));
            return;
        }

        var exchange = new MessageExchange(realm, clone, Settle);
        var state = host.Extension;
        foreach (var receiver in state.Realms)
        {
            if (receiver.IsDead || ReferenceEquals(receiver, realm) || !isReceiver(receiver)) continue;
            if (receiver.Event(OnMessage) is not { HasListeners: true }) continue;
            exchange.Expect();
            state.Loop.Post(receiver, () => Deliver(receiver, exchange));
        }
        if (wakeBackground && NeedsWake(realm))
        {
            exchange.Expect();
            host.WakeBackground(background =>
            {
                if (background is { IsDead: false }) Deliver(background, exchange);
                else exchange.Done(hadListener: false);
            });
        }
        exchange.NoneExpected();
    }

    /// <summary>The sender's background profile has scripts but no running page: the message must wake it.</summary>
    private static bool NeedsWake(ContextRealm sender)
    {
        var state = sender.Extension;
        if (sender.Info.Kind == ContextKind.Background || !state.HasBackground) return false;
        var background = BackgroundOf(sender);
        return background is null or { IsDead: true };
    }

    /// <summary>Which background a context's messages reach: Chromium split mode gives private contexts their own.</summary>
    public static ContextRealm? BackgroundOf(ContextRealm context)
    {
        var state = context.Extension;
        return context.Info.IsPrivate && SplitProfiles(state) ? state.IncognitoBackground : state.Background;
    }

    public static bool SplitProfiles(ExtensionKernel state) => state.Flavor == Flavor.Chrome && state.Manifest.Incognito == IncognitoMode.Split;

    /// <summary>Runs <paramref name="receiver"/>'s <c>onMessage</c> listeners on a task of the loop.</summary>
    public static void Deliver(ContextRealm receiver, MessageExchange exchange)
    {
        // An incoming message is activity of the background: it resets Firefox's idle wait and cancels a suspension.
        receiver.Extension.NoteBackgroundActivity(receiver.Info);
        var onMessage = receiver.Event(OnMessage);
        if (onMessage is not { HasListeners: true })
        {
            exchange.Done(hadListener: false);
            return;
        }
        var engine = receiver.Engine;
        var respondedLater = false;
        var sendResponse = new ClrFunction(engine, "sendResponse", (_, args) =>
        {
            if (exchange.IsSettled) return JsValue.Undefined;
            exchange.Respond(StructuredClone.Capture(receiver, args.Length > 0 ? args[0] : JsValue.Undefined));
            Settled(receiver, exchange);
            if (respondedLater) receiver.Extension.NoteBackgroundActivity(receiver.Info);
            return JsValue.Undefined;
        });
        var results = onMessage.Dispatch(exchange.Message.Materialize(receiver), SenderObject(receiver, exchange.Sender), sendResponse);
        if (exchange.IsSettled) return;

        var keepsChannel = false;
        foreach (var result in results)
        {
            if (result is null) continue;
            if (result.IsBoolean() && result.AsBoolean()) keepsChannel = true;
            else if (result is ObjectInstance thenable && thenable.Get("then") is var then && then.IsCallable())
            {
                keepsChannel = true;
                engine.Call(then, thenable, [
                    new ClrFunction(engine, "", (_, args) =>
                    {
                        receiver.Extension.NoteBackgroundActivity(receiver.Info);
                        if (!exchange.IsSettled) exchange.Respond(StructuredClone.Capture(receiver, args.Length > 0 ? args[0] : JsValue.Undefined));
                        Settled(receiver, exchange);
                        return JsValue.Undefined;
                    }),
                    new ClrFunction(engine, "", (_, args) =>
                    {
                        receiver.Extension.NoteBackgroundActivity(receiver.Info);
                        exchange.Fail(ErrorReport.MessageOfValue(args.Length > 0 ? args[0] : JsValue.Undefined));
                        Settled(receiver, exchange);
                        return JsValue.Undefined;
                    }),
                ]);
            }
        }
        if (!keepsChannel)
        {
            exchange.Done(hadListener: true);
            return;
        }
        respondedLater = true;
        receiver.AwaitingResponse.Add(exchange);
        receiver.Extension.ChannelsChanged();
    }

    /// <summary>A response owed by <paramref name="receiver"/> was given (or can no longer be): its channel closes.</summary>
    private static void Settled(ContextRealm receiver, MessageExchange exchange)
    {
        if (receiver.AwaitingResponse.Remove(exchange)) receiver.Extension.ChannelsChanged();
    }

    /// <summary>The <c>sender</c> a listener sees: the extension id, the sending page's URL, and the tab for a content script.</summary>
    public static ObjectInstance SenderObject(ContextRealm receiver, ContextRealm sender)
    {
        var engine = receiver.Engine;
        var result = new JsObject(engine);
        result.FastSetDataProperty("id", sender.Identity.RuntimeId);
        result.FastSetDataProperty("url", sender.Info.Url);
        if (sender.Info.TabId is { } tabId)
        {
            var tab = new JsObject(engine);
            tab.FastSetDataProperty("id", tabId);
            // A child frame's sender has its own URL; its tab's is the top frame's.
            tab.FastSetDataProperty("url", sender.Info.FrameId == 0 ? sender.Info.Url : sender.Extension.Browser.Tab(tabId)?.Url ?? sender.Info.Url);
            tab.FastSetDataProperty("incognito", sender.Info.IsPrivate);
            result.FastSetDataProperty("tab", tab);
            result.FastSetDataProperty("frameId", sender.Info.FrameId);
        }
        return result;
    }
}
