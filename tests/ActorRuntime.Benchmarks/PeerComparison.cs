using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Reports;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// After the page benchmarks, the same popup in jsdom (Node), in the same run, and the ratios: the VM's absolute figures
/// drift between runs, ratios measured side by side much less. Needs <c>npm ci --prefix tests/ActorRuntime.Benchmarks/Peers</c>.
/// </summary>
internal static class PeerComparison
{
    public static void Print(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        var open = Median(reports, nameof(PopupPageBenchmarks.OpenThroughLoadAndClose));
        var click = Median(reports, nameof(PopupPageBenchmarks.ClickUpdatesOneElement));
        var retained = PopupPageMemoryBenchmarks.RetainedPerPage.GetValueOrDefault(nameof(PopupPageMemoryBenchmarks.OpenPages));
        if (open is null && click is null && retained == 0) return;
        var script = Path.Combine(Source(), "Peers", "jsdom-popup.mjs");
        if (!Directory.Exists(Path.Combine(Source(), "Peers", "node_modules", "jsdom")))
        {
            Console.WriteLine($"jsdom peer not measured: run `npm ci --prefix {Path.Combine(Source(), "Peers")}` first");
            return;
        }
        var folder = PopupPage.WriteExtension();
        var start = new ProcessStartInfo("node", ["--expose-gc", script, folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        if (node.ExitCode != 0)
        {
            Console.WriteLine("jsdom peer failed: " + node.StandardError.ReadToEnd());
            return;
        }
        var peer = JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement;
        var jsdomOpen = peer.GetProperty("openMedianMicroseconds").GetDouble();
        var jsdomClick = peer.GetProperty("clickMedianMicroseconds").GetDouble();
        var jsdomRetained = peer.GetProperty("retainedBytesPerPage").GetDouble();
        Console.WriteLine();
        Console.WriteLine($"Same popup in jsdom {peer.GetProperty("jsdom").GetString()} on Node {peer.GetProperty("node").GetString()}, same run:");
        Console.WriteLine("| measure | ActorRuntime | jsdom | ActorRuntime / jsdom |");
        Console.WriteLine("|---|---|---|---|");
        if (open is { } o) Console.WriteLine($"| open through load, then close (median) | {o / 1000:0.0} µs | {jsdomOpen:0.0} µs | {o / 1000 / jsdomOpen:0.00} |");
        if (click is { } c) Console.WriteLine($"| click whose listener updates one element (median) | {c / 1000:0.0} µs | {jsdomClick:0.0} µs | {c / 1000 / jsdomClick:0.00} |");
        if (retained > 0) Console.WriteLine($"| retained per open page | {retained / 1024:0.0} KiB | {jsdomRetained / 1024:0.0} KiB | {retained / jsdomRetained:0.00} |");
        Console.WriteLine("ActorRuntime's times include the asks from C# to the extension's actors; jsdom's are calls inside its process.");
    }

    private static double? Median(List<BenchmarkReport> reports, string method) =>
        reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Median;

    /// <summary>The benchmarks' source folder (the peers live beside the sources, not the build output).</summary>
    private static string Source()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorRuntime.Benchmarks.csproj"))) return dir.FullName;
        return Path.Combine(Directory.GetCurrentDirectory(), "tests", "ActorRuntime.Benchmarks");
    }
}
