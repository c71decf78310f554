using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Cold start of an extension whose background script is about 20 KB: supervisor and background
/// actor spawned, a fresh engine, the script run, startup acknowledged. "prepared" reuses the parsed
/// script (a second instance or a wake of the same extension); "fresh" also reads the manifest and parses.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ColdStartBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private string _directory = null!;
    private ExtensionPackage _package = null!;
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);
    private ActorRuntime.Kernel.ExtensionKernel? _warmState;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), BenchmarkExtensions.InMemoryStorage);
        _directory = BenchmarkExtensions.Write(BenchmarkExtensions.TwentyKilobyteScript());
        _package = ExtensionPackage.Load(_directory);
        _warmState = ExtensionSpawner.NewState(_package, _runtime.Options);
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "cold start, 20 KB background, script already parsed")]
    public async Task Prepared()
    {
        // A new state per start (new loop, new realm registry) sharing the parsed-script catalog.
        var state = ActorRuntime.Kernel.ExtensionKernel.SharingCatalog(_warmState!);
        await StartAndStop(state);
    }

    [Benchmark(Description = "cold start, 20 KB background, manifest read and script parsed")]
    public async Task Fresh() => await StartAndStop(ExtensionSpawner.NewState(ExtensionPackage.Load(_directory), _runtime.Options));

    /// <summary>Activations per second of one node: 100 extensions started at once (each: supervisor, engine, 20 KB script, install/startup), per activation.</summary>
    [Benchmark(OperationsPerInvoke = 100, Description = "100 extensions activated at once, 20 KB background (per activation)")]
    public async Task ParallelActivations()
    {
        var supervisors = Enumerable.Range(0, 100)
            .Select(_ => ExtensionSpawner.Spawn(_runtime.System, ActorRuntime.Kernel.ExtensionKernel.SharingCatalog(_warmState!)).Supervisor)
            .ToArray();
        await Task.WhenAll(supervisors.Select(s => s.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, _timeout)));
        foreach (var supervisor in supervisors) supervisor.Tell(PoisonPill.Instance);
    }

    private async Task StartAndStop(ActorRuntime.Kernel.ExtensionKernel state)
    {
        var supervisor = ExtensionSpawner.Spawn(_runtime.System, state).Supervisor;
        await supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, _timeout);
        supervisor.Tell(PoisonPill.Instance);
    }
}
