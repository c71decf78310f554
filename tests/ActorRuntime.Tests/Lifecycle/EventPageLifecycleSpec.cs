using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>Event pages suspended when idle and woken on demand, per flavour (spec section 5), on the virtual clock.</summary>
public class EventPageLifecycleSpec : RuntimeSpec
{
    private const string Bg = """
        var counter = 0;
        function bump() { return ++counter; }
        browser.runtime.onSuspend.addListener(() => console.log('suspend at', Date.now() - Date.UTC(2026, 0, 1)));
        browser.runtime.onSuspendCanceled.addListener(() => console.log('canceled at', Date.now() - Date.UTC(2026, 0, 1)));
        """;


    private Task Advance(LoadedExtension e, double ms) => e.AdvanceAsync(TimeSpan.FromMilliseconds(ms));

    [Theory]
    [InlineData(Flavor.Mdn)]
    [InlineData(Flavor.Firefox)]
    public async Task Firefox_suspends_after_30_s_idle_and_the_next_wake_runs_the_scripts_afresh(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg + "console.log('loaded');"), flavor);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await e.EvaluateAsync("background", "bump(); bump()");
        await Advance(e, 29_999);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal(["loaded", "suspend at 30000"], Lines("background"));
        Assert.DoesNotContain("background", await e.ContextsAsync());

        await e.OpenAsync("popup");
        Assert.Equal("1", await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).bump()"));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Equal(["loaded", "suspend at 30000", "loaded"], Lines("background"));
    }

    [Fact]
    public async Task Persistent_backgrounds_are_never_suspended()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg));
        await Advance(e, 600_000);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Empty(Lines("background"));
    }

    [Fact]
    public async Task Idle_delay_is_configurable_and_clamped_as_Firefox_clamps_it()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), (EventPageOptions.Default with { FirefoxIdleTimeout = TimeSpan.FromMilliseconds(5) }).FirefoxIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), (EventPageOptions.Default with { FirefoxIdleTimeout = TimeSpan.FromHours(1) }).FirefoxIdleTimeout);
        var options = RuntimeOptions.FromConfig(Akka.Configuration.ConfigurationFactory
            .ParseString("actorruntime.event-page.firefox.idle-timeout = 2s, actorruntime.event-page.chrome.suspending-time = 1s, actorruntime.messaging.max-message-size = 1KiB")
            .WithFallback(RuntimeOptions.DefaultConfig));
        Assert.Equal(TimeSpan.FromSeconds(2), options.EventPages.FirefoxIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.EventPages.ChromeSuspendingTime);
        Assert.Equal(TimeSpan.FromSeconds(10), options.EventPages.ChromeIdleTimeout);
        Assert.Equal(1024, options.MaxMessageBytes);
    }

    [Fact]
    public async Task Scenario_7_async_onSuspend_holds_the_stop_until_it_settles_and_a_later_event_wakes_the_page()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, """
            browser.runtime.onSuspend.addListener(() => new Promise(resolve => setTimeout(() => { console.log('cleanup done'); resolve(); }, 2000)));
            console.log('loaded');
            """));
        await Advance(e, 30_000);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await Advance(e, 1_999);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal(["loaded", "cleanup done"], Lines("background"));

        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "await browser.runtime.getBackgroundPage(); 0");
        Assert.Equal(["loaded", "cleanup done", "loaded"], Lines("background"));
    }

    [Theory]
    [InlineData("() => new Promise(() => {})", 35_000)]
    [InlineData("() => Promise.reject(new Error('no'))", 30_000)]
    [InlineData("() => { throw new Error('sync'); }", 30_000)]
    public async Task Scenario_9_onSuspend_that_never_settles_or_fails_still_lets_the_page_stop(string listener, double stoppedBy)
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, $"browser.runtime.onSuspend.addListener({listener});"));
        await Advance(e, stoppedBy - 1);
        Assert.NotEqual(BackgroundPhase.Stopped, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Scenario_8_calls_from_a_page_do_not_reset_the_idle_timer_but_API_calls_from_the_background_do()
    {
        var fromPage = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg), name: "from-page");
        await fromPage.OpenAsync("popup");
        await Advance(fromPage, 20_000);
        // A page calling into the background (proxy call, getBackgroundPage) is not activity of the background.
        Assert.Equal("1", await fromPage.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).bump()"));
        await Advance(fromPage, 10_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(fromPage));

        var fromBackground = await Load(Manifests.Standard(Manifests.EventPageScripts,
            Bg + "setTimeout(() => browser.runtime.getBackgroundPage(), 20000);"), name: "from-background");
        await Advance(fromBackground, 30_000);
        Assert.Equal(BackgroundPhase.Running, await Phase(fromBackground));
        await Advance(fromBackground, 20_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(fromBackground));
    }

    [Fact]
    public async Task Firefox_a_kept_reference_does_not_keep_the_page_alive_and_then_throws_dead_object()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "window.kept = await browser.runtime.getBackgroundPage(); kept.bump()");
        await Advance(e, 30_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        var error = await Assert.ThrowsAsync<ActorRuntime.ScriptFailureException>(() => e.EvaluateAsync("popup", "kept.bump()"));
        Assert.StartsWith("Uncaught TypeError: can't access dead object", error.Message);
        Assert.Equal("1", await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).bump()"));
    }

    [Fact]
    public async Task A_wake_request_while_suspending_cancels_the_suspension()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg + """
            browser.runtime.onSuspend.addListener(() => new Promise(resolve => setTimeout(resolve, 3000)));
            """));
        await e.OpenAsync("popup");
        await Advance(e, 31_000);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        Assert.Equal("1", await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).bump()"));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Equal(["suspend at 30000", "canceled at 31000"], Lines("background"));
        // Suspension goes ahead later, with the state kept until then.
        await Advance(e, 29_999);
        Assert.Equal("2", await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).bump()"));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
    }

    [Fact]
    public async Task Chrome_split_mode_the_private_backgrounds_activity_does_not_cancel_the_regular_pages_suspension()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg, "\"incognito\": \"split\","), Flavor.Chrome);
        // A private popup starts the private profile's background and holds it; it does not hold the regular one.
        await e.OpenAsync("popup", isPrivate: true);
        await Advance(e, 10_000);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        // An API call made by the private background is its own activity, not the regular page's.
        Assert.Equal("1", await e.EvaluateAsync("background:incognito", "await browser.storage.local.get('x'); 1"));
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await Advance(e, 5_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.DoesNotContain(Lines("background"), line => line.StartsWith("canceled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chrome_suspends_10_s_after_the_keep_alive_count_reaches_zero_and_closes_5_s_after_onSuspend()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg), Flavor.Chrome);
        await Advance(e, 9_999);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await Advance(e, 4_999);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal(["suspend at 10000"], Lines("background"));
    }

    [Fact]
    public async Task Scenario_13_Chrome_an_open_extension_tab_keeps_the_page_alive_until_it_closes()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg), Flavor.Chrome);
        await e.OpenAsync("page:popup.html");
        await Advance(e, 600_000);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await e.CloseAsync("page:popup.html");
        await Advance(e, 10_000);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await Advance(e, 5_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Chrome_a_view_opened_while_suspending_cancels_and_a_side_panel_keeps_nothing_alive()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg), Flavor.Chrome);
        await e.OpenAsync("sidebar");
        await Advance(e, 12_000);
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        await e.OpenAsync("popup");
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Equal(["suspend at 10000", "canceled at 12000"], Lines("background"));
        await Advance(e, 60_000);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await e.CloseAsync("popup");
        await Advance(e, 15_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Firefox_an_open_popup_does_not_keep_the_page_alive()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg), Flavor.Firefox);
        await e.OpenAsync("popup");
        await Advance(e, 30_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Phases_go_stopped_starting_running()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg));
        await Advance(e, 30_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        // An eval addressed to the background wakes it; it is starting until its scripts have run.
        var status = e.Supervisor.Ask<BackgroundStatus>(new GetBackgroundStatus(), AskTimeout);
        Assert.Equal("0", await e.EvaluateAsync("background", "counter"));
        Assert.Equal(BackgroundPhase.Stopped, (await status).Phase);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
    }
}
