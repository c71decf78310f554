using System.Diagnostics;
using System.Text.Json;

namespace ActorRuntime.Benchmarks.Peers;

/// <summary>
/// <c>peers</c>: ActorRuntime against webextensions-jsdom, Node's vm contexts and ClearScript V8 on the same extension,
/// machine and run; each peer in a fresh process of its own, one after the other. Writes the table to docs/peer-benchmarks.md.
/// <c>peer &lt;name&gt; &lt;folder&gt; &lt;settings&gt;</c> runs one .NET peer and prints its JSON line (what <c>peers</c> starts).
/// </summary>
internal static class PeersCommand
{
    private const string Usage = "usage: peers [--quick] [--output <file.md>]   (or: peer actorruntime|clearscript <folder> <settings json>)";

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var output = args.SkipWhile(a => a != "--output").Skip(1).FirstOrDefault()
            ?? Path.Combine(PeerFiles.RepositoryRoot(), "docs", "peer-benchmarks.md");
        if (args.Except(["--quick", "--output", output]).FirstOrDefault() is { } unknown)
        {
            Console.Error.WriteLine($"error: unknown argument {unknown}\n{Usage}");
            return 2;
        }
        if (!await InstallNodePeers()) return 1;
        var folder = PeerFiles.SmallExtension;
        var settings = quick ? new PeerSettings(Loads: 50, ColdStarts: 50, Memory: 50, LoopRuns: 5, Many: 1000, WarmupSeconds: 2) : new PeerSettings();
        // jsdom takes ~100 ms and megabytes per extension: fewer rounds, and 10,000 would not fit in memory (scaled down, said in the table).
        var jsdomSettings = settings with { Loads = quick ? 10 : 50, ColdStarts = quick ? 10 : 50, Memory = quick ? 10 : 50, Many = quick ? 50 : 500 };
        var started = DateTime.UtcNow;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var results = new List<PeerResult>();
        foreach (var (name, run) in new (string, Func<Task<PeerResult?>>)[]
        {
            ("ActorRuntime", () => RunSelf("actorruntime", folder, settings)),
            ("webextensions-jsdom", () => RunNode("jsdom", folder, jsdomSettings)),
            ("Node vm", () => RunNode("vm", folder, settings)),
            ("ClearScript V8", () => RunSelf("clearscript", folder, settings)),
        })
        {
            Console.Error.WriteLine($"[peers] {name}...");
            if (await run() is not { } result) return 1;
            results.Add(result);
        }
        var markdown = PeerTable.Markdown(results, started, load, quick);
        Console.WriteLine(markdown);
        File.WriteAllText(output, markdown);
        Console.Error.WriteLine($"[peers] written to {output}");
        return 0;
    }

    /// <summary><c>peer actorruntime|clearscript &lt;folder&gt; &lt;settings&gt;</c>: one .NET peer in this process, its JSON on stdout.</summary>
    public static async Task<int> RunOneAsync(string[] args)
    {
        if (args is ["phases", ..]) { await LoadPhases.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1000, args.Contains("whole")); return 0; }
        if (args.Length != 3 || args[0] is not ("actorruntime" or "clearscript"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var settings = PeerSettings.Parse(args[2]);
        var result = args[0] == "actorruntime"
            ? await ActorRuntimePeer.MeasureAsync(args[1], settings)
            : await ClearScriptPeer.MeasureAsync(args[1], settings);
        Console.WriteLine(JsonSerializer.Serialize(result, PeerJson.Options));
        return 0;
    }

    /// <summary>The Node peers' packages, installed from the lock file into Peers/node_modules (ignored) when missing.</summary>
    private static async Task<bool> InstallNodePeers()
    {
        if (Directory.Exists(Path.Combine(PeerFiles.Folder, "node_modules", "webextensions-jsdom"))) return true;
        Console.Error.WriteLine("[peers] npm ci (webextensions-jsdom, jsdom, sinon) into " + Path.Combine(PeerFiles.Folder, "node_modules"));
        var (code, _, error) = await Run("npm", ["ci", "--no-audit", "--no-fund"], PeerFiles.Folder);
        if (code == 0) return true;
        Console.Error.WriteLine("error: npm ci failed: " + error);
        return false;
    }

    private static Task<PeerResult?> RunSelf(string peer, string folder, PeerSettings settings)
    {
        var self = Environment.ProcessPath!;
        string[] prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(PeersCommand).Assembly.Location] : [];
        return RunPeer(self, [.. prefix, "peer", peer, folder, JsonSerializer.Serialize(settings, PeerJson.Options)]);
    }

    private static Task<PeerResult?> RunNode(string peer, string folder, PeerSettings settings) =>
        RunPeer("node", ["--expose-gc", "--max-old-space-size=16384", Path.Combine(PeerFiles.Folder, "node-peers.mjs"), peer, folder, JsonSerializer.Serialize(settings, PeerJson.Options)]);

    private static async Task<PeerResult?> RunPeer(string file, string[] arguments)
    {
        var (code, output, error) = await Run(file, arguments, PeerFiles.Folder);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (code == 0 && line is not null) return JsonSerializer.Deserialize<PeerResult>(line, PeerJson.Options);
        Console.Error.WriteLine($"error: {file} {string.Join(' ', arguments.Take(4))} failed (exit {code}):\n{error}\n{output}");
        return null;
    }

    private static async Task<(int Code, string Output, string Error)> Run(string file, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
