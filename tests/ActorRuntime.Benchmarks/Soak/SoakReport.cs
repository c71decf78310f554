using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ActorRuntime.Benchmarks.Soak;

/// <summary>The soak's figures as a Markdown table, each against its target; false when a target is missed.</summary>
internal static class SoakReport
{
    /// <summary>The most the healthy median may grow beside the spinner (issue 9's target).</summary>
    private const double MedianRatioTarget = 2.0;

    /// <summary>Flat: the fitted growth over the soak stays under this, or under <see cref="FlatFraction"/> of the level after warm-up.</summary>
    private const long FlatBytes = 1024 * 1024;
    private const double FlatFraction = 0.02;

    public static bool Print(SoakSettings settings, SoakResult result, TextWriter output)
    {
        var ok = true;
        string Verdict(bool met)
        {
            ok &= met;
            return met ? "✓" : "✗ MISSED";
        }

        var wakeEvery = settings.SuspendEvery;
        var aloneMedian = Percentile(result.Alone, 0.5);
        var besideMedian = Percentile(result.Beside, 0.5);
        var ratio = besideMedian / aloneMedian;
        var samples = result.Samples;
        var (slopePerCycle, _) = Fit(samples);
        var span = samples[^1].Cycle - samples[0].Cycle;
        var growth = slopePerCycle * span;
        var flatLimit = Math.Max(FlatBytes, FlatFraction * samples[0].Bytes);
        var mostAlive = samples.Max(s => s.EnginesAlive);
        var spinnerMessages = samples.Where(s => s.SpinnerMessages is not null).Select(s => s.SpinnerMessages!.Value).ToList();

        output.WriteLine();
        output.WriteLine($"Soak: {Machine()}; load average at the end {LoadAverage()}");
        output.WriteLine($"{result.Alone.Length:N0} cycles alone, {result.Beside.Length:N0} beside the spinner (after {settings.WarmupCycles:N0} warm-up cycles each); " +
                         $"event page suspended and woken every {wakeEvery:N0} cycles ({result.Suspensions:N0} times in all); " +
                         $"alone {Rate(result.Alone.Length, result.AloneTime)}, beside {Rate(result.Beside.Length, result.BesideTime)}.");
        output.WriteLine();
        output.WriteLine("| measure | alone | beside the spinner | target |");
        output.WriteLine("|---|---|---|---|");
        output.WriteLine($"| median cycle: `(await browser.runtime.getBackgroundPage()).foo(21)` from the popup, from C# | {Micro(aloneMedian)} | {Micro(besideMedian)} (**{ratio:0.00}×**) | within {MedianRatioTarget:0}× {Verdict(ratio <= MedianRatioTarget)} |");
        output.WriteLine($"| p90 / p99 cycle | {Micro(Percentile(result.Alone, 0.9))} / {Micro(Percentile(result.Alone, 0.99))} | {Micro(Percentile(result.Beside, 0.9))} / {Micro(Percentile(result.Beside, 0.99))} | — |");
        output.WriteLine($"| mean cycle | {Micro(result.Alone.Average())} | {Micro(result.Beside.Average())} ({result.Beside.Average() / result.Alone.Average():0.00}×) | — |");
        output.WriteLine($"| median cycle that wakes the suspended page | {Micro(Percentile(Wakes(result.Alone, wakeEvery), 0.5))} | {Micro(Percentile(Wakes(result.Beside, wakeEvery), 0.5))} | — |");
        output.WriteLine();
        output.WriteLine("| soak (beside the spinner) | value | target |");
        output.WriteLine("|---|---|---|");
        output.WriteLine($"| managed memory after warm-up → at the end (`GC.GetTotalMemory(true)`, {samples.Count} samples every {settings.SampleInterval:N0} cycles) | {Mib(samples[0].Bytes)} → {Mib(samples[^1].Bytes)} (min {Mib(samples.Min(s => s.Bytes))}, max {Mib(samples.Max(s => s.Bytes))}) | — |");
        output.WriteLine($"| fitted trend (least squares over the samples) | {slopePerCycle * 100_000 / 1024:+0.0;-0.0} KiB per 100,000 cycles, {growth / 1024:+0;-0} KiB over the soak | flat: under {Mib((long)flatLimit)} {Verdict(growth < flatLimit)} |");
        output.WriteLine($"| script engines created / alive after everything closed | {result.EnginesCreated:N0} / {result.EnginesAliveAtEnd.Count}{(result.EnginesAliveAtEnd.Count > 0 ? " (" + string.Join(", ", result.EnginesAliveAtEnd) + ")" : "")} | 0 alive {Verdict(result.EnginesAliveAtEnd.Count == 0)} |");
        output.WriteLine($"| most engines alive at a sample (healthy popup and page, spinner popup and background) | {mostAlive} | at most {SoakRun.MostEnginesExpected} {Verdict(mostAlive <= SoakRun.MostEnginesExpected)} |");
        output.WriteLine($"| spinner's messages handled (at the samples) | {(spinnerMessages.Count > 0 ? $"{spinnerMessages.Max():N0} most in one spinner" : "none sampled")} | — |");
        output.WriteLine($"| spinners stopped as unresponsive (then unloaded and replaced) | {Halts(result.Halts)} | — |");
        if (result.Halts.Count > 0)
        {
            var refusedAll = result.Halts.All(h => h.Refused);
            var mostAfterHalt = result.Halts.Max(h => h.EnginesAlive);
            output.WriteLine($"| a stopped spinner refuses requests; engines alive meanwhile (the healthy one's only) | {(refusedAll ? "refused" : "answered")}; at most {mostAfterHalt} | refused, at most 2 {Verdict(refusedAll && mostAfterHalt <= 2)} |");
        }
        output.WriteLine($"| unexpected console lines | {result.UnexpectedLines.Count}{(result.UnexpectedLines.Count > 0 ? ": " + result.UnexpectedLines[0] : "")} | 0 {Verdict(result.UnexpectedLines.Count == 0)} |");
        output.WriteLine();
        output.WriteLine("Memory samples (cycle: MiB, engines alive):");
        output.WriteLine(string.Join(", ", samples.Select(s => $"{s.Cycle:N0}: {s.Bytes / 1024.0 / 1024:0.00}, {s.EnginesAlive}")));
        output.WriteLine();
        output.WriteLine(ok ? "soak: every target met" : "soak: a target was missed");
        return ok;
    }

    private static string Halts(IReadOnlyList<HaltRecord> halts)
    {
        if (halts.Count == 0) return "none";
        var after = string.Join(", ", halts.Select(h => h.AfterStart.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"));
        return $"{halts.Count}, each after running {after}; \"{halts[0].Reason}\"";
    }

    private static long[] Wakes(long[] cycles, int every) => cycles.Where((_, i) => i > 0 && i % every == 0).ToArray();

    private static double Percentile(long[] ticks, double fraction)
    {
        if (ticks.Length == 0) return double.NaN;
        var sorted = (long[])ticks.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(fraction * sorted.Length))];
    }

    /// <summary>Least-squares line through (cycle, bytes): bytes per cycle and the intercept.</summary>
    private static (double Slope, double Intercept) Fit(IReadOnlyList<MemorySample> samples)
    {
        var meanX = samples.Average(s => (double)s.Cycle);
        var meanY = samples.Average(s => (double)s.Bytes);
        var sxx = samples.Sum(s => (s.Cycle - meanX) * (s.Cycle - meanX));
        var sxy = samples.Sum(s => (s.Cycle - meanX) * (s.Bytes - meanY));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        return (slope, meanY - slope * meanX);
    }

    private static string Micro(double ticks) => double.IsNaN(ticks) ? "n/a" : $"{ticks * 1_000_000 / Stopwatch.Frequency:0.0} µs";

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024:0.00} MiB";

    private static string Rate(int cycles, TimeSpan time) => $"{time.TotalSeconds:0.0} s ({cycles / time.TotalSeconds:N0} cycles/s)";

    /// <summary>The 1, 5 and 15 minute load averages (Linux): other processes on the machine move every figure here.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, " +
               $"{RuntimeInformation.FrameworkDescription}, {gc}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }
}
