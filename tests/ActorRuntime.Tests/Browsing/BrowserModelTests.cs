using ActorRuntime.Browsing;

namespace ActorRuntime.Tests.Browsing;

/// <summary>The browser model as a plain state machine: ids, activation, navigation, closing, moving, profiles, limits, and the changes it publishes.</summary>
public class BrowserModelTests
{
    private readonly List<BrowserEvent> _events = new();

    private BrowserModel Model(int maxTabs = 100, int maxWindows = 10)
    {
        var model = new BrowserModel(new ActorRuntime.Timing.VirtualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), new BrowserLimits(maxTabs, maxWindows, MaxFramesPerTab: 10, MaxFrameDepth: 3));
        model.Subscribe(_events.Add);
        return model;
    }

    [Fact]
    public void It_starts_with_one_focused_window_and_no_tab_and_counts_tab_ids_from_one()
    {
        var model = Model();
        var window = Assert.Single(model.Windows());
        Assert.True(window.Focused);
        Assert.Equal(0, model.TabCount);
        var first = model.OpenTab(new TabRequest("https://a.example/"));
        var second = model.OpenTab(new TabRequest("https://b.example/"));
        Assert.Equal([1, 2], new[] { first.Id, second.Id });
        Assert.Equal(window.Id, first.WindowId);
        Assert.Equal([0, 1], model.Tabs().Select(t => t.Index));
    }

    [Fact]
    public void A_new_active_tab_is_created_active_then_activated_then_complete()
    {
        var model = Model();
        model.OpenTab(new TabRequest("https://a.example/"));
        _events.Clear();
        model.OpenTab(new TabRequest("https://b.example/"));
        Assert.Collection(_events,
            e => Assert.True(Assert.IsType<TabCreated>(e).Tab.Active),
            e => Assert.Equal(new TabActivated(2, 1, 1), Assert.IsType<TabActivated>(e)),
            e => Assert.Equal([2], Assert.IsType<TabHighlighted>(e).TabIds),
            e => Assert.Equal(["status"], Assert.IsType<TabUpdated>(e).Changes));
        Assert.Equal(2, Assert.Single(model.Tabs(t => t.Active)).Id);
    }

    [Fact]
    public void A_tab_opened_in_the_background_leaves_the_active_tab_alone_unless_it_is_the_first()
    {
        var model = Model();
        Assert.True(model.OpenTab(new TabRequest("https://a.example/") { Active = false }).Active);
        Assert.False(model.OpenTab(new TabRequest("https://b.example/") { Active = false }).Active);
        Assert.Equal(1, model.ActiveTab(incognito: false)!.Id);
    }

    [Fact]
    public void Navigating_publishes_loading_with_the_url_then_complete_and_counts_the_navigation()
    {
        var model = Model();
        var tab = model.OpenTab(new TabRequest("https://a.example/"));
        _events.Clear();
        var navigated = model.Navigate(tab.Id, "https://b.example/x");
        Assert.Equal(tab.Navigation + 1, navigated.Navigation);
        var updates = _events.Cast<TabUpdated>().ToList();
        Assert.Equal(["status", "url"], updates[0].Changes);
        Assert.Equal("loading", updates[0].Tab.Status);
        Assert.Equal("https://b.example/x", updates[0].Tab.Url);
        Assert.Equal(["title", "status"], updates[1].Changes);
        Assert.Equal("complete", updates[1].Tab.Status);
    }

    [Fact]
    public void History_goes_back_and_forward_and_a_new_entry_drops_the_forward_ones()
    {
        var model = Model();
        var tab = model.OpenTab(new TabRequest("https://a.example/"));
        model.Navigate(tab.Id, "https://b.example/");
        model.Navigate(tab.Id, "https://c.example/");
        Assert.True(model.Traverse(tab.Id, -2));
        Assert.Equal("https://a.example/", model.Tab(tab.Id)!.Url);
        Assert.False(model.Traverse(tab.Id, -1));
        Assert.True(model.Traverse(tab.Id, 1));
        model.Navigate(tab.Id, "https://d.example/");
        Assert.False(model.Traverse(tab.Id, 1));
        Assert.Equal(["https://a.example/", "https://b.example/", "https://d.example/"], model.HistoryOf(tab.Id));
    }

    [Fact]
    public void Closing_the_active_tab_activates_the_one_to_its_right_else_its_left()
    {
        var model = Model();
        foreach (var url in new[] { "https://a.example/", "https://b.example/", "https://c.example/" }) model.OpenTab(new TabRequest(url));
        model.Update(2, new TabChange { Active = true });
        model.Remove([2]);
        Assert.Equal(3, model.ActiveTab(false)!.Id);
        model.Remove([3]);
        Assert.Equal(1, model.ActiveTab(false)!.Id);
        Assert.Equal([0], model.Tabs().Select(t => t.Index));
    }

    [Fact]
    public void A_window_closes_with_its_last_tab_but_the_last_window_stays()
    {
        var model = Model();
        model.OpenTab(new TabRequest("https://a.example/"));
        var second = model.OpenWindow(new WindowRequest { Urls = ["https://b.example/"] });
        Assert.Equal(2, model.Windows().Count);
        Assert.Equal(second.Id, model.FocusedWindowId);
        _events.Clear();
        model.Remove([second.Tabs[0].Id]);
        Assert.True(_events.OfType<TabRemoved>().Single().IsWindowClosing);
        Assert.Contains(_events, e => e is WindowRemoved removed && removed.WindowId == second.Id);
        Assert.Contains(_events, e => e is WindowFocusChanged { WindowId: 1 });
        model.Remove([1]);
        Assert.Single(model.Windows());
    }

    [Fact]
    public void Moving_within_a_window_reports_the_indices_and_across_windows_detaches_and_attaches()
    {
        var model = Model();
        foreach (var url in new[] { "https://a.example/", "https://b.example/", "https://c.example/" }) model.OpenTab(new TabRequest(url));
        _events.Clear();
        Assert.Equal(2, model.Move(1, null, -1).Index);
        Assert.Equal(new TabMoved(1, 1, 0, 2), Assert.Single(_events));
        var other = model.OpenWindow(new WindowRequest { Urls = ["https://d.example/"] });
        _events.Clear();
        var moved = model.Move(3, other.Id, 0);
        Assert.Equal((other.Id, 0), (moved.WindowId, moved.Index));
        Assert.Contains(_events, e => e is TabDetached { TabId: 3, OldWindowId: 1 });
        Assert.Contains(_events, e => e is TabAttached { TabId: 3, NewPosition: 0 } attached && attached.NewWindowId == other.Id);
        // The tab that moved out was active in its window: the next one there takes over.
        Assert.Equal(1, model.Tabs(t => t.Active && t.Window.Id == 1).Single().Id);
    }

    [Fact]
    public void A_private_tab_opens_in_a_private_window_made_for_it()
    {
        var model = Model();
        var tab = model.OpenTab(new TabRequest("https://a.example/") { Incognito = true });
        Assert.True(tab.Incognito);
        var window = model.Window(tab.WindowId)!;
        Assert.True(window.Incognito);
        Assert.Equal(1, model.LastFocusedWindowId(incognito: false));
        Assert.Equal(window.Id, model.LastFocusedWindowId(incognito: true));
        Assert.Throws<BrowserModelException>(() => model.Move(tab.Id, 1, 0));
    }

    [Fact]
    public void Highlighting_activates_the_first_and_discarding_spares_the_active_tab()
    {
        var model = Model();
        foreach (var url in new[] { "https://a.example/", "https://b.example/", "https://c.example/" }) model.OpenTab(new TabRequest(url));
        var window = model.Highlight(1, [0, 2]);
        Assert.Equal([true, false, true], window.Tabs.Select(t => t.Highlighted));
        Assert.Equal(1, model.ActiveTab(false)!.Id);
        Assert.Null(model.Discard(1));
        var discarded = model.Discard(2)!;
        Assert.Equal(("unloaded", true), (discarded.Status, discarded.Discarded));
    }

    [Fact]
    public void An_activeTab_grant_lasts_until_the_tab_navigates_or_closes()
    {
        var model = Model();
        var tab = model.OpenTab(new TabRequest("https://a.example/"));
        model.GrantActiveTab("ext", tab.Id);
        Assert.True(model.HasActiveTab("ext", tab.Id));
        Assert.False(model.HasActiveTab("other", tab.Id));
        model.Navigate(tab.Id, "https://b.example/");
        Assert.False(model.HasActiveTab("ext", tab.Id));
    }

    [Fact]
    public void Limits_refuse_tabs_and_windows_past_them_naming_the_key()
    {
        var model = Model(maxTabs: 2, maxWindows: 2);
        model.OpenTab(new TabRequest("https://a.example/"));
        model.Duplicate(1);
        var refused = Assert.Throws<BrowserModelException>(() => model.OpenTab(new TabRequest("https://c.example/")));
        Assert.Contains("actorruntime.browser.max-tabs", refused.Message);
        model.Remove([2]);
        model.OpenWindow(new WindowRequest { Urls = ["https://b.example/"] });
        Assert.Contains("actorruntime.browser.max-windows",
            Assert.Throws<BrowserModelException>(() => model.OpenWindow(new WindowRequest { TabId = 1 })).Message);
    }

    [Fact]
    public void Unknown_tabs_and_windows_are_refused_by_kind()
    {
        var model = Model();
        Assert.Equal(BrowserRefusal.NoSuchTab, Assert.Throws<BrowserModelException>(() => model.Navigate(9, "https://a.example/")).Refusal);
        Assert.Equal(BrowserRefusal.NoSuchWindow, Assert.Throws<BrowserModelException>(() => model.RemoveWindow(9)).Refusal);
    }
}
