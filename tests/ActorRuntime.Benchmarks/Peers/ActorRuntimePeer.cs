using System.Diagnostics;
using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using Akka.Actor;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Benchmarks.Peers;

/// <summary>
/// ActorRuntime's side of the peer benchmarks, driven from C# through the runtime tests and benchmarks use
/// (<see cref="ExtensionRuntime"/>): the same extension folder, the same scenario scripts as the peers.
/// </summary>
internal sealed class ActorRuntimePeer(ExtensionRuntime runtime, string folder) : IAsyncDisposable
{
    public ExtensionRuntime Runtime { get; } = runtime;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static ActorRuntimePeer Start(string folder) =>
        new(ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), BenchmarkExtensions.InMemoryStorage), folder);

    /// <summary>Loads the extension from its manifest (files read, scripts parsed, background started) and opens its popup.</summary>
    public async Task<LoadedExtension> LoadAsync(bool withPopup = true)
    {
        var extension = await Runtime.LoadAsync(folder);
        if (withPopup) await extension.OpenAsync("popup");
        return extension;
    }

    /// <summary>Both contexts ran their scripts (checked outside the timings).</summary>
    public static async Task CheckLoaded(LoadedExtension extension, bool withPopup = true)
    {
        if (await extension.EvaluateAsync("background", "started") != "true") throw new InvalidOperationException("the background did not run");
        if (withPopup && await extension.EvaluateAsync("popup", "ready && document.getElementById('status').textContent") != "\"Ready\"")
            throw new InvalidOperationException("the popup did not run");
    }

    public static void Unload(LoadedExtension extension) => extension.Supervisor.Tell(PoisonPill.Instance);

    /// <summary>The popup's answer to <paramref name="code"/> (a number).</summary>
    public static async Task<double> EvaluateInPopup(LoadedExtension extension, string code) =>
        JsonSerializer.Deserialize<double>(await extension.EvaluateAsync("popup", code));

    public static async Task<PeerResult> MeasureAsync(string folder, PeerSettings settings)
    {
        await using var peer = Start(folder);
        var load = await PeerClock.Time(settings.Loads, Math.Min(50, settings.Loads), () => peer.LoadAsync(), async e => { await CheckLoaded(e); Unload(e); }, settings.WarmupSeconds);

        // Cold start of the background from the extension's package read once (its scripts parsed once, as on a wake).
        var prototype = ExtensionSpawner.NewState(ExtensionPackage.Load(folder, peer.Runtime.Options.Files), peer.Runtime.Options);
        var cold = await PeerClock.Time(settings.ColdStarts, Math.Min(50, settings.ColdStarts), async () =>
        {
            var supervisor = ExtensionSpawner.Spawn(peer.Runtime.System, ExtensionKernel.SharingCatalog(prototype)).Supervisor;
            await supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, Timeout);
            return supervisor;
        }, s => { s.Tell(PoisonPill.Instance); return Task.CompletedTask; }, settings.WarmupSeconds);

        var (crossCode, messageCode) = PeerClock.Scenarios();
        var cross = await peer.PerCall(crossCode, settings, (double)settings.Loop * (settings.Loop - 1));
        var message = await peer.PerCall(messageCode, settings, settings.Loop);

        var memory = await peer.Hold(settings.Memory, withPopup: true, concurrently: 1);
        var many = await peer.Hold(settings.Many, withPopup: false, concurrently: 100);
        return new PeerResult("ActorRuntime", typeof(ExtensionRuntime).Assembly.GetName().Version?.ToString() ?? "", settings, load.MedianUs, load.CpuUs, cold.MedianUs, cold.CpuUs, cross, message, memory, many,
            "many: loaded 100 at a time (the runtime spreads them over both cores)");
    }

    private async Task<PerCall> PerCall(string code, PeerSettings settings, double expected)
    {
        var extension = await LoadAsync();
        var text = PeerClock.Substitute(code, settings.Loop);
        var answer = await EvaluateInPopup(extension, text);
        if (answer != expected) throw new InvalidOperationException($"expected {expected}, got {answer}");
        var perRun = await PeerClock.MedianMicroseconds(settings.LoopRuns, 3, () => EvaluateInPopup(extension, text), _ => Task.CompletedTask);
        Unload(extension);
        return new PerCall(perRun / settings.Loop, answer);
    }

    /// <summary>Loads <paramref name="count"/> extensions and keeps them: the time it took and the memory each keeps.</summary>
    private async Task<MemoryFigure> Hold(int count, bool withPopup, int concurrently)
    {
        var warm = await LoadAsync(withPopup);
        var before = PeerClock.Retained();
        var held = new List<LoadedExtension>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i += concurrently)
            held.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrently, count - i)).Select(_ => LoadAsync(withPopup))));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var after = PeerClock.Retained();
        await CheckLoaded(held[^1], withPopup);
        foreach (var extension in held) Unload(extension);
        Unload(warm);
        return new MemoryFigure(count, (after.Heap - before.Heap) / (double)count, (after.Rss - before.Rss) / (double)count, seconds);
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();
}
