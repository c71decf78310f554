using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using ActorRuntime.Scripting;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Hostile;

/// <summary>
/// An extension that keeps its script thread busy across turns (each turn within the per-turn budget) is held to its
/// CPU share and, still wanting more after the unresponsiveness window, stopped as a whole; others keep answering.
/// </summary>
public class UnresponsiveExtensionSpec : RuntimeSpec
{
    // Small figures so the test is short: a spinner exceeds a fifth of a thread even on a machine whose cores are taken,
    // while loading an extension (once the runtime's code is compiled) stays far below it.
    private static readonly ScriptLimits Limits = ScriptLimits.Default with
    {
        CpuShare = new CpuShareSettings(TimeSpan.FromSeconds(1), 0.2, TimeSpan.FromSeconds(3)),
    };

    /// <summary>Compiles the runtime's code paths on another extension first: that CPU is the runtime's, not the hog's.</summary>
    private async Task WarmUp()
    {
        var warm = await Load(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Background)) { ["popup.js"] = "" },
            Options(Flavor.Mdn), name: "warm-" + Guid.NewGuid().ToString("N"));
        await warm.OpenAsync("popup");
        await warm.EvaluateAsync("popup", "await browser.runtime.sendMessage(1)");
    }

    private const string Background = """
        function spin() { for (let i = 0; i < 3000; i++) {} }
        browser.runtime.onMessage.addListener(n => { spin(); return Promise.resolve(n + 1); });
        function ok() { return "still here"; }
        """;

    [Fact]
    public async Task A_thread_hog_is_stopped_with_one_clear_error_and_an_event_and_the_others_keep_answering()
    {
        await WarmUp();
        var halted = CreateTestProbe();
        Sys.EventStream.Subscribe(halted.Ref, typeof(ExtensionHalted));
        var hog = await Load(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Background)) { ["popup.js"] = "" },
            Options(Flavor.Mdn, Limits), name: "hog-" + Guid.NewGuid().ToString("N"));
        var healthy = await Load(Manifests.Standard(Manifests.PersistentScripts, Background), Options(Flavor.Mdn, Limits), name: "healthy-" + Guid.NewGuid().ToString("N"));
        await hog.OpenAsync("popup");

        // Messages back and forth forever: every message is a task of its own, no turn is long, the thread is never free.
        Assert.Equal("\"started\"", await hog.EvaluateAsync("popup", "(function ping(n) { browser.runtime.sendMessage(n).then(ping); })(0); 'started'"));
        Assert.Equal("\"still here\"", await healthy.EvaluateAsync("background", "ok()"));

        var reason = "it used more than 0.2 of a script thread for 3 s (actorruntime.script.cpu-share.defer-above, actorruntime.script.cpu-share.unresponsive-after)";
        var stopped = halted.ExpectMsg<ExtensionHalted>(TimeSpan.FromMinutes(2));
        Assert.Equal(new ExtensionHalted(hog.Id, reason), stopped);
        AwaitAssert(() => Assert.Contains(ConsoleLines, l => l.Label == "extension" && l.Text == "extension stopped: " + reason), TimeSpan.FromSeconds(20));
        Assert.Single(ConsoleLines, l => l.Label == "extension");

        var refused = await Assert.ThrowsAsync<ExtensionFailedException>(() => hog.EvaluateAsync("background", "1 + 1"));
        Assert.Equal($"extension \"{hog.Id}\" was stopped: " + reason, refused.Message);
        await Assert.ThrowsAsync<ExtensionFailedException>(() => hog.OpenAsync("options"));
        Assert.Equal("\"still here\"", await healthy.EvaluateAsync("background", "ok()"));
        halted.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        // Nothing of it is left running or on its way: callers waiting for it to settle are not kept waiting.
        Assert.True(await hog.TrySettleAsync(TimeSpan.FromSeconds(20)), "a stopped extension never settled");
    }

    [Fact]
    public async Task Work_within_the_share_is_never_deferred_or_stopped()
    {
        var extension = await Load(Manifests.Standard(Manifests.PersistentScripts, Background), Options(Flavor.Mdn, Limits), name: "calm-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 20; i++) Assert.Equal("\"still here\"", await extension.EvaluateAsync("background", "ok()"));
        Assert.DoesNotContain(ConsoleLines, l => l.Label == "extension");
    }
}
