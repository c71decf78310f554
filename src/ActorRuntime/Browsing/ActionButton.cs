namespace ActorRuntime.Browsing;

/// <summary>A colour as browsers answer it: red, green, blue and alpha, 0 to 255.</summary>
internal readonly record struct Rgba(byte R, byte G, byte B, byte A);

/// <summary>
/// What an extension set on its toolbar button (action, browserAction, pageAction), globally or for one tab; null members
/// were not set there (a tab's falls back to the global one, the global one to the manifest's).
/// </summary>
internal sealed record ActionValues
{
    public static readonly ActionValues None = new();

    public string? Title { get; init; }
    public string? BadgeText { get; init; }
    public Rgba? BadgeBackgroundColor { get; init; }
    public Rgba? BadgeTextColor { get; init; }
    public string? Popup { get; init; }
    public bool? Enabled { get; init; }

    /// <summary>The icon set last: a path inside the extension, or <c>imageData</c> (kept as "imageData", the runtime draws nothing).</summary>
    public string? Icon { get; init; }

    /// <summary>A page action shown (<c>pageAction.show</c>) or hidden in the tab.</summary>
    public bool? Shown { get; init; }

    /// <summary>For a tab's values: the tab's navigation they were set in (Firefox forgets them when the tab navigates).</summary>
    public int Navigation { get; init; }
}

/// <summary>The model's toolbar buttons: one per extension that set anything, its per-tab values gone when the tab closes.</summary>
internal sealed partial class BrowserModel
{
    private readonly Dictionary<string, (ActionValues Global, Dictionary<int, ActionValues>? Tabs)> _buttons = new(StringComparer.Ordinal);

    /// <summary>The values the extension set globally and, when <paramref name="tabId"/> is given, for that tab.</summary>
    public (ActionValues Global, ActionValues? Tab) ActionOf(string extensionId, int? tabId)
    {
        lock (_gate)
        {
            if (!_buttons.TryGetValue(extensionId, out var button)) return (ActionValues.None, null);
            return (button.Global, tabId is { } id && button.Tabs?.TryGetValue(id, out var values) == true ? values : null);
        }
    }

    /// <summary>Changes what the extension set, globally (<paramref name="tabId"/> null) or for a tab it may name; false for an unknown tab.</summary>
    public bool SetAction(string extensionId, int? tabId, Func<ActionValues, ActionValues> change)
    {
        lock (_gate)
        {
            if (tabId is { } id && !_tabs.ContainsKey(id)) return false;
            var button = _buttons.TryGetValue(extensionId, out var found) ? found : (ActionValues.None, null);
            if (tabId is { } tab)
            {
                button.Tabs ??= new();
                var current = button.Tabs.TryGetValue(tab, out var values) ? values : ActionValues.None;
                button.Tabs[tab] = change(current) with { Navigation = _tabs[tab].Navigation };
            }
            else button.Global = change(button.Global);
            _buttons[extensionId] = button;
            return true;
        }
    }

    /// <summary>The extension is gone: so is its button.</summary>
    public void ForgetAction(string extensionId)
    {
        lock (_gate) _buttons.Remove(extensionId);
    }

    private void ForgetTabActions(int tabId)
    {
        foreach (var button in _buttons.Values) button.Tabs?.Remove(tabId);
    }
}
