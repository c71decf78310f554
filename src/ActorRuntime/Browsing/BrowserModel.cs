namespace ActorRuntime.Browsing;

/// <summary>What opening a tab asks for; null members take the browser's defaults.</summary>
internal sealed record TabRequest(string Url)
{
    public int? WindowId { get; init; }
    public int? Index { get; init; }
    public bool Active { get; init; } = true;
    public bool Pinned { get; init; }
    public bool Muted { get; init; }
    public int? OpenerTabId { get; init; }
    public bool Incognito { get; init; }

    /// <summary>The child frames of the tab's first document (found in the page's HTML by the one opening it).</summary>
    public IReadOnlyList<PlannedFrame> Frames { get; init; } = [];
}

/// <summary>What <c>tabs.update</c> changes; null members stay as they are.</summary>
internal sealed record TabChange
{
    public string? Url { get; init; }
    public bool? Active { get; init; }
    public bool? Highlighted { get; init; }
    public bool? Pinned { get; init; }
    public bool? Muted { get; init; }
    public bool? AutoDiscardable { get; init; }
    public int? OpenerTabId { get; init; }
}

/// <summary>
/// How many tabs and windows one browser may hold, how many frames a tab's document may have (the top frame counted)
/// and how deeply they may nest (a frame of the top document is at depth 1): <c>actorruntime.browser.max-tabs</c>,
/// <c>.max-windows</c>, <c>.max-frames-per-tab</c>, <c>.max-frame-depth</c>. Extensions that open them are hostile too.
/// </summary>
internal sealed record BrowserLimits(int MaxTabs, int MaxWindows, int MaxFramesPerTab, int MaxFrameDepth);

/// <summary>
/// The simulated browser around the extensions of one runtime: windows of both profiles (regular and private) with
/// their tabs, the focused window and each window's active tab; tab and window ids count from 1 in the order they open.
/// Every change is published, in order, to the subscribers (extension supervisors, which turn them into browser events).
/// Thread-safe: extensions of one runtime call it from their own threads; each operation holds the model's lock for
/// its own few steps only, and subscribers only enqueue.
/// </summary>
internal sealed partial class BrowserModel
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly BrowserLimits _limits;
    private readonly List<WindowState> _windows = new();
    private readonly Dictionary<int, TabState> _tabs = new();
    private readonly HashSet<(string Extension, int TabId)> _activeTabGrants = new();
    private readonly Dictionary<long, Action<BrowserEvent>> _subscribers = new();
    private long _lastSubscription;
    private int _lastTabId;
    private int _lastWindowId;
    private int _focusedWindowId = -1;

    public BrowserModel(TimeProvider clock, BrowserLimits limits)
    {
        _clock = clock;
        _limits = limits;
        // A browser starts with one focused window and no tab yet.
        var first = new WindowState(++_lastWindowId, incognito: false);
        _windows.Add(first);
        _focusedWindowId = first.Id;
        first.FocusedAt = ++_focusOrder;
    }

    private long _focusOrder;

    /// <summary>Receives every change from now on, under the model's lock (it must only enqueue); dispose to stop.</summary>
    public IDisposable Subscribe(Action<BrowserEvent> subscriber)
    {
        lock (_gate)
        {
            // Keyed, not copied into a new array each time: a runtime's thousands of extensions come and go one by one.
            var key = ++_lastSubscription;
            _subscribers[key] = subscriber;
            return new Unsubscriber(this, key);
        }
    }

    private sealed class Unsubscriber(BrowserModel model, long key) : IDisposable
    {
        public void Dispose()
        {
            lock (model._gate) model._subscribers.Remove(key);
        }
    }

    /// <summary>Runs one operation under the lock and publishes what it changed, in order, before anyone else can change anything.</summary>
    private T Change<T>(Func<List<BrowserEvent>, T> operation)
    {
        lock (_gate)
        {
            var events = new List<BrowserEvent>();
            try
            {
                return operation(events);
            }
            finally
            {
                // What happened before a refusal happened: it is published too.
                foreach (var change in events)
                foreach (var subscriber in _subscribers.Values) subscriber(change);
            }
        }
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    // ---- reading ----

    public BrowserTab? Tab(int tabId)
    {
        lock (_gate) return _tabs.TryGetValue(tabId, out var tab) ? tab.Snapshot() : null;
    }

    /// <summary>
    /// The tabs <paramref name="match"/> keeps, in window order then tab order (a snapshot of each); only those of window
    /// <paramref name="inWindow"/> when given, and only active ones when <paramref name="activeOnly"/>: a query for the
    /// current window's active tab looks at one tab, however many are open.
    /// </summary>
    public IReadOnlyList<BrowserTab> Tabs(Func<TabState, bool>? match = null, int? inWindow = null, bool activeOnly = false)
    {
        lock (_gate)
        {
            var found = new List<BrowserTab>();
            foreach (var window in _windows)
            {
                if (inWindow is { } id && window.Id != id) continue;
                if (activeOnly)
                {
                    if (window.Active is { } active && (match is null || match(active))) found.Add(active.Snapshot());
                    continue;
                }
                for (var i = 0; i < window.Tabs.Count; i++)
                    if (match is null || match(window.Tabs[i])) found.Add(window.Tabs[i].Snapshot(i));
            }
            return found;
        }
    }

    public int TabCount
    {
        get { lock (_gate) return _tabs.Count; }
    }

    public BrowserWindow? Window(int windowId, bool withTabs = false)
    {
        lock (_gate) return FindWindow(windowId)?.Snapshot(withTabs, windowId == _focusedWindowId);
    }

    public IReadOnlyList<BrowserWindow> Windows(bool withTabs = false)
    {
        lock (_gate) return _windows.Select(w => w.Snapshot(withTabs, w.Id == _focusedWindowId)).ToList();
    }

    /// <summary>The window of the profile that had focus last (the "current window" of a context outside any tab), or null when the profile has none.</summary>
    public int? LastFocusedWindowId(bool incognito)
    {
        lock (_gate) return LastFocused(incognito)?.Id;
    }

    /// <summary>The active tab of the profile's last focused window.</summary>
    public BrowserTab? ActiveTab(bool incognito)
    {
        lock (_gate) return LastFocused(incognito)?.Active?.Snapshot();
    }

    /// <summary>The focused window's id, or -1 when none has focus.</summary>
    public int FocusedWindowId
    {
        get { lock (_gate) return _focusedWindowId; }
    }

    // ---- activeTab ----

    /// <summary>The user invoked <paramref name="extensionId"/> in the tab (an action click, a menu, a command): it may see and script it until it navigates or closes.</summary>
    public void GrantActiveTab(string extensionId, int tabId)
    {
        lock (_gate)
            if (_tabs.ContainsKey(tabId)) _activeTabGrants.Add((extensionId, tabId));
    }

    public bool HasActiveTab(string extensionId, int tabId)
    {
        lock (_gate) return _activeTabGrants.Contains((extensionId, tabId));
    }

    private void RevokeGrants(int tabId) => _activeTabGrants.RemoveWhere(grant => grant.TabId == tabId);

    // ---- helpers under the lock ----

    private WindowState? FindWindow(int id) => _windows.Find(w => w.Id == id);

    private WindowState? LastFocused(bool incognito) =>
        _windows.Where(w => w.Incognito == incognito && w.Type == "normal").MaxBy(w => w.FocusedAt)
        ?? _windows.Where(w => w.Incognito == incognito).MaxBy(w => w.FocusedAt);

    private TabState TabOrThrow(int tabId) =>
        _tabs.TryGetValue(tabId, out var tab) ? tab : throw new BrowserModelException(BrowserRefusal.NoSuchTab, tabId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private WindowState WindowOrThrow(int windowId) =>
        FindWindow(windowId) ?? throw new BrowserModelException(BrowserRefusal.NoSuchWindow, windowId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string TitleOf(string url) =>
        // A page that names no title is shown by its address, as browsers do (without the scheme).
        url.StartsWith("https://", StringComparison.Ordinal) ? url[8..] : url.StartsWith("http://", StringComparison.Ordinal) ? url[7..] : url;

    /// <summary>Makes <paramref name="tab"/> its window's active (and only highlighted) tab.</summary>
    private void Activate(TabState tab, List<BrowserEvent> events)
    {
        var window = tab.Window;
        if (window.Active == tab) return;
        var previous = window.Active;
        window.Active = tab;
        tab.LastAccessed = Now;
        foreach (var other in window.Tabs) other.Highlighted = other == tab;
        events.Add(new TabActivated(tab.Id, window.Id, previous?.Id) { Incognito = window.Incognito });
        events.Add(new TabHighlighted(window.Id, [tab.Id]) { Incognito = window.Incognito });
    }

    private void CheckTabLimit(int more)
    {
        if (_tabs.Count + more > _limits.MaxTabs)
            throw new BrowserModelException(BrowserRefusal.TooMany, $"the browser holds {_limits.MaxTabs} tabs already (actorruntime.browser.max-tabs)");
    }

    /// <summary>
    /// Puts a new tab at <paramref name="index"/> of its window: onCreated (showing it active when it is to be: the
    /// activation is made first and published after), then its page's load completes.
    /// </summary>
    private BrowserTab AddTab(TabState tab, int index, bool activate, List<BrowserEvent> events, IReadOnlyList<PlannedFrame>? frames = null)
    {
        var window = tab.Window;
        index = Math.Clamp(index, 0, window.Tabs.Count);
        tab.LastAccessed = Now;
        if (tab.Title.Length == 0) tab.Title = TitleOf(tab.Url);
        tab.TakeFrames(frames ?? []);
        _tabs[tab.Id] = tab;
        window.Tabs.Insert(index, tab);
        var activation = new List<BrowserEvent>();
        if (activate) Activate(tab, activation);
        events.Add(new TabCreated(tab.Snapshot(index)));
        events.AddRange(activation);
        tab.Status = "complete";
        events.Add(new TabUpdated(tab.Snapshot(), ["status"]));
        return tab.Snapshot();
    }

    private void Focus(WindowState window, List<BrowserEvent> events)
    {
        window.FocusedAt = ++_focusOrder;
        if (_focusedWindowId == window.Id) return;
        _focusedWindowId = window.Id;
        events.Add(new WindowFocusChanged(window.Id) { Incognito = window.Incognito });
    }

    /// <summary>A navigation of the tab: loading, then complete (the model's pages load at once).</summary>
    private void Load(TabState tab, string url, List<BrowserEvent> events, string transition = "link", bool forwardBack = false)
    {
        tab.Url = url;
        tab.Navigation++;
        // A new document of the top frame: the old document's frames go with it (the model loads no HTML of its own).
        tab.TakeFrames([]);
        tab.Discarded = false;
        tab.Status = "loading";
        RevokeGrants(tab.Id);
        events.Add(new TabUpdated(tab.Snapshot(), ["status", "url"]) { Transition = transition, ForwardBack = forwardBack });
        var title = TitleOf(url);
        var titleChanged = title != tab.Title;
        tab.Title = title;
        tab.Status = "complete";
        events.Add(new TabUpdated(tab.Snapshot(), titleChanged ? ["title", "status"] : ["status"]));
    }
}
