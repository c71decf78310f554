namespace ActorRuntime.Browsing;

/// <summary>The model's tab operations: what <c>tabs.*</c> and the harness do to tabs.</summary>
internal sealed partial class BrowserModel
{
    /// <summary>Opens a tab (in the given window, else the profile's last focused one, made when the profile has none) and loads its URL.</summary>
    public BrowserTab OpenTab(TabRequest request) => Change(events =>
    {
        CheckTabLimit(1);
        var window = request.WindowId is { } id ? WindowOrThrow(id) : LastFocused(request.Incognito) ?? NewWindow(request.Incognito, focused: true, events);
        var tab = new TabState(++_lastTabId, window, request.Url, window.Incognito)
        {
            Pinned = request.Pinned,
            Muted = request.Muted,
            OpenerTabId = request.OpenerTabId is { } opener && _tabs.ContainsKey(opener) ? opener : null,
        };
        // The first tab of a window is its active tab, whatever was asked.
        return AddTab(tab, request.Index ?? window.Tabs.Count, request.Active || window.Active is null, events, request.Frames);
    });

    /// <summary>Loads <paramref name="url"/> in the tab, as a new entry of its history.</summary>
    public BrowserTab Navigate(int tabId, string url) => Change(events =>
    {
        var tab = TabOrThrow(tabId);
        tab.Push(url);
        Load(tab, url, events);
        return tab.Snapshot();
    });

    public BrowserTab Update(int tabId, TabChange change) => Change(events =>
    {
        var tab = TabOrThrow(tabId);
        if (change.Url is { } url)
        {
            tab.Push(url);
            Load(tab, url, events);
        }
        if (change.Active == true || change.Highlighted == true) Activate(tab, events);
        var changed = new List<string>();
        if (change.Pinned is { } pinned && pinned != tab.Pinned)
        {
            tab.Pinned = pinned;
            changed.Add("pinned");
        }
        if (change.Muted is { } muted && muted != tab.Muted)
        {
            tab.Muted = muted;
            changed.Add("mutedInfo");
        }
        if (change.AutoDiscardable is { } autoDiscardable && autoDiscardable != tab.AutoDiscardable)
        {
            tab.AutoDiscardable = autoDiscardable;
            changed.Add("autoDiscardable");
        }
        if (change.OpenerTabId is { } opener)
        {
            if (!_tabs.ContainsKey(opener)) throw new BrowserModelException(BrowserRefusal.NoSuchTab, opener.ToString(System.Globalization.CultureInfo.InvariantCulture));
            tab.OpenerTabId = opener;
        }
        if (changed.Count > 0) events.Add(new TabUpdated(tab.Snapshot(), changed));
        return tab.Snapshot();
    });

    /// <summary>Goes <paramref name="steps"/> entries back (negative) or forward in the tab's history; false when there is no such entry.</summary>
    public bool Traverse(int tabId, int steps) => Change(events =>
    {
        var tab = TabOrThrow(tabId);
        var target = tab.HistoryIndex + steps;
        if (target < 0 || target >= tab.History.Count) return false;
        tab.HistoryIndex = target;
        Load(tab, tab.History[target], events, forwardBack: true);
        return true;
    });

    public BrowserTab Reload(int tabId) => Change(events =>
    {
        var tab = TabOrThrow(tabId);
        Load(tab, tab.Url, events, transition: "reload");
        return tab.Snapshot();
    });

    /// <summary>Closes the tabs; a window whose last tab closes closes too, unless it is the browser's last window.</summary>
    public void Remove(IReadOnlyList<int> tabIds) => Change(events =>
    {
        foreach (var id in tabIds) TabOrThrow(id);
        foreach (var id in tabIds.Distinct())
        {
            var tab = _tabs[id];
            var window = tab.Window;
            var closesWindow = window.Tabs.Count == 1 && _windows.Count > 1;
            var index = window.Tabs.IndexOf(tab);
            var snapshot = tab.Snapshot(index);
            window.Tabs.RemoveAt(index);
            _tabs.Remove(id);
            RevokeGrants(id);
            ForgetTabActions(id);
            events.Add(new TabRemoved(snapshot, closesWindow));
            if (window.Active == tab)
            {
                window.Active = null;
                // The tab to the right takes its place, else the one to the left.
                if (window.Tabs.Count > 0) Activate(window.Tabs[Math.Min(index, window.Tabs.Count - 1)], events);
            }
            if (closesWindow) CloseWindow(window, events);
        }
        return 0;
    });

    public BrowserTab Duplicate(int tabId) => Change(events =>
    {
        var source = TabOrThrow(tabId);
        CheckTabLimit(1);
        var tab = new TabState(++_lastTabId, source.Window, source.Url, source.Incognito) { OpenerTabId = source.Id, Pinned = source.Pinned, Title = source.Title };
        // The copy has the same history, at the same place in it.
        tab.History.Clear();
        tab.History.AddRange(source.History);
        tab.HistoryIndex = source.HistoryIndex;
        return AddTab(tab, source.Window.Tabs.IndexOf(source) + 1, activate: true, events);
    });

    /// <summary>Moves the tab to <paramref name="index"/> (-1: the end) of its window or of another one.</summary>
    public BrowserTab Move(int tabId, int? windowId, int index) => Change(events =>
    {
        var tab = TabOrThrow(tabId);
        var from = tab.Window;
        var to = windowId is { } id ? WindowOrThrow(id) : from;
        if (to.Incognito != from.Incognito)
            throw new BrowserModelException(BrowserRefusal.Invalid, "Tabs can only be moved between windows in the same profile.");
        var fromIndex = from.Tabs.IndexOf(tab);
        from.Tabs.RemoveAt(fromIndex);
        var toIndex = index < 0 || index > to.Tabs.Count ? to.Tabs.Count : index;
        if (from == to)
        {
            from.Tabs.Insert(toIndex, tab);
            if (fromIndex != toIndex) events.Add(new TabMoved(tab.Id, from.Id, fromIndex, toIndex) { Incognito = from.Incognito });
            return tab.Snapshot(toIndex);
        }
        events.Add(new TabDetached(tab.Id, from.Id, fromIndex) { Incognito = from.Incognito });
        if (from.Active == tab)
        {
            from.Active = null;
            if (from.Tabs.Count > 0) Activate(from.Tabs[Math.Min(fromIndex, from.Tabs.Count - 1)], events);
        }
        tab.Window = to;
        to.Tabs.Insert(toIndex, tab);
        events.Add(new TabAttached(tab.Id, to.Id, toIndex) { Incognito = to.Incognito });
        if (to.Active is null) Activate(tab, events);
        else tab.Highlighted = false;
        if (from.Tabs.Count == 0 && _windows.Count > 1) CloseWindow(from, events);
        return tab.Snapshot(toIndex);
    });

    /// <summary>Highlights the tabs at <paramref name="indices"/> of the window; the first becomes active.</summary>
    public BrowserWindow Highlight(int windowId, IReadOnlyList<int> indices) => Change(events =>
    {
        var window = WindowOrThrow(windowId);
        foreach (var index in indices)
            if (index < 0 || index >= window.Tabs.Count)
                throw new BrowserModelException(BrowserRefusal.Invalid, $"No tab at index: {index}.");
        if (indices.Count == 0) throw new BrowserModelException(BrowserRefusal.Invalid, "No highlighted tab.");
        Activate(window.Tabs[indices[0]], events);
        var chosen = indices.Select(i => window.Tabs[i]).ToHashSet();
        foreach (var tab in window.Tabs) tab.Highlighted = chosen.Contains(tab);
        if (chosen.Count > 1) events.Add(new TabHighlighted(window.Id, window.Tabs.Where(chosen.Contains).Select(t => t.Id).ToArray()) { Incognito = window.Incognito });
        return window.Snapshot(withTabs: true, window.Id == _focusedWindowId);
    });

    /// <summary>The URLs the tab visited, first first (what <c>goBack</c>/<c>goForward</c> go through).</summary>
    public IReadOnlyList<string> HistoryOf(int tabId)
    {
        lock (_gate) return TabOrThrow(tabId).History.ToArray();
    }

    /// <summary>The page loaded in the tab (still at <paramref name="url"/>) has a title: the tab shows it.</summary>
    public void Titled(int tabId, string url, string title) => Change(events =>
    {
        if (!_tabs.TryGetValue(tabId, out var tab) || tab.Url != url || tab.Title == title) return 0;
        tab.Title = title;
        events.Add(new TabUpdated(tab.Snapshot(), ["title"]));
        return 0;
    });

    /// <summary>Unloads the tab's page (not the active tab's, which browsers refuse to discard); null when refused.</summary>
    public BrowserTab? Discard(int tabId) => Change(events =>
    {
        var tab = TabOrThrow(tabId);
        if (tab.Active || tab.Discarded) return tab.Active ? null : tab.Snapshot();
        tab.Discarded = true;
        tab.Status = "unloaded";
        events.Add(new TabUpdated(tab.Snapshot(), ["discarded", "status"]));
        return tab.Snapshot();
    });
}
