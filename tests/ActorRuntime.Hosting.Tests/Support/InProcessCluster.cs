using ActorRuntime.Cluster;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorRuntime.Hosting.Tests.Support;

/// <summary>
/// Several nodes of one extension cluster in this test process (the idea of Orleans' in-process test cluster, with
/// Akka's own hosting): each node a Generic Host running the runtime and the extension shard region on a loopback port,
/// the first node the seed. Nodes share one SQLite file, as the nodes of <c>serve</c> on one machine do.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    private readonly List<IHost?> _nodes = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("actorruntime-cluster-").FullName;
    private readonly ExtensionCatalog _catalog;
    private string? _seed;

    private InProcessCluster(ExtensionCatalog catalog) => _catalog = catalog;

    /// <summary>Starts <paramref name="nodes"/> nodes and waits until every one is an up member.</summary>
    public static async Task<InProcessCluster> StartAsync(int nodes, ExtensionCatalog catalog, CancellationToken cancel)
    {
        var cluster = new InProcessCluster(catalog);
        for (var i = 0; i < nodes; i++) await cluster.AddNodeAsync(cancel);
        await cluster.WaitForUpMembersAsync(nodes, cancel);
        return cluster;
    }

    public int Count => _nodes.Count;

    public ActorSystem System(int node) => _nodes[node]?.Services.GetRequiredService<ActorSystem>() ?? throw new InvalidOperationException($"node {node} is stopped");

    /// <summary>Node <paramref name="node"/>'s <see cref="IExtensionRuntime"/>: the clustered one, reaching extensions wherever they live.</summary>
    public IExtensionRuntime Runtime(int node) =>
        _nodes[node]?.Services.GetRequiredService<IExtensionRuntime>() ?? throw new InvalidOperationException($"node {node} is stopped");

    /// <summary>The node whose shard region holds <paramref name="extensionId"/>'s entity, or -1.</summary>
    public async Task<int> OwnerOfAsync(string extensionId, CancellationToken cancel)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i] is null) continue;
            var region = await _nodes[i]!.Services.GetRequiredService<ActorRegistry>().GetAsync<ExtensionEntity>(cancel);
            var state = await region.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, AskTimeout, cancel);
            if (state.Shards.Any(shard => shard.EntityIds.Contains(extensionId))) return i;
        }
        return -1;
    }

    /// <summary>Stops node <paramref name="node"/> the way <c>serve</c> stops on SIGTERM: it leaves the cluster and hands its extensions over.</summary>
    public async Task StopNodeAsync(int node, CancellationToken cancel)
    {
        var host = _nodes[node] ?? throw new InvalidOperationException($"node {node} is stopped already");
        _nodes[node] = null;
        await host.StopAsync(cancel);
        host.Dispose();
    }

    public async Task WaitForUpMembersAsync(int count, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var views = _nodes.OfType<IHost>().Select(host => Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>()).State.Members.Count(m => m.Status == MemberStatus.Up));
            if (views.All(up => up == count)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the cluster did not reach {count} up members: {string.Join(", ", views)}");
            await Task.Delay(50, cancel);
        }
    }

    private async Task AddNodeAsync(CancellationToken cancel)
    {
        var options = new ActorRuntimeHostingOptions
        {
            AskTimeout = AskTimeout,
            StorageProvider = "sqlite",
            SqlitePath = Path.Combine(_folder, "cluster.db"),
        };
        var seeds = _seed is null ? Array.Empty<string>() : [_seed];
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddActorRuntimeServices(options).AddExtensionClusterRuntime(_catalog);
                services.AddAkka(ClusterHostingExtensions.SystemName, (builder, _) =>
                {
                    builder.WithActorRuntime(options);
                    builder.WithExtensionCluster(options, _catalog, port: 0, seeds: seeds);
                    if (seeds.Length == 0) builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
                });
            })
            .Build();
        await host.StartAsync(cancel);
        _nodes.Add(host);
        var address = Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>()).SelfAddress;
        _seed ??= $"{address.Host}:{address.Port}";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _nodes.OfType<IHost>().Reverse())
        {
            await host.StopAsync();
            host.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A node's file handle outlived its host by a moment; the temp folder is the OS's to clean.
        }
    }
}
