using ActorRuntime.Contexts;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// A warm <c>await runtime.getBackgroundPage()</c> from a popup, measured end to end from C#: an ask
/// to the popup, the popup's ask to the supervisor, the answer back on the popup's turn, the promise
/// settling. The baseline is the same round trip evaluating a constant, so the difference is the API.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GetBackgroundPageBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_runtime, _extension) = BenchmarkExtensions.StartWithPopup();
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "eval round trip of a constant (baseline)")]
    public Task<string> EvalConstant() => _extension.EvaluateAsync("popup", "0");

    [Benchmark(Description = "await runtime.getBackgroundPage() from a popup")]
    public Task<string> GetBackgroundPage() => _extension.EvaluateAsync("popup", "browser.runtime.getBackgroundPage().then(() => 0)");

    /// <summary>The API alone, as a popup sees it: 100 awaits in a row inside the popup, no external ask per call.</summary>
    [Benchmark(OperationsPerInvoke = 100, Description = "getBackgroundPage awaited in a loop inside the popup (per call)")]
    public Task<string> GetBackgroundPageInsidePopup() => _extension.EvaluateAsync("popup",
        "(async () => { for (let i = 0; i < 100; i++) await browser.runtime.getBackgroundPage(); return 0; })()");
}
