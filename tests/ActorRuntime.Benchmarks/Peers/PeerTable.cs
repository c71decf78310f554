using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorRuntime.Benchmarks.Peers;

/// <summary>The markdown docs/peer-benchmarks.md holds: the figures of every peer, then each peer's figure over ActorRuntime's.</summary>
internal static class PeerTable
{
    public static string Markdown(IReadOnlyList<PeerResult> results, DateTime started, string loadAverage, bool quick)
    {
        var ours = results[0];
        var peers = results.Skip(1).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# ActorRuntime side by side with its peers");
        sb.AppendLine();
        sb.AppendLine("Written by `dotnet run -c Release --project tests/ActorRuntime.Benchmarks -- peers` (see the end of this page).");
        sb.AppendLine();
        sb.AppendLine($"Measured {started:yyyy-MM-dd HH:mm} UTC{(quick ? " (`--quick`: fewer rounds)" : "")} on {Machine()}; load average {loadAverage} when the run began.");
        sb.AppendLine("Every peer ran in a process of its own, one after the other, in this one run, on the same extension");
        sb.AppendLine("(`tests/ActorRuntime.Benchmarks/Peers/small-extension`: a 2 KB persistent background script and a popup page with a 0.4 KB script)");
        sb.AppendLine("and the same scenario scripts (`Peers/scenarios.json`). Absolute figures move with the machine's load; the ratios of one run much less.");
        sb.AppendLine();
        sb.AppendLine("Peers: " + string.Join("; ", peers.Select(p => $"**{p.Peer}** {p.Version}")) + ".");
        sb.AppendLine();
        sb.Append("| scenario | ActorRuntime |");
        foreach (var p in peers) sb.Append($" {p.Peer} |");
        foreach (var p in peers) sb.Append($" {p.Peer} ÷ ActorRuntime |");
        sb.AppendLine();
        sb.AppendLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|", peers.Count * 2)));
        Row(sb, "load from the manifest, background + popup (median)", ours, peers, r => r.LoadMedianUs, Time);
        Row(sb, "load: CPU time of the whole process per load (all threads)", ours, peers, r => r.LoadCpuUs, Time);
        Row(sb, "cold start of the background, manifest read before (median)", ours, peers, r => r.ColdStartMedianUs, Time);
        Row(sb, "cold start: CPU time of the whole process per start", ours, peers, r => r.ColdStartCpuUs, Time);
        Row(sb, "cross-context call: `(await getBackgroundPage()).foo(i)` in the popup (per call)", ours, peers, r => r.Cross.PerCallUs, Time);
        Row(sb, "message round trip: `await runtime.sendMessage(n)` → onMessage → answer (per message)", ours, peers, r => r.Message.PerCallUs, Time);
        Row(sb, "memory per loaded extension, background + popup (heap)", ours, peers, r => r.Memory.HeapBytesPerExtension, Bytes);
        Row(sb, "memory per loaded extension, background + popup (resident set)", ours, peers, r => r.Memory.RssBytesPerExtension, Bytes);
        Row(sb, "many extensions in one process: how many (background running)", ours, peers, r => r.Many.Extensions, n => n.ToString("N0", CultureInfo.InvariantCulture), ratio: false);
        Row(sb, "many extensions: time to load them all, per extension", ours, peers, r => r.Many.Seconds!.Value * 1e6 / r.Many.Extensions, Time);
        Row(sb, "many extensions: memory per extension (heap)", ours, peers, r => r.Many.HeapBytesPerExtension, Bytes);
        Row(sb, "many extensions: memory per extension (resident set)", ours, peers, r => r.Many.RssBytesPerExtension, Bytes);
        sb.AppendLine();
        sb.AppendLine("A ratio is the peer's figure over ActorRuntime's: above 1, ActorRuntime is faster or smaller by that factor.");
        sb.AppendLine();
        sb.AppendLine("Rounds: " + string.Join("; ", results.Select(r =>
            $"{r.Peer}: {r.Settings.Loads} loads and {r.Settings.ColdStarts} cold starts timed after at least {r.Settings.WarmupSeconds:0.#} s of each untimed, {r.Settings.LoopRuns} runs of {r.Settings.Loop} calls, {r.Memory.Extensions} extensions held, {r.Many.Extensions:N0} many")) + ".");
        foreach (var r in results.Where(r => r.Notes is not null)) sb.AppendLine($"- {r.Peer}: {r.Notes}.");
        sb.AppendLine();
        Targets(sb, ours, peers.FirstOrDefault(p => p.Peer == "webextensions-jsdom"));
        sb.AppendLine();
        sb.Append(Method);
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, PeerResult ours, List<PeerResult> peers, Func<PeerResult, double> figure, Func<double, string> format, bool ratio = true)
    {
        sb.Append($"| {name} | {format(figure(ours))} |");
        foreach (var p in peers) sb.Append($" {format(figure(p))} |");
        foreach (var p in peers) sb.Append(ratio ? $" {Ratio(figure(p), figure(ours))} |" : " |");
        sb.AppendLine();
    }

    /// <summary>Issue 15's targets, as this run measured them.</summary>
    private static void Targets(StringBuilder sb, PeerResult ours, PeerResult? jsdom)
    {
        sb.AppendLine("## Targets (issue 15)");
        sb.AppendLine();
        var load = ours.LoadMedianUs;
        sb.AppendLine($"- Loading the small extension from its manifest under 1 ms (median): **{Time(load)}** {(load < 1000 ? "✓" : "✗")} "
            + $"(CPU time of the process per load: {Time(ours.LoadCpuUs)}; the machine's load average is on the first line).");
        if (jsdom is not null)
        {
            var ratio = jsdom.Memory.HeapBytesPerExtension / ours.Memory.HeapBytesPerExtension;
            sb.AppendLine($"- Memory per loaded extension 50× below webextensions-jsdom: **{ratio:0}×** below {(ratio >= 50 ? "✓" : "✗")} "
                + $"({Bytes(ours.Memory.HeapBytesPerExtension)} against {Bytes(jsdom.Memory.HeapBytesPerExtension)}).");
        }
    }

    private static string Ratio(double peer, double ours) =>
        ours <= 0 || peer <= 0 ? "n/a" : (peer / ours) switch
        {
            >= 10 => $"**{peer / ours:0}×**",
            var r => $"{r:0.00}×",
        };

    private static string Time(double microseconds) => microseconds switch
    {
        >= 10_000 => $"{microseconds / 1000:0} ms",
        >= 1_000 => $"{microseconds / 1000:0.00} ms",
        >= 10 => $"{microseconds:0} µs",
        _ => $"{microseconds:0.00} µs",
    };

    private static string Bytes(double bytes) => bytes switch
    {
        <= 0 => "n/a (noise)",
        >= 1024 * 1024 => $"{bytes / 1024 / 1024:0.0} MiB",
        _ => $"{bytes / 1024:0.0} KiB",
    };

    private static string Machine()
    {
        string? cpu = null;
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim();
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {memory:0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private const string Method = """
        ## What each scenario does

        - **load**: from the manifest's path to both contexts having run their scripts. ActorRuntime: `LoadAsync(folder)` (manifest
          read and checked, files checked, background script parsed, supervisor and background actor spawned, engine made, script run,
          startup fired) then `OpenAsync("popup")` (page parsed, DOM built, popup script run, `load` fired), driven from C# through
          actor asks. webextensions-jsdom: `fromManifest(path, { wiring: true })`, a jsdom window each with `browser` stubbed by sinon.
          Node vm / ClearScript V8: the manifest read, a context per page with the raw stand-in for `browser` (`Peers/raw-context.js`:
          no DOM, no API beyond `runtime.sendMessage`/`onMessage`/`getBackgroundPage`), the files read and run.
        - **warm-up**: each timed scenario first runs untimed for at least the seconds the rounds line gives, in every peer:
          .NET's tiered JIT compiles the runtime's code again, optimized, only after some thousands of loads (a few seconds),
          and until then a load takes two to three times as long; V8 gets there sooner. A host that loads extensions all day
          runs the optimized code, so that is what the table compares; a process's very first load is JIT-bound in every peer.
        - **CPU time**: user and system time of the peer's whole process while the timed actions ran, per action: every
          thread is counted (ActorRuntime's dispatcher threads and the GC's as well as Node's helper threads). On a machine
          shared with other work it moves much less than the wall time.
        - **cold start**: a background alone, the extension read before. ActorRuntime: a new supervisor sharing the parsed scripts
          (as on a wake); vm and V8: a new context running the script compiled once; jsdom has no cache: it reads and parses again.
        - **cross-context call** and **message round trip**: a loop of 1,000 inside the popup, per call (the median of the runs).
          In webextensions-jsdom `getBackgroundPage` is a sinon stub answering the background's window and `sendMessage` is wired
          to the background's listeners by the package (`wiring: true`); in the raw peers the stand-in does the same by hand. ActorRuntime
          goes through its real API (arguments checked against the schema, the message cloned, the answer delivered on the popup's turn).
        - **memory**: extensions loaded and kept, measured after full collections: the managed heap for ActorRuntime (Jint is managed
          code), V8's heap plus the managed heap for ClearScript, the JS heap plus external memory for the Node peers; and the
          resident set, which includes what a runtime keeps reserved (noisy: it can even shrink).
        - **many**: backgrounds loaded from the manifest and kept running in one process. jsdom is scaled down (its figure per
          extension is what matters: 10,000 jsdom windows need tens of GiB).

        ## Running it

        `dotnet run -c Release --project tests/ActorRuntime.Benchmarks -- peers` (about 10 minutes on 2 shared cores; `--quick` for
        fewer rounds, `--output <file.md>` to write elsewhere). It installs the Node peers itself the first time (`npm ci` in
        `tests/ActorRuntime.Benchmarks/Peers`, from its lock file, into `node_modules` there, which git ignores) and needs `node` (20)
        on the path; ClearScript comes from NuGet with the benchmarks. Each peer runs in a fresh process: `peer actorruntime` and
        `peer clearscript` of the same program, `node Peers/node-peers.mjs jsdom|vm`. `peer phases [rounds]` shows where
        ActorRuntime's load spends its time, part by part.
        """;
}
