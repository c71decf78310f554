using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// A cold start of a terminated MV3 service worker (a 20 KB module graph of 10 modules) through
/// <c>chrome.runtime.sendMessage</c> from an open popup: the worker's actor and engine are gone before every start
/// (terminated in the iteration setup, as its idle stop leaves it) and the runtime has been idle for 5 ms; the message
/// spawns the actor, builds a fresh engine, links and evaluates the already-parsed modules, and the listener answers.
/// Measured from C#, so it includes one external eval round trip (the baseline). Jobs as in <see cref="EventPageWakeBenchmarks"/>.
/// </summary>
[MedianColumn]
[Config(typeof(SingleWakeJobs))]
public class ServiceWorkerStartBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;

    /// <summary>A module worker (10 modules, 20 KB), or a classic one (one 20 KB script, as the event page's).</summary>
    [Params("10 modules", "classic")]
    public string Worker { get; set; } = "10 modules";

    [GlobalSetup]
    public void Setup() => (_runtime, _extension) = WorkerExtensions.StartWithPopup(classic: Worker == "classic");

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void Terminate()
    {
        // The baseline's iterations leave the worker running; both start from a stopped one.
        _extension.TerminateAsync("background").GetAwaiter().GetResult();
        _extension.SettleAsync().GetAwaiter().GetResult();
        // Idle a moment, as a worker is woken after a pause (the script threads asleep), like the event-page wake row.
        Thread.Sleep(5);
    }

    [Benchmark(Baseline = true, Description = "same conditions, eval of a constant in the popup (no start)")]
    public Task<string> EvalConstant() => _extension.EvaluateAsync("popup", "0");

    [Benchmark(Description = "cold start of a terminated worker (20 KB) via runtime.sendMessage")]
    public Task<string> Start() => _extension.EvaluateAsync("popup", "chrome.runtime.sendMessage(1)");
}
