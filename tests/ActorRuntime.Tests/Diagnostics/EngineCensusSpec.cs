using ActorRuntime.Lifecycle;
using Akka.Actor;
using ActorRuntime.Diagnostics;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Diagnostics;

/// <summary>
/// The engine census counts every engine a runtime creates and sees which are still referenced: closed views and a
/// suspended event page leave none behind, while the extension itself stays loaded.
/// </summary>
public class EngineCensusSpec : RuntimeSpec
{
    private const string Background = "function foo(x) { return x * 2; }";

    [Fact]
    public async Task Engines_of_closed_views_and_suspended_event_pages_are_not_kept_alive()
    {
        var census = new EngineCensus();
        var extension = await Load(Manifests.Standard(Manifests.EventPageScripts, Background), Options(Flavor.Mdn) with { EngineCensus = census });
        await extension.OpenAsync("popup");
        Assert.Equal("42", await extension.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).foo(21)"));
        Assert.Equal(2, census.Created);
        Assert.Equal(2, census.CountAlive());

        await extension.CloseAsync("popup");
        await SuspendIdleEventPage(extension);
        Assert.Equal(0, census.CountAlive());

        // Woken again by a new popup: two fresh engines, the old ones still gone.
        await extension.OpenAsync("popup");
        Assert.Equal("42", await extension.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).foo(21)"));
        Assert.Equal(4, census.Created);
        Assert.Equal(2, census.CountAlive());
        GC.KeepAlive(extension);
    }

    [Fact]
    public async Task An_extension_stopped_for_holding_too_many_timers_keeps_no_engine_while_it_refuses_requests()
    {
        var census = new EngineCensus();
        var limits = ActorRuntime.Scripting.ScriptLimits.Default with { MaxTimers = 10 };
        var extension = await Load(Manifests.Standard(Manifests.PersistentScripts, Background), Options(Flavor.Mdn, limits) with { EngineCensus = census });
        await extension.OpenAsync("popup");
        Assert.Equal(2, census.CountAlive());

        await Assert.ThrowsAnyAsync<Exception>(() => extension.EvaluateAsync("popup", "for (let i = 0; i < 11; i++) setTimeout(() => {}, 60000)"));
        await Assert.ThrowsAsync<ExtensionFailedException>(() => extension.EvaluateAsync("background", "foo(21)"));
        AwaitAssert(() => Assert.Equal(0, census.CountAlive()), TimeSpan.FromSeconds(10));
        GC.KeepAlive(extension);
    }

    [Fact]
    public async Task An_unloaded_extension_keeps_no_engine_while_its_handle_is_still_held()
    {
        var census = new EngineCensus();
        var extension = await Load(Manifests.Standard(Manifests.PersistentScripts, Background), Options(Flavor.Mdn) with { EngineCensus = census });
        await extension.OpenAsync("popup");
        Assert.Equal(2, census.CountAlive());

        await extension.Supervisor.GracefulStop(AskTimeout);
        Assert.Equal(0, census.CountAlive());
        GC.KeepAlive(extension);
    }

    [Fact]
    public async Task Without_a_census_nothing_is_counted()
    {
        var census = new EngineCensus();
        var extension = await Load(Manifests.Standard(Manifests.PersistentScripts, Background), Options(Flavor.Mdn));
        Assert.Equal("42", await extension.EvaluateAsync("background", "foo(21)"));
        Assert.Equal(0, census.Created);
        Assert.Equal(0, census.CountAlive());
    }
}
