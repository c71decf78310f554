using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// Whether an extension may put scripts and styles into a tab's page: the page must be a web page (not the browser's
/// own, not an extension's), and the extension must hold a host permission matching its URL or an <c>activeTab</c> grant
/// for the tab; refused in each browser's words. Reads only what is safe from any thread (the supervisor checks again
/// when the injection reaches the tab, which may have navigated since the call).
/// </summary>
internal static class ScriptAccess
{
    public const string ChromiumCannotAccessPage = "Cannot access contents of the page. Extension manifest must request permission to access the respective host.";
    public const string FirefoxMissingHostPermission = "Missing host permission for the tab";

    /// <summary>The origins the extension holds now (the manifest's, as the permissions API changed them).</summary>
    public static IReadOnlyList<string> Origins(ExtensionKernel extension) => extension.HostIfAny?.Granted?.Origins ?? extension.Manifest.HostPermissions;

    public static bool HoldsHostPermission(ExtensionKernel extension, string url) => Origins(extension).Any(origin => MatchPattern.Matches(origin, url));

    /// <summary>The schemes content can be scripted on (what <c>&lt;all_urls&gt;</c> covers).</summary>
    public static bool IsWebPage(string url) => MatchPattern.Matches("<all_urls>", url);

    /// <summary>Why the extension may not script the tab, in the flavour's words; null when it may.</summary>
    public static string? Refusal(ExtensionKernel extension, BrowserTab tab)
    {
        var url = tab.Url;
        if (IsWebPage(url) && (HoldsHostPermission(extension, url) || extension.Browser.HasActiveTab(extension.Package.Id, tab.Id))) return null;
        if (extension.Flavor != Flavor.Chrome) return FirefoxMissingHostPermission;
        if (url.StartsWith("chrome://", StringComparison.OrdinalIgnoreCase)) return "Cannot access a chrome:// URL";
        if (url.StartsWith("chrome-extension://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith(extension.Identity.BaseUrl, StringComparison.Ordinal))
            return "Cannot access a chrome-extension:// URL of different extension";
        // The URL is named only to an extension that may read it anyway (the tabs permission): the message must not leak it.
        var holdsTabs = extension.HostIfAny?.Granted?.Permissions.Contains("tabs") ?? extension.Manifest.Permissions.Contains("tabs");
        return holdsTabs ? $"Cannot access contents of url \"{url}\". Extension manifest must request permission to access this host." : ChromiumCannotAccessPage;
    }
}
