using System.Net;
using System.Text.Json;
using ActorRuntime.Cluster;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// <c>/healthz</c> and <c>/ready</c> of a real cluster node on Kestrel, asked without a token: ready once the node is a
/// member with its journal and extensions, not ready once it leaves (while still alive); not ready while it cannot join
/// or has no extension.
/// </summary>
public sealed class HealthEndpointsSpec : IAsyncLifetime
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    private readonly List<StatusPageNode> _nodes = new();

    // A node that leaves stays alive (its actor system is not terminated), so that its endpoints can say it is not ready.
    private const string StayAlive = "akka.coordinated-shutdown { terminate-actor-system = off, run-by-actor-system-terminate = off }";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    private async Task<StatusPageNode> Start(ExtensionCatalog catalog, string? seed = null)
    {
        var node = await StatusPageNode.StartAsync(catalog, seed, StayAlive);
        _nodes.Add(node);
        return node;
    }

    private sealed record Answer(HttpStatusCode Code, string Status, Dictionary<string, (string Status, string? Description)> Checks)
    {
        public override string ToString() => $"{(int)Code} {Status}: {string.Join("; ", Checks.Select(check => $"{check.Key} {check.Value.Status} ({check.Value.Description})"))}";
    }

    private static async Task<Answer> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var checks = json.GetProperty("checks").EnumerateArray().ToDictionary(check => check.GetProperty("name").GetString()!,
            check => (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return new Answer(response.StatusCode, json.GetProperty("status").GetString()!, checks);
    }

    [Fact]
    public async Task A_node_is_ready_once_joined_with_its_journal_and_extensions_and_not_ready_once_it_leaves()
    {
        var node = await Start(new ExtensionCatalog([Examples]));
        using var anonymous = node.Client(withToken: false);

        // The status page wants the token; health does not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/")).StatusCode);
        var ready = await StatusPageNode.WaitForAsync(() => Get(anonymous, "/ready"), answer => answer.Code == HttpStatusCode.OK, "readiness");
        Assert.Equal("Healthy", ready.Status);
        Assert.Equal(("Healthy", "this node is Up"), ready.Checks["actorruntime.cluster-member"]);
        Assert.Equal(("Healthy", "6 extensions installed"), ready.Checks["actorruntime.extensions"]);
        Assert.Equal("Healthy", ready.Checks["actorruntime.journal"].Status);
        Assert.StartsWith("journal akka.persistence.journal.", ready.Checks["actorruntime.journal"].Description);
        // Akka.Hosting's own: the actor system is alive, the node has joined.
        Assert.Equal(5, ready.Checks.Count);
        Assert.All(ready.Checks.Values, check => Assert.Equal("Healthy", check.Status));

        var live = await Get(anonymous, "/healthz");
        Assert.Equal(HttpStatusCode.OK, live.Code);
        Assert.Single(live.Checks);

        node.Cluster.Leave(node.Cluster.SelfAddress);
        var left = await StatusPageNode.WaitForAsync(() => Get(anonymous, "/ready"), answer => answer.Code == HttpStatusCode.ServiceUnavailable, "unreadiness");
        Assert.Equal("Unhealthy", left.Status);
        Assert.Equal("Unhealthy", left.Checks["actorruntime.cluster-member"].Status);
        // Still alive: liveness holds while readiness does not.
        Assert.Equal(HttpStatusCode.OK, (await Get(anonymous, "/healthz")).Code);
    }

    [Fact]
    public async Task A_node_that_cannot_join_or_has_no_extension_is_alive_but_not_ready()
    {
        // A seed nobody listens on: the node never joins.
        var unused = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        unused.Start();
        var port = ((IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();
        var node = await Start(new ExtensionCatalog([]), seed: $"127.0.0.1:{port}");
        using var anonymous = node.Client(withToken: false);

        Assert.Equal(HttpStatusCode.OK, (await StatusPageNode.WaitForAsync(() => Get(anonymous, "/healthz"), answer => answer.Code == HttpStatusCode.OK, "liveness")).Code);
        var ready = await Get(anonymous, "/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Code);
        Assert.Equal(("Unhealthy", "no extension is installed on this node (serve --extensions)"), ready.Checks["actorruntime.extensions"]);
        Assert.Equal("Unhealthy", ready.Checks["actorruntime.cluster-member"].Status);
        Assert.Contains(ready.Checks, check => check.Value.Status == "Unhealthy" && check.Value.Description?.StartsWith("Have not yet joined") == true);
    }
}
