using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Apis.Toolbar;

/// <summary>
/// How an extension's toolbar button looks in a tab: what was set for the tab, else globally, else the manifest's
/// defaults, else the browser's. Firefox forgets a tab's values when the tab navigates; Chromium when it closes.
/// Reads only the manifest and the browser model: safe from the supervisor's thread as from a context's turn.
/// </summary>
internal sealed record ActionLook(string Namespace, string Title, string BadgeText, Rgba BadgeBackgroundColor, Rgba BadgeTextColor,
    string? PopupPath, bool Enabled, string? Icon, bool Shown)
{
    /// <summary>The button of the manifest driven by <paramref name="ns"/>, or one with no defaults when the manifest declares none by that key.</summary>
    public static ActionSpec Spec(ExtensionManifest manifest, string ns) =>
        manifest.Actions.FirstOrDefault(a => a.Namespace == ns)
        // Firefox's action namespace also drives an MV3 manifest's browser_action key, and the reverse.
        ?? manifest.Actions.FirstOrDefault(a => a.Namespace != "pageAction" && ns != "pageAction")
        ?? new ActionSpec(ns switch { "browserAction" => "browser_action", "pageAction" => "page_action", _ => "action" }, null, null, null);

    /// <summary>The button clicked in the toolbar: the action (or browser action), else the page action.</summary>
    public static ActionSpec? Clickable(ExtensionManifest manifest) =>
        manifest.Actions.FirstOrDefault(a => a.Namespace != "pageAction") ?? manifest.Actions.FirstOrDefault();

    /// <summary>Where the extension's values of one button are kept in the browser model.</summary>
    public static string Key(ExtensionKernel extension, string ns) => extension.Package.Id + " " + ns;

    public static ActionLook Of(ExtensionKernel extension, ActionSpec spec, int? tabId)
    {
        var (global, tab) = extension.Browser.ActionOf(Key(extension, spec.Namespace), tabId);
        if (tab is not null && extension.Flavor != Flavor.Chrome && tabId is { } id && extension.Browser.Tab(id)?.Navigation != tab.Navigation) tab = null;
        var chromium = extension.Flavor == Flavor.Chrome;
        var background = tab?.BadgeBackgroundColor ?? global.BadgeBackgroundColor
                         ?? (chromium ? new Rgba(0, 0, 0, 0) : new Rgba(217, 0, 0, 255));
        var popup = tab?.Popup ?? global.Popup ?? spec.Popup;
        // Chromium's declarativeContent rules whose matchers fit the tab's page (its URL, its document) show the button there, or set its icon.
        var rules = chromium && tabId is { } ruled && extension.Browser.Tab(ruled) is { } page ? PageRules.ActionsFor(extension, page) : null;
        var shownByRule = rules is not null && (rules.Contains("declarativeContent.ShowAction") || rules.Contains("declarativeContent.ShowPageAction"));
        return new ActionLook(
            spec.Namespace,
            tab?.Title ?? global.Title ?? spec.Title ?? extension.Manifest.Name,
            tab?.BadgeText ?? global.BadgeText ?? "",
            background,
            tab?.BadgeTextColor ?? global.BadgeTextColor ?? (chromium ? new Rgba(0, 0, 0, 0) : new Rgba(255, 255, 255, 255)),
            string.IsNullOrEmpty(popup) ? null : popup,
            tab?.Enabled ?? (shownByRule ? true : global.Enabled ?? true),
            tab?.Icon ?? (rules?.Contains("declarativeContent.SetIcon") == true ? "imageData" : global.Icon ?? spec.Icon),
            // A page action is hidden until shown in a tab.
            spec.Namespace != "pageAction" || (tab?.Shown ?? (shownByRule ? true : global.Shown ?? false)));
    }
}
