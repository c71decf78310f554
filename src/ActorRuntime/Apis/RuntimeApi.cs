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

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["runtime.id"] = new() { Value = host => host.Realm.Identity.RuntimeId };
        registry["runtime.lastError"] = new() { Getter = host => LastError.Of(host.Realm).Read() };
        registry["runtime.getURL"] = new() { Function = call => ApiFunctions.Url(call.Realm, call[0]) };
        registry["runtime.sendMessage"] = new() { Function = SendMessage, RawArguments = true };
        registry["runtime.connect"] = new() { Function = Connect };
        registry["runtime.getBackgroundPage"] = new() { Function = GetBackgroundPage };
    }

    /// <summary><c>sendMessage([extensionId,] message [, options] [, callback])</c>: to every other extension page of the profile (and a content script's messages too).</summary>
    private static JsValue SendMessage(ApiCall call)
    {
        var host = call.Host;
        var realm = host.Realm;
        var args = call.Arguments;
        if (args.Length is 0 or > 3)
        {
            // The browsers' own checks of the arguments they parse themselves.
            if (realm.Extension.Flavor == Flavor.Chrome)
                throw new JavaScriptException(realm.Engine.Intrinsics.TypeError,
                    "Error in invocation of runtime.sendMessage(optional string extensionId, any message, optional object options, optional function callback): No matching signature.");
            throw new JavaScriptException(realm.Engine.Intrinsics.Error, args.Length == 0
                ? "runtime.sendMessage's message argument is missing"
                : "runtime.sendMessage received too many arguments");
        }
        var (extensionId, message) = args.Length switch
        {
            1 => (null, args[0]),
            2 when args[0].IsString() && args[1] is not ObjectInstance => (args[0].ToString(), args[1]),
            2 => (null, args[0]),
            _ => (args[0].IsString() ? args[0].ToString() : null, args[1]),
        };
        var state = host.Extension;
        var split = MessageDelivery.SplitProfiles(state);
        var ownExtension = extensionId is null || extensionId == realm.Identity.RuntimeId;
        MessageDelivery.Send(host, message, call.Reply!,
            receiver => ownExtension && receiver.Info.IsExtensionPage && (!split || receiver.Info.IsPrivate == realm.Info.IsPrivate),
            wakeBackground: ownExtension);
        return JsValue.Undefined;
    }

    /// <summary><c>connect([extensionId,] [connectInfo])</c>: a port to the extension's other pages (waking the background).</summary>
    private static JsValue Connect(ApiCall call)
    {
        var host = call.Host;
        var realm = host.Realm;
        var state = host.Extension;
        var extensionId = call[0].IsString() ? call[0].ToString() : null;
        var connectInfo = call[1];
        var ownExtension = extensionId is null || extensionId == realm.Identity.RuntimeId;
        var split = MessageDelivery.SplitProfiles(state);
        return PortApi.Connect(host, connectInfo,
            receiver => ownExtension && receiver.Info.IsExtensionPage && (!split || receiver.Info.IsPrivate == realm.Info.IsPrivate),
            wakeBackground: ownExtension);
    }

    private static JsValue GetBackgroundPage(ApiCall call)
    {
        var host = call.Host;
        var realm = host.Realm;
        var reply = call.Reply!;

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
                reply.Reject(message);
                return;
            }
            reply.Resolve(answer.Window is { } bg ? Kernel.Membrane.Crossing.Wrap(bg.Global, bg, realm) : JsValue.Null);
        }

        if (realm.Info.Kind == ContextKind.Background)
            ApiFunctions.Later(realm, () => Settle(new BackgroundAnswer(realm, null)));
        else
            host.RequestBackgroundPage(Settle);
        return JsValue.Undefined;
    }
}
