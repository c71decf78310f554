using System.Text.Json.Nodes;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>One context as <c>runtime.getContexts</c> describes it (Chromium's <c>ExtensionContext</c>); the document's fields are null for a service worker.</summary>
internal sealed record ExtensionContextEntry(string ContextType, string ContextId, int TabId, int WindowId, int FrameId,
    string? DocumentId, string? DocumentUrl, string? DocumentOrigin, bool Incognito);

/// <summary>
/// <c>runtime.getContexts(filter)</c>: the extension's running contexts with Chromium's fields, filtered as Chromium
/// filters (every list the filter gives must hold the context's value). Worked out from the contexts' descriptions, so
/// the supervisor (the host's <c>--contexts</c>) and a script's call give the same answer.
/// </summary>
internal static class RuntimeContexts
{
    /// <summary>What a script's call answers: the live extension contexts (read on the caller's turn).</summary>
    public static JsValue List(ContextRealm caller, JsValue filter)
    {
        var engine = caller.Engine;
        var entries = Describe(caller.Extension, caller.Extension.Realms.Where(r => !r.IsDead && r.Info.IsExtensionPage).Select(r => r.Info));
        var contexts = entries.Select(entry => ToObject(engine, entry)).Where(c => Matches(c, filter)).Cast<JsValue>().ToArray();
        return new JsArray(engine, contexts);
    }

    /// <summary>The contexts described, the background first as Chromium lists its worker first; content scripts and web pages are left out.</summary>
    public static IReadOnlyList<ExtensionContextEntry> Describe(ExtensionKernel extension, IEnumerable<ContextInfo> contexts) =>
        contexts.Where(info => info.IsExtensionPage)
            .OrderBy(info => info.Kind == ContextKind.Background ? 0 : 1)
            .Select(info => Describe(extension, info))
            .ToList();

    /// <summary>The entries as a JSON array, fields in Chromium's order, absent document fields left out.</summary>
    public static string Json(IEnumerable<ExtensionContextEntry> entries)
    {
        var array = new JsonArray();
        foreach (var entry in entries)
        {
            var item = new JsonObject
            {
                ["contextType"] = entry.ContextType,
                ["contextId"] = entry.ContextId,
                ["tabId"] = entry.TabId,
                ["windowId"] = entry.WindowId,
                ["frameId"] = entry.FrameId,
            };
            if (entry.DocumentId is { } documentId) item["documentId"] = documentId;
            if (entry.DocumentUrl is { } url) item["documentUrl"] = url;
            if (entry.DocumentOrigin is { } origin) item["documentOrigin"] = origin;
            item["incognito"] = entry.Incognito;
            array.Add(item);
        }
        return array.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string ContextType(ContextInfo info) => info.Kind switch
    {
        ContextKind.Background => "BACKGROUND",
        ContextKind.Popup => "POPUP",
        ContextKind.Sidebar => "SIDE_PANEL",
        ContextKind.Offscreen => "OFFSCREEN_DOCUMENT",
        _ => "TAB",
    };

    private static ExtensionContextEntry Describe(ExtensionKernel extension, ContextInfo info)
    {
        var browser = extension.Browser;
        // Chromium's worker is hosted in no document: it has no document fields, and no tab, window or frame.
        var isWorker = info.IsServiceWorker;
        var tabId = info.Kind == ContextKind.Tab && info.TabId is { } tab ? tab : -1;
        var windowId = info.Kind switch
        {
            ContextKind.Background or ContextKind.Offscreen => -1,
            // A side panel opened for a tab shows in that tab's window.
            _ when info.TabId is { } id => browser.Tab(id)?.WindowId ?? -1,
            _ => browser.LastFocusedWindowId(info.IsPrivate) ?? -1,
        };
        var chromium = extension.Flavor == Flavor.Chrome;
        return new ExtensionContextEntry(
            ContextType(info),
            Id(extension, info.Label, "context", chromium),
            tabId,
            windowId,
            info.Kind == ContextKind.Background ? -1 : 0,
            isWorker ? null : DocumentId(extension, info.Label),
            isWorker ? null : info.Url,
            isWorker ? null : extension.Identity.BaseUrl.TrimEnd('/'),
            info.IsPrivate);
    }

    private static string Id(ExtensionKernel extension, string label, string what, bool lowerCase) => ContextIds.Uuid(extension.Package.Id, label, what, lowerCase);

    private static string DocumentId(ExtensionKernel extension, string label) => ContextIds.DocumentId(extension.Package.Id, label);

    private static ObjectInstance ToObject(Engine engine, ExtensionContextEntry entry)
    {
        var context = new JsObject(engine);
        context.FastSetDataProperty("contextType", entry.ContextType);
        context.FastSetDataProperty("contextId", entry.ContextId);
        context.FastSetDataProperty("tabId", entry.TabId);
        context.FastSetDataProperty("windowId", entry.WindowId);
        context.FastSetDataProperty("frameId", entry.FrameId);
        if (entry.DocumentId is { } documentId) context.FastSetDataProperty("documentId", documentId);
        if (entry.DocumentUrl is { } url) context.FastSetDataProperty("documentUrl", url);
        if (entry.DocumentOrigin is { } origin) context.FastSetDataProperty("documentOrigin", origin);
        context.FastSetDataProperty("incognito", entry.Incognito);
        return context;
    }

    /// <summary>Every list the filter gives must hold the context's value (a context without the field matches none); <c>incognito</c> must equal it.</summary>
    private static bool Matches(ObjectInstance context, JsValue filter)
    {
        if (filter is not ObjectInstance f) return true;
        foreach (var (list, field) in Filters)
        {
            if (f.Get(list) is not ObjectInstance values || !values.IsArray()) continue;
            var value = context.Get(field);
            var length = (long)TypeConverter.ToNumber(values.Get("length"));
            var found = false;
            for (long i = 0; i < length && !found; i++) found = !value.IsUndefined() && values.Get(i).Equals(value);
            if (!found) return false;
        }
        return f.Get("incognito") is not JsBoolean incognito || incognito.AsBoolean() == context.Get("incognito").AsBoolean();
    }

    private static readonly (string List, string Field)[] Filters =
    [
        ("contextTypes", "contextType"), ("contextIds", "contextId"), ("tabIds", "tabId"), ("windowIds", "windowId"), ("frameIds", "frameId"),
        ("documentIds", "documentId"), ("documentUrls", "documentUrl"), ("documentOrigins", "documentOrigin"),
    ];
}
