using ActorRuntime.Kernel;
using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Memory kept per open page: 200 copies of the benchmark popup's page (<see cref="PopupPage"/>) open at once as
/// extension tabs (<c>page:popup.html?n</c>) of one extension, each with its engine, document and actor, after full
/// collections; the time column is how long the 200 took to open.
/// </summary>
[Config(typeof(PageMemoryConfig))]
public class PopupPageMemoryBenchmarks
{
    private const int Pages = 200;
    internal static readonly ConcurrentDictionary<string, double> RetainedPerPage = new();

    [Benchmark(Description = "200 open pages (2 KB HTML, 5 KB script) in one extension")]
    public void OpenPages()
    {
        var runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), BenchmarkExtensions.InMemoryStorage);
        var extension = runtime.LoadAsync(PopupPage.WriteExtension()).GetAwaiter().GetResult();
        // One page first, so what pages share (parsed scripts, JIT, the interfaces' descriptions) is not counted.
        extension.OpenAsync("page:popup.html?warm").GetAwaiter().GetResult();
        extension.SettleAsync().GetAwaiter().GetResult();
        var before = Collect();
        for (var i = 0; i < Pages; i++) extension.OpenAsync($"page:popup.html?{i}").GetAwaiter().GetResult();
        extension.SettleAsync().GetAwaiter().GetResult();
        var after = Collect();
        RetainedPerPage[nameof(OpenPages)] = (after - before) / (double)Pages;
        runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static long Collect() => RetainedMemory.Collect(settleMilliseconds: 500);

    /// <summary>One cold run in process, with the bytes kept per open page.</summary>
    private sealed class PageMemoryConfig() : RetainedMemory.Config("Retained/page", "Bytes kept per open page after full collections", RetainedPerPage,
        benchmarkCase => benchmarkCase.Descriptor.WorkloadMethod.Name);
}
