using System.Text.Json;
using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Apis.Tabs;

/// <summary>
/// <c>tabs.Tab</c> and <c>windows.Window</c> objects as each flavour's browser gives them, with the tab privacy rule:
/// <c>url</c>, <c>title</c> and <c>favIconUrl</c> only for an extension holding <c>tabs</c>, a host permission matching
/// the tab's URL, or an <c>activeTab</c> grant for it (and for its own pages).
/// </summary>
internal static class TabJson
{
    /// <summary>Whether the extension may see where the tab is. Reads only what is safe from any thread (the supervisor's too).</summary>
    public static bool Reveals(ExtensionKernel extension, BrowserTab tab) => Reveals(extension, tab.Id, tab.Url);

    public static bool Reveals(ExtensionKernel extension, int tabId, string url)
    {
        var granted = extension.HostIfAny?.Granted;
        if (granted?.Permissions.Contains("tabs") ?? extension.Manifest.Permissions.Contains("tabs")) return true;
        // The extension's own pages (its identity is derived, a hash, only for a URL of an extension's scheme).
        if ((url.StartsWith("moz-extension://", StringComparison.Ordinal) || url.StartsWith("chrome-extension://", StringComparison.Ordinal))
            && url.StartsWith(extension.Identity.BaseUrl, StringComparison.Ordinal)) return true;
        var origins = granted?.Origins ?? extension.Manifest.HostPermissions;
        foreach (var origin in origins)
            if (MatchPattern.Matches(origin, url)) return true;
        return extension.Browser.HasActiveTab(extension.Package.Id, tabId);
    }

    /// <summary>Whether the extension sees the tab at all: private tabs only when it runs in private windows.</summary>
    public static bool Visible(ExtensionKernel extension, bool incognito) => !incognito || SeesPrivate(extension);

    /// <summary>Whether the extension sees the private profile at all (allowed in private windows).</summary>
    public static bool SeesPrivate(ExtensionKernel extension) => BackgroundPagePolicy.RunsInPrivateWindows(extension.Flavor, extension.Manifest);

    public static void WriteTab(Utf8JsonWriter json, ExtensionKernel extension, BrowserTab tab)
    {
        var chromium = extension.Flavor == Flavor.Chrome;
        json.WriteStartObject();
        json.WriteNumber("id", tab.Id);
        json.WriteNumber("index", tab.Index);
        json.WriteNumber("windowId", tab.WindowId);
        if (tab.OpenerTabId is { } opener) json.WriteNumber("openerTabId", opener);
        json.WriteBoolean("highlighted", tab.Highlighted);
        json.WriteBoolean("active", tab.Active);
        json.WriteBoolean("pinned", tab.Pinned);
        json.WriteBoolean("audible", false);
        json.WriteBoolean("discarded", tab.Discarded);
        json.WriteBoolean("autoDiscardable", tab.AutoDiscardable);
        json.WriteStartObject("mutedInfo");
        json.WriteBoolean("muted", tab.Muted);
        if (tab.Muted) json.WriteString("reason", "extension");
        json.WriteEndObject();
        json.WriteString("status", tab.Status);
        json.WriteBoolean("incognito", tab.Incognito);
        json.WriteNumber("width", 1280);
        json.WriteNumber("height", 720);
        json.WriteNumber("lastAccessed", tab.LastAccessed);
        if (Reveals(extension, tab))
        {
            json.WriteString("url", tab.Url);
            json.WriteString("title", tab.Title);
        }
        if (chromium)
        {
            json.WriteBoolean("selected", tab.Highlighted);
            json.WriteBoolean("frozen", false);
            json.WriteNumber("groupId", -1);
        }
        else
        {
            json.WriteBoolean("attention", false);
            json.WriteBoolean("hidden", false);
            json.WriteBoolean("isArticle", false);
            json.WriteBoolean("isInReaderMode", false);
            json.WriteNumber("successorTabId", -1);
            json.WriteString("cookieStoreId", tab.Incognito ? "firefox-private" : "firefox-default");
            json.WriteStartObject("sharingState");
            json.WriteBoolean("camera", false);
            json.WriteBoolean("microphone", false);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    public static void WriteWindow(Utf8JsonWriter json, ExtensionKernel extension, BrowserWindow window, bool withTabs)
    {
        json.WriteStartObject();
        json.WriteNumber("id", window.Id);
        json.WriteBoolean("focused", window.Focused);
        json.WriteNumber("top", window.Top);
        json.WriteNumber("left", window.Left);
        json.WriteNumber("width", window.Width);
        json.WriteNumber("height", window.Height);
        json.WriteBoolean("incognito", window.Incognito);
        json.WriteString("type", window.Type);
        json.WriteString("state", window.State);
        json.WriteBoolean("alwaysOnTop", false);
        if (withTabs)
        {
            json.WriteStartArray("tabs");
            foreach (var tab in window.Tabs) WriteTab(json, extension, tab);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Writes what <paramref name="write"/> writes and returns it as text.</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
