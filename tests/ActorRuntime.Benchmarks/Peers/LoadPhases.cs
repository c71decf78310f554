using System.Diagnostics;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Akka.Actor;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Benchmarks.Peers;

/// <summary>
/// <c>peer phases</c>: where a load of the small extension spends its time, phase by phase, as CPU time and wall time per
/// operation over many rounds (CPU time moves much less than wall time on a machine shared with other work).
/// </summary>
internal static class LoadPhases
{
    /// <param name="onlyWhole">Only the whole load, as many rounds as asked (for a profiler to watch).</param>
    public static async Task RunAsync(int rounds, bool onlyWhole = false)
    {
        var folder = PeerFiles.SmallExtension;
        await using var peer = ActorRuntimePeer.Start(folder);
        var options = peer.Runtime.Options;
        var package = ExtensionPackage.Load(folder, options.Files);
        var background = File.ReadAllText(Path.Combine(folder, "background.js"));
        var popupHtml = File.ReadAllText(Path.Combine(folder, "popup.html"));
        var prototype = ExtensionSpawner.NewState(package, options);
        var loaded = await peer.LoadAsync(withPopup: false);
        if (onlyWhole)
        {
            await Phase("whole load, background + popup", rounds, async () => ActorRuntimePeer.Unload(await peer.LoadAsync()));
            return;
        }

        await Phase("files opened (folder walked)", rounds, () => { ExtensionFiles.Open(folder, options.Files); return Task.CompletedTask; });
        var files = ExtensionFiles.Open(folder, options.Files);
        await Phase("manifest read and parsed", rounds, () => { ManifestLoader.Read(files, Path.Combine(folder, "manifest.json")); return Task.CompletedTask; });
        await Phase("popup page parsed (AngleSharp)", rounds, () => { PageParser.Parse(popupHtml, 512); return Task.CompletedTask; });
        await Phase("package loaded (all of the above and checks)", rounds, () => { ExtensionPackage.Load(folder, options.Files); return Task.CompletedTask; });
        await Phase("kernel made", rounds, () => { ExtensionSpawner.NewState(package, options); return Task.CompletedTask; });
        await Phase("background script parsed (2 KB)", rounds, () => { PreparedScript.Parse("background.js", background); return Task.CompletedTask; });
        var withoutRegex = background.Replace("/^[a-z]+:\\/\\/([^/:]+)/", "new RegExp('x')");
        if (withoutRegex == background) throw new InvalidOperationException("regex not replaced");
        await Phase("same script, its regex literal a RegExp call", rounds, () => { PreparedScript.Parse("background.js", withoutRegex); return Task.CompletedTask; });
        await Phase("background started, script parsed before", rounds, async () =>
        {
            var supervisor = ExtensionSpawner.Spawn(peer.Runtime.System, ExtensionKernel.SharingCatalog(prototype)).Supervisor;
            await supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, TimeSpan.FromSeconds(10));
            supervisor.Tell(PoisonPill.Instance);
        });
        await Phase("popup opened and closed", rounds, async () =>
        {
            await loaded.OpenAsync("popup");
            await loaded.CloseAsync("popup");
        });
        await Phase("eval round trip of a constant", rounds, () => loaded.EvaluateAsync("background", "0"));
        await Phase("whole load, background only", rounds, async () => ActorRuntimePeer.Unload(await peer.LoadAsync(withPopup: false)));
        await Phase("whole load, background + popup", rounds, async () => ActorRuntimePeer.Unload(await peer.LoadAsync()));
    }

    private static async Task Phase(string name, int rounds, Func<Task> action)
    {
        for (var i = 0; i < Math.Min(200, rounds); i++) await action();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var start = Stopwatch.GetTimestamp();
        var times = new double[rounds];
        var threadCpu = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var one = Stopwatch.GetTimestamp();
            var oneCpu = ThreadCpuClock.Now();
            await action();
            threadCpu[i] = (ThreadCpuClock.Now() - oneCpu) * 1e6 / Stopwatch.Frequency;
            times[i] = Stopwatch.GetElapsedTime(one).TotalMicroseconds;
        }
        var wall = Stopwatch.GetElapsedTime(start).TotalMicroseconds / rounds;
        self.Refresh();
        var cpuPer = (self.TotalProcessorTime - cpu).TotalMicroseconds / rounds;
        var bytes = (GC.GetTotalAllocatedBytes() - allocated) / (double)rounds;
        Console.WriteLine($"{name,-48} median {PeerClock.Median(times),9:0.0} µs   mean {wall,9:0.0} µs   process CPU {cpuPer,9:0.0} µs   thread CPU (sync phases) {PeerClock.Median(threadCpu),7:0.0} µs   allocated {bytes / 1024,7:0.0} KB");
    }
}
