using ActorRuntime.Benchmarks.Peers;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Loading the peer benchmarks' small extension (2 KB background + popup) from its manifest, whole and by parts: the
/// package read (manifest parsed, named files checked), the kernel made, the background started (supervisor, actor, engine,
/// script parsed and run), the popup opened (page parsed, DOM, script, load). Issue 15's target: the whole under 1 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LoadFromManifestBenchmarks
{
    private ActorRuntimePeer _peer = null!;
    private ExtensionPackage _package = null!;
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    [GlobalSetup]
    public void Setup()
    {
        _peer = ActorRuntimePeer.Start(PeerFiles.SmallExtension);
        _package = ExtensionPackage.Load(PeerFiles.SmallExtension, _peer.Runtime.Options.Files);
    }

    [GlobalCleanup]
    public void Cleanup() => _peer.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "load from the manifest, background + popup")]
    public async Task Load() => ActorRuntimePeer.Unload(await _peer.LoadAsync());

    [Benchmark(Description = "load from the manifest, background only")]
    public async Task LoadBackground() => ActorRuntimePeer.Unload(await _peer.LoadAsync(withPopup: false));

    [Benchmark(Description = "part: package read (manifest parsed, files checked)")]
    public object Package() => ExtensionPackage.Load(PeerFiles.SmallExtension, _peer.Runtime.Options.Files);

    [Benchmark(Description = "part: kernel made from a read package")]
    public object Kernel() => ExtensionSpawner.NewState(_package, _peer.Runtime.Options);

    [Benchmark(Description = "part: background started from a made kernel (script parsed and run)")]
    public async Task Start()
    {
        var supervisor = ExtensionSpawner.Spawn(_peer.Runtime.System, ExtensionSpawner.NewState(_package, _peer.Runtime.Options)).Supervisor;
        await supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, _timeout);
        supervisor.Tell(PoisonPill.Instance);
    }
}
