using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorRuntime.Benchmarks.Peers;

/// <summary>
/// How many times each scenario runs; the same for every peer unless a peer cannot (then it says so). A timed scenario
/// (load, cold start) is first repeated untimed for at least <see cref="WarmupSeconds"/>: .NET's tiered JIT reaches its
/// optimized code only after some thousands of loads (V8 after far fewer), and a host that loads extensions all day
/// runs that code, not the first tier's.
/// </summary>
internal sealed record PeerSettings(int Loads = 200, int ColdStarts = 200, int Memory = 200, int Loop = 1000, int LoopRuns = 20, int Many = 10_000, double WarmupSeconds = 15)
{
    public static PeerSettings Parse(string json) => JsonSerializer.Deserialize<PeerSettings>(json, PeerJson.Options) ?? new PeerSettings();
}

internal sealed record PerCall(double PerCallUs, double Answer);

internal sealed record MemoryFigure(int Extensions, double HeapBytesPerExtension, double RssBytesPerExtension, double? Seconds = null);

/// <summary>One peer's figures, as every peer prints them (one JSON line; the Node peers print the same shape).</summary>
internal sealed record PeerResult(
    string Peer, string Version, PeerSettings Settings, double LoadMedianUs, double LoadCpuUs, double ColdStartMedianUs, double ColdStartCpuUs,
    PerCall Cross, PerCall Message, MemoryFigure Memory, MemoryFigure Many, string? Notes = null);

/// <summary>A timed action's median wall time, and the CPU time the whole process used per action (every thread, summed).</summary>
internal sealed record Timing(double MedianUs, double CpuUs);

internal static class PeerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

/// <summary>The measuring both .NET peers share: medians of single timed actions, memory after full collections.</summary>
internal static class PeerClock
{
    /// <summary>The median of <paramref name="count"/> timings of <paramref name="timed"/> (after warm-up); <paramref name="after"/> runs untimed after each.</summary>
    public static async Task<double> MedianMicroseconds<T>(int count, int warmup, Func<Task<T>> timed, Func<T, Task> after) =>
        (await Time(count, warmup, timed, after)).MedianUs;

    /// <summary>
    /// As <see cref="MedianMicroseconds"/>, with the process's CPU time per action (what the machine's other work moves much
    /// less); the warm-up runs <paramref name="warmup"/> times and for at least <paramref name="warmupSeconds"/>.
    /// </summary>
    public static async Task<Timing> Time<T>(int count, int warmup, Func<Task<T>> timed, Func<T, Task> after, double warmupSeconds = 0)
    {
        var warming = Stopwatch.GetTimestamp();
        for (var i = 0; i < warmup || Stopwatch.GetElapsedTime(warming).TotalSeconds < warmupSeconds; i++) await after(await timed());
        var times = new double[count];
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var cpuStart = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            var value = await timed();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            cpu += Environment.CpuUsage.TotalTime - cpuStart;
            await after(value);
        }
        return new Timing(Median(times), cpu.TotalMicroseconds / count);
    }

    public static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    /// <summary>Managed bytes in use and the process's resident set, after full blocking collections.</summary>
    public static (long Heap, long Rss) Retained()
    {
        var heap = RetainedMemory.Collect(settleMilliseconds: 500);
        using var self = Process.GetCurrentProcess();
        return (heap, self.WorkingSet64);
    }

    public static string Substitute(string code, int n) => code.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The scenarios every peer evaluates in the popup (Peers/scenarios.json).</summary>
    public static (string Cross, string Message) Scenarios()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PeerFiles.Folder, "scenarios.json")));
        return (json.RootElement.GetProperty("cross").GetString()!, json.RootElement.GetProperty("message").GetString()!);
    }
}

/// <summary>Where the peers' files are: beside the benchmarks' sources, not in the build output.</summary>
internal static class PeerFiles
{
    public static string Folder => Path.Combine(Source(), "Peers");

    /// <summary>The small extension every peer loads: about 2 KB of background script and a popup.</summary>
    public static string SmallExtension => Path.Combine(Folder, "small-extension");

    public static string Source()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorRuntime.Benchmarks.csproj"))) return dir.FullName;
        return Path.Combine(Directory.GetCurrentDirectory(), "tests", "ActorRuntime.Benchmarks");
    }

    public static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Source(), "..", ".."));
}
