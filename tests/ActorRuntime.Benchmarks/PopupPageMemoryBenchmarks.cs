using ActorRuntime.Kernel;
using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Memory kept per open page: 200 copies of the benchmark popup's page (<see cref="PopupPage"/>) open at once as
/// extension tabs (<c>page:popup.html?n</c>) of one extension, each with its engine, document and actor, after full
/// collections; the time column is how long the 200 took to open.
/// </summary>
[Config(typeof(Config))]
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

    private static long Collect()
    {
        Thread.Sleep(500);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.ColdStart).WithWarmupCount(0));
            AddColumn(new RetainedColumn());
        }
    }

    private sealed class RetainedColumn : IColumn
    {
        public string Id => nameof(RetainedColumn);
        public string ColumnName => "Retained/page";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Bytes kept per open page after full collections";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            RetainedPerPage.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var bytes) ? $"{bytes / 1024:0.0} KiB" : "n/a";
    }
}
