using ActorRuntime.Browsing;
using ActorRuntime.Kernel;

namespace ActorRuntime.Apis.Tabs;

/// <summary>
/// webNavigation's view of the browser's navigations: each one's start is <c>onBeforeNavigate</c> then <c>onCommitted</c>,
/// its load <c>onDOMContentLoaded</c> then <c>onCompleted</c>; a tab opened from another is <c>onCreatedNavigationTarget</c>.
/// The child frames of the tab's document start after the top frame commits (<c>auto_subframe</c>) and complete before
/// the top frame does, each with its <c>frameId</c> and <c>parentFrameId</c>.
/// </summary>
internal static class Navigation
{
    public static IEnumerable<(string Name, Func<string?> Json)> Events(BrowserEvent change, ExtensionKernel extension)
    {
        // The namespace exists only with its permission: nobody else can listen.
        if (!(extension.HostIfAny?.Granted?.Permissions.Contains("webNavigation") ?? extension.Manifest.Permissions.Contains("webNavigation"))) yield break;
        switch (change)
        {
            case TabCreated { Tab.OpenerTabId: { } opener } created:
                yield return ("webNavigation.onCreatedNavigationTarget", () => Details(extension, created.Tab, json =>
                {
                    json.WriteNumber("sourceTabId", opener);
                    json.WriteNumber("sourceFrameId", 0);
                    json.WriteNumber("sourceProcessId", -1);
                }, target: true));
                foreach (var start in Start(created.Tab, "link", false, extension)) yield return start;
                break;
            case TabCreated created:
                foreach (var start in Start(created.Tab, "typed", false, extension)) yield return start;
                break;
            case TabUpdated updated when updated.Changes.Contains("url"):
                foreach (var start in Start(updated.Tab, updated.Transition, updated.ForwardBack, extension)) yield return start;
                break;
            case TabUpdated { Tab.Status: "complete" } loaded when loaded.Changes.Contains("status"):
                yield return ("webNavigation.onDOMContentLoaded", () => Details(extension, loaded.Tab));
                foreach (var frame in loaded.Tab.Frames)
                {
                    yield return ("webNavigation.onDOMContentLoaded", () => Details(extension, loaded.Tab, frame: frame));
                    yield return ("webNavigation.onCompleted", () => Details(extension, loaded.Tab, frame: frame));
                }
                yield return ("webNavigation.onCompleted", () => Details(extension, loaded.Tab));
                break;
        }
    }

    private static IEnumerable<(string Name, Func<string?> Json)> Start(BrowserTab tab, string transition, bool forwardBack, ExtensionKernel extension)
    {
        yield return ("webNavigation.onBeforeNavigate", () => Details(extension, tab, json => json.WriteNumber("parentFrameId", -1)));
        yield return ("webNavigation.onCommitted", () => Details(extension, tab, json =>
        {
            json.WriteString("transitionType", transition);
            json.WriteStartArray("transitionQualifiers");
            if (forwardBack) json.WriteStringValue("forward_back");
            json.WriteEndArray();
        }));
        foreach (var frame in tab.Frames)
        {
            yield return ("webNavigation.onBeforeNavigate", () => Details(extension, tab, json => json.WriteNumber("parentFrameId", frame.ParentFrameId), frame: frame));
            yield return ("webNavigation.onCommitted", () => Details(extension, tab, json =>
            {
                json.WriteString("transitionType", "auto_subframe");
                json.WriteStartArray("transitionQualifiers");
                json.WriteEndArray();
            }, frame: frame));
        }
    }

    /// <summary>The details object, as a one-argument JSON array; null when the extension does not see the tab (private, no host access is not a reason: webNavigation shows URLs).</summary>
    private static string? Details(ExtensionKernel extension, BrowserTab tab, Action<System.Text.Json.Utf8JsonWriter>? more = null, bool target = false, BrowserFrame? frame = null)
    {
        if (!TabJson.Visible(extension, tab.Incognito)) return null;
        var chromium = extension.Flavor == Flavor.Chrome;
        return TabJson.Json(json =>
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteNumber("tabId", tab.Id);
            json.WriteString("url", frame?.Url ?? tab.Url);
            if (!target)
            {
                json.WriteNumber("frameId", frame?.FrameId ?? 0);
                if (chromium)
                {
                    // One document per navigation of each frame, named as Chromium names documents (32 hex digits).
                    json.WriteString("documentId", frame?.DocumentId ?? tab.DocumentId);
                    if (frame is not null) json.WriteString("parentDocumentId", NavigationApi.DocumentOf(tab, frame.ParentFrameId));
                    json.WriteString("documentLifecycle", "active");
                    json.WriteString("frameType", frame is null ? "outermost_frame" : "sub_frame");
                }
            }
            json.WriteNumber("timeStamp", extension.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            if (!chromium) json.WriteNumber("processId", -1);
            more?.Invoke(json);
            json.WriteEndObject();
            json.WriteEndArray();
        });
    }
}
