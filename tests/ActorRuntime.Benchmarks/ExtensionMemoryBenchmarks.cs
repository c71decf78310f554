using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using System.Collections.Concurrent;
using ActorRuntime.Manifest;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Memory kept per extension, over 10,000 instances of one extension in one runtime, its background an event page
/// or a service worker: with the background suspended or stopped (supervisor only: its actor and state, no engine),
/// and with the background running. Retained bytes are measured with full garbage collections before and after and shown in the
/// "Retained/ext" column; the time column is how long the 10,000 took to start (and suspend).
/// </summary>
[Config(typeof(ExtensionMemoryConfig))]
public class ExtensionMemoryBenchmarks
{
    private static readonly ConcurrentDictionary<string, double> RetainedPerExtension = new();
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Params(10_000)]
    public int Extensions { get; set; }

    [Params("small", "20 KB")]
    public string Script { get; set; } = "small";

    /// <summary>An MV2 event page (mdn flavour), or an MV3 module service worker (chrome flavour; "20 KB" is 10 modules).</summary>
    [Params("event page", "service worker")]
    public string Background { get; set; } = "event page";

    [Benchmark(Description = "10,000 extensions, event page suspended")]
    public void Suspended() => Measure(suspend: true);

    [Benchmark(Description = "10,000 extensions, background running")]
    public void Running() => Measure(suspend: false);

    private void Measure(bool suspend)
    {
        var script = Script == "small"
            ? "var count = 0; browser.runtime.onMessage.addListener((m, s, respond) => respond(++count));"
            : BenchmarkExtensions.TwentyKilobyteScript();
        var worker = Background == "service worker";
        var package = ExtensionPackage.Load(worker
            ? WorkerExtensions.Write(modules: Script == "small" ? 1 : 10, kilobytes: Script == "small" ? 0 : 20)
            : BenchmarkExtensions.Write(script, persistent: false));
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig);
        var runtime = ExtensionRuntime.Start(worker ? options with { Flavor = Flavor.Chrome } : options, BenchmarkExtensions.InMemoryStorage);
        var prototype = ExtensionSpawner.NewState(package, runtime.Options);
        // One extension first, so what every extension shares (parsed scripts, JIT, pools) is not counted.
        Start(ExtensionSpawner.Spawn(runtime.System, ActorRuntime.Kernel.ExtensionKernel.SharingCatalog(prototype)).Supervisor, suspend).GetAwaiter().GetResult();
        var supervisors = new List<IActorRef>(Extensions);
        var before = Collect();
        for (var i = 0; i < Extensions; i += 100)
        {
            var batch = Enumerable.Range(i, Math.Min(100, Extensions - i)).Select(_ =>
            {
                var supervisor = ExtensionSpawner.Spawn(runtime.System, ActorRuntime.Kernel.ExtensionKernel.SharingCatalog(prototype)).Supervisor;
                supervisors.Add(supervisor);
                return Start(supervisor, suspend);
            }).ToArray();
            Task.WaitAll(batch);
        }
        var after = Collect();
        RetainedPerExtension[(suspend ? "Suspended" : "Running") + "|" + Script + "|" + Background] = (after - before) / (double)Extensions;
        GC.KeepAlive(supervisors);
        runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static async Task Start(IActorRef supervisor, bool suspend)
    {
        await supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, Timeout);
        if (suspend) await supervisor.Ask<Contexts.ContextActor.Protocol.Closed>(new SupervisorProtocol.CloseView("background"), Timeout);
    }

    private static long Collect() => RetainedMemory.Collect(settleMilliseconds: 1000);

    /// <summary>One cold run in process, with the bytes kept per extension.</summary>
    private sealed class ExtensionMemoryConfig() : RetainedMemory.Config("Retained/ext", "Bytes kept per extension after full collections", RetainedPerExtension,
        benchmarkCase => benchmarkCase.Descriptor.WorkloadMethod.Name + "|" + (string)benchmarkCase.Parameters["Script"] + "|" + (string)benchmarkCase.Parameters["Background"]);
}
