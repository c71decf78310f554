using System.Text.Json;
using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using Jint.Native;

namespace ActorRuntime.Apis.Tabs;

/// <summary>
/// <c>webNavigation.getFrame</c> and <c>getAllFrames</c>, answered from the browser model: the tab's top frame (id 0,
/// parent -1) and the child frames of its current document, in each browser's fields. A discarded tab has no frames
/// (null). An unknown tab or frame is null in Chromium; Firefox rejects (<c>Invalid tab ID: N</c>,
/// <c>No frame found with frameId: N</c>).
/// </summary>
internal static class NavigationApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["webNavigation.getFrame"] = new() { Function = GetFrame };
        registry["webNavigation.getAllFrames"] = new() { Function = GetAllFrames };
    }

    private static JsValue GetFrame(ApiCall call)
    {
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        var tabId = TabCalls.Int(call[0], "tabId") ?? -1;
        var frameId = TabCalls.Int(call[0], "frameId");
        var documentId = TabCalls.Text(call[0], "documentId");
        if (TabCalls.VisibleTab(call, tabId) is not { } tab)
        {
            // Chromium looks the frame up by its documentId alone when no tab is named.
            if (chromium && documentId is not null && FindDocument(call, documentId) is { } found) return Answer(call, found.Tab, found.FrameId, all: false);
            return chromium ? call.Answer(JsValue.Null) : call.Fail(TabCalls.NoTab(call, tabId));
        }
        if (tab.Discarded) return call.Answer(JsValue.Null);
        var id = frameId ?? (documentId is null ? 0 : FrameOfDocument(tab, documentId) ?? -1);
        if (!tab.HasFrame(id) || (documentId is not null && DocumentOf(tab, id) != documentId))
            return chromium ? call.Answer(JsValue.Null) : call.Fail($"No frame found with frameId: {id}");
        return Answer(call, tab, id, all: false);
    }

    private static JsValue GetAllFrames(ApiCall call)
    {
        var tabId = TabCalls.Int(call[0], "tabId") ?? -1;
        if (TabCalls.VisibleTab(call, tabId) is not { } tab)
            return call.Realm.Extension.Flavor == Flavor.Chrome ? call.Answer(JsValue.Null) : call.Fail(TabCalls.NoTab(call, tabId));
        if (tab.Discarded) return call.Answer(JsValue.Null);
        return call.Answer(TabCalls.Parse(call, TabJson.Json(json =>
        {
            json.WriteStartArray();
            WriteFrame(json, call.Realm.Extension, tab, 0, all: true);
            foreach (var frame in tab.Frames) WriteFrame(json, call.Realm.Extension, tab, frame.FrameId, all: true);
            json.WriteEndArray();
        })));
    }

    private static JsValue Answer(ApiCall call, BrowserTab tab, int frameId, bool all) =>
        call.Answer(TabCalls.Parse(call, TabJson.Json(json => WriteFrame(json, call.Realm.Extension, tab, frameId, all))));

    /// <summary>One frame's details: Chromium's (with the document's ids, its lifecycle and type; frameId and processId in getAllFrames) or Firefox's (tabId, frameId).</summary>
    private static void WriteFrame(Utf8JsonWriter json, ExtensionKernel extension, BrowserTab tab, int frameId, bool all)
    {
        var frame = tab.Frame(frameId);
        var parentFrameId = frame?.ParentFrameId ?? -1;
        json.WriteStartObject();
        json.WriteBoolean("errorOccurred", frame?.ErrorOccurred ?? false);
        if (extension.Flavor == Flavor.Chrome)
        {
            if (all)
            {
                json.WriteNumber("processId", -1);
                json.WriteNumber("frameId", frameId);
            }
            json.WriteNumber("parentFrameId", parentFrameId);
            json.WriteString("url", tab.FrameUrl(frameId));
            json.WriteString("documentId", DocumentOf(tab, frameId));
            if (parentFrameId >= 0) json.WriteString("parentDocumentId", DocumentOf(tab, parentFrameId));
            json.WriteString("documentLifecycle", "active");
            json.WriteString("frameType", frameId == 0 ? "outermost_frame" : "sub_frame");
        }
        else
        {
            json.WriteNumber("tabId", tab.Id);
            json.WriteNumber("frameId", frameId);
            json.WriteNumber("parentFrameId", parentFrameId);
            json.WriteString("url", tab.FrameUrl(frameId));
        }
        json.WriteEndObject();
    }

    public static string DocumentOf(BrowserTab tab, int frameId) => frameId == 0 ? tab.DocumentId : tab.Frame(frameId)?.DocumentId ?? "";

    private static int? FrameOfDocument(BrowserTab tab, string documentId) =>
        documentId == tab.DocumentId ? 0 : tab.Frames.FirstOrDefault(frame => frame.DocumentId == documentId)?.FrameId;

    private static (BrowserTab Tab, int FrameId)? FindDocument(ApiCall call, string documentId)
    {
        foreach (var tab in call.Realm.Extension.Browser.Tabs(tab => TabJson.Visible(call.Realm.Extension, tab.Incognito)))
            if (FrameOfDocument(tab, documentId) is { } frameId) return (tab, frameId);
        return null;
    }
}
