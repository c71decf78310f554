using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// A cold wake of a suspended event page (20 KB background) through <c>runtime.getBackgroundPage()</c>
/// from an open popup: the page's actor and engine are gone before every wake (closed in the iteration
/// setup, as a suspension leaves them) and the runtime has been idle for 5 ms, so its threads are asleep
/// as after a real suspension; the wake spawns the actor, builds a fresh engine, runs the already-parsed
/// script and answers. Measured from C#, so it includes one external eval round trip (the baseline).
/// One wake per iteration (Monitoring), after enough warm-up for .NET's tiered JIT to have settled, as in
/// a long-running service. Two jobs: "steady" leaves the GC alone; "gc-forced" is BenchmarkDotNet's
/// default hygiene, a full blocking collection right before every single wake, which flushes the CPU
/// caches and so shows a worst case no running service sees on every wake.
/// </summary>
[MedianColumn]
[Config(typeof(SingleWakeJobs))]
public class EventPageWakeBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_runtime, _extension) = BenchmarkExtensions.StartWithPopup(BenchmarkExtensions.TwentyKilobyteScript(), persistent: false);
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void Suspend()
    {
        // The baseline's iterations leave the page running; both start from the same state.
        if (!_extension.ContextsAsync().GetAwaiter().GetResult().Contains("background"))
            _extension.EvaluateAsync("background", "0").GetAwaiter().GetResult();
        _extension.CloseAsync("background").GetAwaiter().GetResult();
        _extension.SettleAsync().GetAwaiter().GetResult();
        // Idle, as a suspended extension is: the dispatcher threads stop spinning and go to sleep.
        Thread.Sleep(5);
    }

    [Benchmark(Baseline = true, Description = "same conditions, eval of a constant in the popup (no wake)")]
    public Task<string> EvalConstant() => _extension.EvaluateAsync("popup", "0");

    [Benchmark(Description = "cold wake of a suspended 20 KB event page via runtime.getBackgroundPage()")]
    public Task<string> Wake() => _extension.EvaluateAsync("popup", "browser.runtime.getBackgroundPage().then(w => w.registry ? 0 : 1)");
}

/// <summary>
/// One wake per iteration (Monitoring), after 3,000 warm-up wakes: .NET's tiered JIT compiles a wake's code again,
/// optimized, only after some thousands of wakes (with 500, most of a wake still ran the first tier's code and took about
/// twice as long). "steady" leaves the GC alone, "gc-forced" forces a full blocking collection before every wake (a worst
/// case no running service sees on every wake).
/// </summary>
internal sealed class SingleWakeJobs : ManualConfig
{
    public SingleWakeJobs()
    {
        var job = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(3000).WithIterationCount(300).WithInvocationCount(1).WithUnrollFactor(1);
        AddJob(job.WithGcForce(false).WithId("steady"));
        AddJob(job.WithGcForce(true).WithId("gc-forced"));
    }
}

/// <summary>
/// <c>await browser.runtime.sendMessage(i)</c> round trips popup → background listener → popup, 1000 in
/// a loop inside the popup (per round trip). The background answers with <c>sendResponse</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SendMessageBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_runtime, _extension) = BenchmarkExtensions.StartWithPopup("browser.runtime.onMessage.addListener((message, sender, sendResponse) => { sendResponse(message + 1); });", persistent: false);
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 1000, Description = "sendMessage round trip popup -> background -> popup (per message)")]
    public Task<string> RoundTrips() => _extension.EvaluateAsync("popup",
        "(async () => { let n = 0; for (let i = 0; i < 1000; i++) n = await browser.runtime.sendMessage(n); return n; })()");
}
