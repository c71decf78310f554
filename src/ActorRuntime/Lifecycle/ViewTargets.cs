using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Manifest;

namespace ActorRuntime.Lifecycle;

/// <summary>Turns an open request (<c>popup</c>, <c>page:&lt;path&gt;</c>, <c>tab:&lt;url&gt;</c>, ...) into the context to start.</summary>
internal static class ViewTargets
{
    /// <param name="popupPath">The popup the extension set for its button (<c>action.setPopup</c>), instead of the manifest's.</param>
    /// <param name="panelPath">For <c>sidebar</c>: Chromium's side panel page (its default options', over the manifest's <c>side_panel.default_path</c>).</param>
    /// <param name="registered">For <c>tab:&lt;url&gt;</c>: the content scripts the extension registered that apply there, after the manifest's.</param>
    public static (ContextInfo Info, ContextSource Source) Resolve(ExtensionPackage package, string baseUrl, string target, bool isPrivate, string? pageHtml = null,
        string? popupPath = null, IReadOnlyList<ContentScriptSpec>? registered = null, string? panelPath = null)
    {
        var manifest = package.Manifest;
        switch (target)
        {
            case "popup":
                return Page(ContextKind.Popup, "popup", popupPath?.TrimStart('/') ?? manifest.Popup ?? throw Missing("popup", "browser_action.default_popup (or action / page_action)"));
            case "options":
                return Page(ContextKind.Options, "options", manifest.OptionsPage ?? throw Missing("options page", "options_ui.page or options_page"));
            case "sidebar":
                // Chromium's side panel (the page its options give, the manifest's by default), else Firefox's sidebar_action panel.
                return Page(ContextKind.Sidebar, "sidebar", panelPath?.TrimStart('/') ?? manifest.SidebarPanel
                    ?? throw Missing("sidebar", "sidebar_action.default_panel, or side_panel.default_path in the chrome flavour"));
        }
        if (target.StartsWith("page:", StringComparison.Ordinal) && target.Length > 5)
        {
            // The query and fragment stay in the label and the page's URL (location.search, location.hash).
            var requested = target[5..];
            var query = requested.IndexOfAny(['?', '#']) is var at and >= 0 ? requested[at..] : "";
            return Page(ContextKind.Tab, $"page:{requested}", Resolve(requested), query);
        }
        if (target.StartsWith("tab:", StringComparison.Ordinal) && target.Length > 4)
        {
            var url = target[4..];
            var scripts = manifest.ContentScripts
                .Where(cs => cs.AppliesTo(url))
                .Concat(registered ?? [])
                .ToList();
            return (new ContextInfo($"content:{url}", ContextKind.ContentScript, isPrivate, url), ContextSource.Tab(scripts, pageHtml));
        }
        if (pageHtml is not null) throw new ExtensionRequestException($"a web page's HTML goes with tab:<url>, not with \"{target}\"");
        throw new ExtensionRequestException($"cannot open \"{target}\": expected popup, options, sidebar, page:<path> or tab:<url>");

        (ContextInfo, ContextSource) Page(ContextKind kind, string label, string path, string query = "") =>
            (new ContextInfo(label, kind, isPrivate, baseUrl + path + query), ContextSource.Page(Resolve(path)));

        string Resolve(string path)
        {
            try
            {
                return package.Resolve(path);
            }
            catch (ManifestException ex)
            {
                throw new ExtensionRequestException(ex.Message);
            }
        }
    }

    private static ExtensionRequestException Missing(string what, string key) =>
        new($"manifest.json declares no {what} ({key})");
}
