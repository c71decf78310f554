using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// A cold wake of a suspended event page (20 KB background) through <c>runtime.getBackgroundPage()</c>
/// from an open popup: the page's actor and engine are gone before every wake (closed in the iteration
/// setup, as a suspension leaves them); the wake spawns the actor, builds a fresh engine, runs the
/// already-parsed script and answers. Measured from C#, so it includes one external eval round trip
/// (about 8 µs, see <see cref="GetBackgroundPageBenchmarks"/>).
/// </summary>
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 20, iterationCount: 200, invocationCount: 1)]
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
    }

    [Benchmark(Baseline = true, Description = "same conditions, eval of a constant in the popup (no wake)")]
    public Task<string> EvalConstant() => _extension.EvaluateAsync("popup", "0");

    [Benchmark(Description = "cold wake of a suspended 20 KB event page via runtime.getBackgroundPage()")]
    public Task<string> Wake() => _extension.EvaluateAsync("popup", "browser.runtime.getBackgroundPage().then(w => w.registry ? 0 : 1)");
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
