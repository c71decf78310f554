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
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["tabs.sendMessage"] = new()
        {
            Function = call =>
            {
                var tabId = call[0].IsNumber() ? call[0].AsNumber() : double.NaN;
                MessageDelivery.Send(call.Host, call[1], call.Reply!, receiver => IsInTab(receiver, tabId), wakeBackground: false);
                return JsValue.Undefined;
            },
        };
        registry["tabs.connect"] = new()
        {
            Function = call =>
            {
                var tabId = call[0].IsNumber() ? call[0].AsNumber() : double.NaN;
                return PortApi.Connect(call.Host, call[1], receiver => IsInTab(receiver, tabId), wakeBackground: false);
            },
        };
    }

    private static bool IsInTab(Kernel.ContextRealm receiver, double tabId) =>
        receiver.Info is { Kind: ContextKind.ContentScript, TabId: { } id } && id == tabId;
}
