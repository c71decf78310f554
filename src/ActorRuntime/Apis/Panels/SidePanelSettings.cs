using System.Runtime.CompilerServices;
using ActorRuntime.Kernel;

namespace ActorRuntime.Apis.Panels;

/// <summary>One <c>sidePanel.PanelOptions</c>: for a tab (or the default when <paramref name="TabId"/> is null), its page and whether it is enabled.</summary>
internal sealed record PanelOptions(int? TabId, string? Path, bool? Enabled)
{
    public static readonly PanelOptions None = new(null, null, null);

    /// <summary>A panel shows there: it is enabled and has a page (Chromium's "available").</summary>
    public bool Available => Enabled == true && Path is not null;
}

/// <summary>
/// Chromium's side panel service for one extension: the options set per tab and by default over the manifest's
/// <c>side_panel.default_path</c>, and <c>openPanelOnActionClick</c>, kept with the extension (they outlive its pages).
/// Read by the supervisor's thread (an action click) as well as the turn, hence the lock. Per-tab options are kept only
/// for tabs the browser has open, so they are bounded by <c>actorruntime.browser.max-tabs</c>.
/// </summary>
internal sealed class SidePanelSettings
{
    private static readonly ConditionalWeakTable<ExtensionKernel, SidePanelSettings> All = new();

    private readonly object _gate = new();
    private Dictionary<int, PanelOptions>? _tabs;
    private PanelOptions? _default;
    private bool _stored;
    private bool _openOnActionClick;

    public static SidePanelSettings For(ExtensionKernel extension) => All.GetValue(extension, _ => new SidePanelSettings());

    /// <summary>The settings if the extension made any (an extension that never called the API keeps none).</summary>
    public static SidePanelSettings? IfAny(ExtensionKernel extension) => All.TryGetValue(extension, out var settings) ? settings : null;

    /// <summary>The manifest's panel: its <c>default_path</c>, enabled.</summary>
    public static PanelOptions FromManifest(ExtensionKernel extension) =>
        extension.Manifest.SidePanelPath is { } path ? new PanelOptions(null, path, true) : PanelOptions.None;

    /// <summary>As Chromium's <c>GetOptions</c>: the tab's own options, else the default ones, else the manifest's.</summary>
    public static PanelOptions Options(ExtensionKernel extension, int? tabId)
    {
        if (IfAny(extension) is { } settings)
        {
            lock (settings._gate)
            {
                if (settings._stored)
                {
                    if (tabId is { } id && settings._tabs?.GetValueOrDefault(id) is { } own) return own;
                    if (settings._default is { } byDefault) return byDefault;
                }
            }
        }
        return FromManifest(extension);
    }

    /// <summary>
    /// As Chromium's <c>SetOptions</c>: given fields change options already set; new options are enabled unless they say
    /// otherwise, and new default ones start from the manifest's. Options of tabs since closed are forgotten here.
    /// </summary>
    public void Set(ExtensionKernel extension, PanelOptions options)
    {
        lock (_gate)
        {
            _stored = true;
            if (options.TabId is not { } tabId)
            {
                _default = _default is { } known ? Merge(known, options) : Merge(FromManifest(extension), options with { Enabled = options.Enabled ?? true });
                return;
            }
            _tabs ??= new();
            foreach (var closed in _tabs.Keys.Where(id => extension.Browser.Tab(id) is null).ToList()) _tabs.Remove(closed);
            _tabs[tabId] = _tabs.TryGetValue(tabId, out var existing) ? Merge(existing, options) : options with { Enabled = options.Enabled ?? true };
        }
    }

    private static PanelOptions Merge(PanelOptions existing, PanelOptions change) =>
        existing with { Path = change.Path ?? existing.Path, Enabled = change.Enabled ?? existing.Enabled };

    public bool OpenOnActionClick
    {
        get { lock (_gate) return _openOnActionClick; }
        set { lock (_gate) _openOnActionClick = value; }
    }
}
