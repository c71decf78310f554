namespace ActorRuntime.Browsing;

/// <summary>What <c>windows.create</c> asks for: a window of a profile, with new tabs on <see cref="Urls"/> or an existing tab moved in.</summary>
internal sealed record WindowRequest
{
    public IReadOnlyList<string> Urls { get; init; } = [];
    public int? TabId { get; init; }
    public bool Focused { get; init; } = true;
    public bool Incognito { get; init; }
    public string Type { get; init; } = "normal";
    public string State { get; init; } = "normal";
    public int? Left { get; init; }
    public int? Top { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
}

/// <summary>What <c>windows.update</c> changes; null members stay as they are.</summary>
internal sealed record WindowChange
{
    public bool? Focused { get; init; }
    public string? State { get; init; }
    public int? Left { get; init; }
    public int? Top { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
}

/// <summary>The model's window operations.</summary>
internal sealed partial class BrowserModel
{
    public BrowserWindow OpenWindow(WindowRequest request) => Change(events =>
    {
        if (request.TabId is { } moved) TabOrThrow(moved);
        CheckTabLimit(request.Urls.Count);
        var window = NewWindow(request.Incognito, request.Focused, events);
        window.Type = request.Type;
        window.State = request.State;
        if (request.Left is { } left) window.Left = left;
        if (request.Top is { } top) window.Top = top;
        if (request.Width is { } width) window.Width = width;
        if (request.Height is { } height) window.Height = height;
        if (request.TabId is { } tabId)
        {
            var tab = _tabs[tabId];
            var from = tab.Window;
            var fromIndex = from.Tabs.IndexOf(tab);
            from.Tabs.RemoveAt(fromIndex);
            events.Add(new TabDetached(tab.Id, from.Id, fromIndex) { Incognito = from.Incognito });
            if (from.Active == tab)
            {
                from.Active = null;
                if (from.Tabs.Count > 0) Activate(from.Tabs[Math.Min(fromIndex, from.Tabs.Count - 1)], events);
            }
            tab.Window = window;
            window.Tabs.Add(tab);
            events.Add(new TabAttached(tab.Id, window.Id, 0) { Incognito = window.Incognito });
            Activate(tab, events);
            if (from.Tabs.Count == 0) CloseWindow(from, events);
        }
        foreach (var url in request.Urls)
            AddTab(new TabState(++_lastTabId, window, url, window.Incognito), window.Tabs.Count, activate: window.Active is null, events);
        return window.Snapshot(withTabs: true, window.Id == _focusedWindowId);
    });

    public BrowserWindow UpdateWindow(int windowId, WindowChange change) => Change(events =>
    {
        var window = WindowOrThrow(windowId);
        if (change.State is { } state) window.State = state;
        if (change.Left is { } left) window.Left = left;
        if (change.Top is { } top) window.Top = top;
        if (change.Width is { } width) window.Width = width;
        if (change.Height is { } height) window.Height = height;
        if (change.Focused == true || change.State is "normal" or "maximized" or "fullscreen") Focus(window, events);
        else if (change.Focused == false && _focusedWindowId == window.Id)
        {
            // Focus goes to the window focused before it, as when a user switches away.
            var next = _windows.Where(w => w != window).MaxBy(w => w.FocusedAt);
            if (next is not null) Focus(next, events);
        }
        return window.Snapshot(withTabs: false, window.Id == _focusedWindowId);
    });

    /// <summary>Closes the window and its tabs.</summary>
    public void RemoveWindow(int windowId) => Change(events =>
    {
        CloseWindow(WindowOrThrow(windowId), events);
        return 0;
    });

    private WindowState NewWindow(bool incognito, bool focused, List<BrowserEvent> events)
    {
        if (_windows.Count >= _limits.MaxWindows)
            throw new BrowserModelException(BrowserRefusal.TooMany, $"the browser holds {_limits.MaxWindows} windows already (actorruntime.browser.max-windows)");
        var window = new WindowState(++_lastWindowId, incognito);
        _windows.Add(window);
        events.Add(new WindowCreated(window.Snapshot(withTabs: false, focused: false)));
        if (focused) Focus(window, events);
        return window;
    }

    private void CloseWindow(WindowState window, List<BrowserEvent> events)
    {
        foreach (var tab in window.Tabs.ToList())
        {
            var snapshot = tab.Snapshot();
            _tabs.Remove(tab.Id);
            RevokeGrants(tab.Id);
            ForgetTabActions(tab.Id);
            events.Add(new TabRemoved(snapshot, IsWindowClosing: true));
        }
        window.Tabs.Clear();
        window.Active = null;
        _windows.Remove(window);
        events.Add(new WindowRemoved(window.Id) { Incognito = window.Incognito });
        if (_focusedWindowId != window.Id) return;
        _focusedWindowId = -1;
        var next = _windows.MaxBy(w => w.FocusedAt);
        if (next is not null) Focus(next, events);
        else events.Add(new WindowFocusChanged(-1));
    }
}
