using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using ActorRuntime.Scripting;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Hostile;

/// <summary>Timers and queued tasks are bounded over time: an extension past a limit is stopped as a whole, with one line.</summary>
public class LimitsOverTimeSpec : RuntimeSpec
{
    private static readonly ScriptLimits Limits = ScriptLimits.Default with { MaxTimers = 1000, MaxPendingTasks = 1000, MaxRetainedBytes = 32L * 1024 * 1024 };

    private const string Background = """
        var heard = 0;
        browser.runtime.onMessage.addListener(() => { heard++; });
        function ok() { return "still here"; }
        """;

    private async Task<(LoadedExtension Hostile, LoadedExtension Healthy)> Load()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Background)) { ["popup.js"] = "" };
        var hostile = await Load(files, Options(Flavor.Mdn, Limits), name: "hostile-" + Guid.NewGuid().ToString("N"));
        var healthy = await Load(files, Options(Flavor.Mdn, Limits), name: "healthy-" + Guid.NewGuid().ToString("N"));
        return (hostile, healthy);
    }

    private async Task AssertStopped(LoadedExtension hostile, LoadedExtension healthy, Akka.TestKit.TestProbe events, string reason, string failedEval)
    {
        Assert.Equal(new ExtensionHalted(hostile.Id, reason), events.ExpectMsg<ExtensionHalted>(TimeSpan.FromSeconds(20)));
        Assert.Equal($"extension \"{hostile.Id}\" was stopped: {reason}", failedEval);
        AwaitAssert(() => Assert.Contains(ConsoleLines, l => l.Label == "extension" && l.Text == "extension stopped: " + reason));
        // One line: the script that passed the limit is not reported a second time.
        Assert.DoesNotContain(ConsoleLines, l => l.Text.Contains("Uncaught", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<ExtensionFailedException>(() => hostile.EvaluateAsync("background", "ok()"));
        Assert.Equal($"extension \"{hostile.Id}\" was stopped: {reason}", refused.Message);
        Assert.Equal("\"still here\"", await healthy.EvaluateAsync("background", "ok()"));
        Assert.True(await hostile.TrySettleAsync(TimeSpan.FromSeconds(20)), "a stopped extension never settled");
    }

    private Akka.TestKit.TestProbe Events()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(ExtensionHalted));
        return probe;
    }

    [Fact]
    public async Task Too_many_timers_at_once_stop_the_extension()
    {
        var events = Events();
        var (hostile, healthy) = await Load();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => hostile.EvaluateAsync("background", "for (let i = 0; i < 100000; i++) setInterval(() => {}, 1e9); 'done'"));
        await AssertStopped(hostile, healthy, events, "it held more than 1000 timers at once (actorruntime.script.max-timers)",
            failure is ScriptFailureException ? $"extension \"{hostile.Id}\" was stopped: " + failure.Message["Uncaught InternalError: extension stopped: ".Length..] : failure.Message);
    }

    [Fact]
    public async Task Timers_that_fire_or_are_cleared_no_longer_count()
    {
        var events = Events();
        var (hostile, _) = await Load();
        Assert.Equal("5000", await hostile.EvaluateAsync("background", "let n = 0; for (let i = 0; i < 5000; i++) { clearTimeout(setTimeout(() => {}, 10)); n++; } n"));
        Assert.Equal("900", await hostile.EvaluateAsync("background", "window.fired = 0; for (let i = 0; i < 900; i++) setTimeout(() => fired++, 10); 900"));
        await hostile.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        Assert.Equal("900", await hostile.EvaluateAsync("background", "for (let i = 0; i < 900; i++) setTimeout(() => fired++, 10); fired"));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Memory_kept_over_many_turns_stops_the_extension_before_the_process_suffers()
    {
        var events = Events();
        var (hostile, healthy) = await Load();
        await hostile.EvaluateAsync("background", "window.kept = []; 0");
        // 4 MB a turn, each turn far within the per-turn allocation budget: only the limit over time can stop it.
        string? refusal = null;
        for (var turn = 0; turn < 40 && refusal is null; turn++)
        {
            try
            {
                await hostile.EvaluateAsync("background", $"kept.push('x'.repeat(2000000) + {turn}); kept.length");
            }
            catch (ExtensionFailedException ex)
            {
                refusal = ex.Message;
            }
        }
        Assert.NotNull(refusal);
        await AssertStopped(hostile, healthy, events, "it held more than 32 MiB of memory (actorruntime.script.max-retained-bytes)", refusal);
    }

    [Theory]
    [InlineData("(function (s) { setTimeout(function () { return s.length; }, 1e8); })('x'.repeat(2000000) + TURN)")]
    [InlineData("setTimeout(function () {}, 1e8, 'x'.repeat(2000000) + TURN)")]
    [InlineData("history.pushState({ s: 'x'.repeat(2000000) + TURN }, '')")]
    public async Task Memory_parked_with_the_host_counts_as_held(string keep)
    {
        // Values the host keeps for a page outside its engine (a pending timer's closure or arguments, a history state).
        var events = Events();
        var (hostile, healthy) = await Load();
        string? refusal = null;
        for (var turn = 0; turn < 40 && refusal is null; turn++)
        {
            try
            {
                await hostile.EvaluateAsync("background", keep.Replace("TURN", turn.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "; 0");
            }
            catch (ExtensionFailedException ex)
            {
                refusal = ex.Message;
            }
        }
        Assert.NotNull(refusal);
        await AssertStopped(hostile, healthy, events, "it held more than 32 MiB of memory (actorruntime.script.max-retained-bytes)", refusal);
    }

    [Fact]
    public async Task Garbage_is_not_memory_held()
    {
        var events = Events();
        var (hostile, _) = await Load();
        // 400 MB allocated over 20 turns, nothing kept.
        for (var turn = 0; turn < 20; turn++)
            Assert.Equal("20000020", await hostile.EvaluateAsync("background", "(() => { let s = 0; for (let i = 0; i < 10; i++) s += ('x'.repeat(1000000) + i).length * 2; return s; })()"));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal("\"still here\"", await hostile.EvaluateAsync("background", "ok()"));
    }

    [Fact]
    public async Task Too_many_queued_messages_stop_the_extension()
    {
        var events = Events();
        var (hostile, healthy) = await Load();
        await hostile.OpenAsync("popup");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => hostile.EvaluateAsync("popup", "for (let i = 0; i < 100000; i++) browser.runtime.sendMessage(i); 'sent'"));
        await AssertStopped(hostile, healthy, events, "it queued more than 1000 tasks at once (actorruntime.script.max-pending-tasks)",
            failure is ScriptFailureException ? $"extension \"{hostile.Id}\" was stopped: " + failure.Message["Uncaught InternalError: extension stopped: ".Length..] : failure.Message);
    }
}
