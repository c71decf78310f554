using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary><c>runtime.getContexts(filter)</c>: the extension's running contexts with Chromium's fields, filtered as Chromium filters.</summary>
internal static class RuntimeContexts
{
    public static JsValue List(ContextRealm caller, JsValue filter)
    {
        var engine = caller.Engine;
        var contexts = caller.Extension.Realms
            .Where(r => !r.IsDead && r.Info.IsExtensionPage)
            .OrderBy(r => r.Info.Kind == ContextKind.Background ? 0 : 1)
            .Select(r => Describe(engine, r))
            .Where(c => Matches(c, filter))
            .Cast<JsValue>()
            .ToArray();
        return new JsArray(engine, contexts);
    }

    private static string ContextType(ContextInfo info) => info.Kind switch
    {
        ContextKind.Background => "BACKGROUND",
        ContextKind.Popup => "POPUP",
        ContextKind.Sidebar => "SIDE_PANEL",
        _ => "TAB",
    };

    private static ObjectInstance Describe(Engine engine, ContextRealm realm)
    {
        var info = realm.Info;
        var context = new JsObject(engine);
        var isTab = ContextType(info) == "TAB";
        context.FastSetDataProperty("contextType", ContextType(info));
        context.FastSetDataProperty("contextId", ContextId(realm));
        context.FastSetDataProperty("tabId", info.TabId is { } tab ? tab : -1);
        context.FastSetDataProperty("windowId", isTab || info.Kind == ContextKind.Popup ? 1 : -1);
        context.FastSetDataProperty("frameId", info.Kind == ContextKind.Background ? -1 : 0);
        context.FastSetDataProperty("documentUrl", info.Url);
        context.FastSetDataProperty("documentOrigin", realm.Identity.BaseUrl.TrimEnd('/'));
        context.FastSetDataProperty("incognito", info.IsPrivate);
        return context;
    }

    /// <summary>A stable id per context of the extension: its label, as a UUID-shaped hash (Chromium's ids are UUIDs).</summary>
    private static string ContextId(ContextRealm realm)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(realm.Extension.Package.Id + "\n" + realm.Label));
        return new Guid(hash.AsSpan(0, 16)).ToString().ToUpperInvariant();
    }

    /// <summary>Every list the filter gives must hold the context's value; <c>incognito</c> must equal it.</summary>
    private static bool Matches(ObjectInstance context, JsValue filter)
    {
        if (filter is not ObjectInstance f) return true;
        foreach (var (list, field) in new[] { ("contextTypes", "contextType"), ("contextIds", "contextId"), ("tabIds", "tabId"), ("windowIds", "windowId"), ("frameIds", "frameId"), ("documentUrls", "documentUrl"), ("documentOrigins", "documentOrigin") })
        {
            if (f.Get(list) is not ObjectInstance values || !values.IsArray()) continue;
            var value = context.Get(field);
            var length = (long)TypeConverter.ToNumber(values.Get("length"));
            var found = false;
            for (long i = 0; i < length && !found; i++) found = values.Get(i).Equals(value);
            if (!found) return false;
        }
        return f.Get("incognito") is not JsBoolean incognito || incognito.AsBoolean() == context.Get("incognito").AsBoolean();
    }
}
