using System.Collections.Concurrent;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// The memory benchmarks' common parts: full collections before counting, a run in process (so a column can read what the
/// benchmark measured) where one cold run is the measurement, and the column that shows bytes kept per unit.
/// </summary>
internal static class RetainedMemory
{
    /// <summary>Bytes in use after full blocking collections, once stopping actors have had time to finish stopping.</summary>
    public static long Collect(int settleMilliseconds)
    {
        Thread.Sleep(settleMilliseconds);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>One cold run in process, with a column reading <paramref name="measured"/> by <paramref name="key"/>.</summary>
    public class Config : ManualConfig
    {
        public Config(string columnName, string legend, ConcurrentDictionary<string, double> measured, Func<BenchmarkCase, string> key)
        {
            AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.ColdStart).WithWarmupCount(0));
            AddColumn(new Column(columnName, legend, measured, key));
        }
    }

    private sealed class Column(string name, string legend, ConcurrentDictionary<string, double> measured, Func<BenchmarkCase, string> key) : IColumn
    {
        public string Id => "Retained:" + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => legend;
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            measured.TryGetValue(key(benchmarkCase), out var bytes) ? $"{bytes / 1024:0.0} KB" : "n/a";
    }
}
