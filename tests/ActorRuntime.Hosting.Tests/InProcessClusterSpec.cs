using ActorRuntime.Cluster;
using ActorRuntime.Hosting.Tests.Support;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Hosting.Tests;

/// <summary>
/// Three nodes of one cluster in this process: an extension lives on one node whichever node a command enters by, and a
/// node that leaves hands it over to another with its storage. (The three-process failover spec, with a node killed,
/// stays the end-to-end check.)
/// </summary>
public sealed class InProcessClusterSpec : IAsyncLifetime
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    private InProcessCluster _cluster = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await InProcessCluster.StartAsync(3, new ExtensionCatalog([Examples]), Cancel);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private static ExtensionCommand Eval(string code) => new("getbackgroundpage", OperationKind.Evaluate, "background", code);

    [Fact]
    public async Task An_extension_lives_on_one_node_whichever_node_a_command_enters_by()
    {
        var first = await _cluster.SendAsync(0, Eval("globalThis.calls = (globalThis.calls || 0) + 1"), Cancel);
        Assert.Equal(ErrorKind.None, first.Error);
        Assert.Equal("1", first.Value);
        Assert.Equal("2", (await _cluster.SendAsync(1, Eval("++globalThis.calls"), Cancel)).Value);
        Assert.Equal("3", (await _cluster.SendAsync(2, Eval("++globalThis.calls"), Cancel)).Value);
        var owner = await _cluster.OwnerOfAsync("getbackgroundpage", Cancel);
        Assert.InRange(owner, 0, 2);
    }

    [Fact]
    public async Task A_node_that_leaves_hands_its_extension_over_with_its_storage()
    {
        var stored = await _cluster.SendAsync(0, Eval("globalThis.marker = 1; await browser.storage.local.set({ kept: 'yes' }); 'stored'"), Cancel);
        Assert.Equal("\"stored\"", stored.Value);
        var owner = await _cluster.OwnerOfAsync("getbackgroundpage", Cancel);
        Assert.InRange(owner, 0, 2);
        await _cluster.StopNodeAsync(owner, Cancel);
        var survivor = owner == 0 ? 1 : 0;
        await _cluster.WaitForUpMembersAsync(2, Cancel);
        var read = await _cluster.SendAsync(survivor, Eval("(await browser.storage.local.get('kept')).kept"), Cancel);
        Assert.Equal("\"yes\"", read.Value);
        // Started afresh on the new node: what the old page held in its global is gone, what it stored is not.
        Assert.Equal("\"undefined\"", (await _cluster.SendAsync(survivor, Eval("typeof globalThis.marker"), Cancel)).Value);
        var newOwner = await _cluster.OwnerOfAsync("getbackgroundpage", Cancel);
        Assert.NotEqual(owner, newOwner);
        Assert.NotEqual(-1, newOwner);
    }
}
