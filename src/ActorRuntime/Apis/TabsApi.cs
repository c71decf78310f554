using ActorRuntime.Scripting;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary><c>browser.tabs</c>: messages and ports from extension pages to the content scripts of a tab.</summary>
internal static class TabsApi
{
    public static ObjectInstance Create(IContextHost host, ObjectInstance runtime)
    {
        var realm = host.Realm;
        var tabs = new JsObject(realm.Engine);
        tabs.Method("sendMessage", (_, args) =>
        {
            host.NoteApiCall();
            var callback = ApiFunctions.TrailingCallback(args);
            var rest = callback is null ? args : args[..^1];
            var tabId = rest.Length > 0 ? TypeConverter.ToNumber(rest[0]) : double.NaN;
            return MessageDelivery.Send(host, runtime, rest.Length > 1 ? rest[1] : JsValue.Undefined, callback,
                receiver => IsInTab(receiver, tabId), wakeBackground: false);
        });
        tabs.Method("connect", (_, args) =>
        {
            var tabId = args.Length > 0 ? TypeConverter.ToNumber(args[0]) : double.NaN;
            return PortApi.Connect(host, args.Length > 1 ? args[1] : JsValue.Undefined, receiver => IsInTab(receiver, tabId), wakeBackground: false);
        });
        return tabs;
    }

    private static bool IsInTab(Kernel.ContextRealm receiver, double tabId) =>
        receiver.Info is { Kind: ContextKind.ContentScript, TabId: { } id } && id == tabId;
}
