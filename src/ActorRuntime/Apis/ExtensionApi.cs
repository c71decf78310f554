using ActorRuntime.Kernel;
using Jint;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary><c>browser.extension</c>: the synchronous getBackgroundPage and getViews; content scripts get only the unprivileged part.</summary>
internal static class ExtensionApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["extension.inIncognitoContext"] = new() { Value = host => host.Realm.Info.IsPrivate };
        registry["extension.lastError"] = new() { Getter = host => LastError.Of(host.Realm).Read() };
        registry["extension.getURL"] = new() { Function = call => ApiFunctions.Url(call.Realm, call[0]) };
        registry["extension.getBackgroundPage"] = new() { Function = call => GetBackgroundPage(call.Host) };
        registry["extension.getViews"] = new() { Function = call => GetViews(call.Host, call[0]) };
    }

    private static JsValue GetBackgroundPage(IContextHost host)
    {
        var realm = host.Realm;
        var state = host.Extension;
        if (realm.Info.Kind == ContextKind.Background) return realm.Global;
        var lookup = BackgroundPagePolicy.DecideSync(state.Flavor, state.Manifest, realm.Info.IsPrivate);
        var background = lookup switch
        {
            SyncLookup.RegularWindow => state.Background,
            SyncLookup.IncognitoWindow => state.IncognitoBackground,
            _ => null,
        };
        if (background is { IsDead: false }) return Kernel.Membrane.Crossing.Wrap(background.Global, background, realm);
        // No window to give: either the table says so, or the background it names is not running.
        var answer = lookup is SyncLookup.Null or SyncLookup.Undefined ? lookup : BackgroundPagePolicy.NotRunning(state.Flavor);
        return answer == SyncLookup.Null ? JsValue.Null : JsValue.Undefined;
    }

    private static JsValue GetViews(IContextHost host, JsValue filter)
    {
        var realm = host.Realm;
        var state = host.Extension;
        string? type = null;
        if (filter is ObjectInstance f && f.Get("type") is var t && !t.IsUndefined()) type = TypeConverter.ToString(t);

        var chromeSpanning = state.Flavor == Flavor.Chrome && state.Manifest.Incognito == IncognitoMode.Spanning;
        var views = state.Realms
            // A service worker is no view: it has no window to give.
            .Where(r => !r.IsDead && r.Info.IsExtensionPage && !r.Info.IsServiceWorker)
            .Where(r => r.Info.IsPrivate == realm.Info.IsPrivate
                        || (chromeSpanning && realm.Info.IsPrivate && r.Info.Kind == ContextKind.Background))
            .Where(r => type is null || r.Info.ViewType == type)
            .OrderBy(r => r.Info.Kind == ContextKind.Background ? 0 : 1)
            .Select(r => Kernel.Membrane.Crossing.Wrap(r.Global, r, realm))
            .ToArray();
        return new JsArray(realm.Engine, views);
    }
}
