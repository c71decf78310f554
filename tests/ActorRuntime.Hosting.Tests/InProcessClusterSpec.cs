using ActorRuntime.Cluster;
using ActorRuntime.Hosting.Tests.Support;

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

    /// <summary>The bundled example that asks for the storage permission.</summary>
    private const string StorageUser = "form-popup";

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Evaluates in the extension's background through node <paramref name="node"/>'s runtime; the result as JSON.</summary>
    private async Task<string> Eval(int node, string code, string extension = "getbackgroundpage") =>
        (await _cluster.Runtime(node).EvaluateAsync(extension, "background", code, Cancel)).Json;

    [Fact]
    public async Task An_extension_lives_on_one_node_whichever_node_a_command_enters_by()
    {
        Assert.Equal("1", await Eval(0, "globalThis.calls = (globalThis.calls || 0) + 1"));
        Assert.Equal("2", await Eval(1, "++globalThis.calls"));
        Assert.Equal("3", await Eval(2, "++globalThis.calls"));
        var owner = await _cluster.OwnerOfAsync("getbackgroundpage", Cancel);
        Assert.InRange(owner, 0, 2);
    }

    [Fact]
    public async Task A_node_that_leaves_hands_its_extension_over_with_its_storage()
    {
        Assert.Equal("\"stored\"", await Eval(0, "globalThis.marker = 1; await browser.storage.local.set({ kept: 'yes' }); 'stored'", StorageUser));
        var owner = await _cluster.OwnerOfAsync(StorageUser, Cancel);
        Assert.InRange(owner, 0, 2);
        await _cluster.StopNodeAsync(owner, Cancel);
        var survivor = owner == 0 ? 1 : 0;
        await _cluster.WaitForUpMembersAsync(2, Cancel);
        Assert.Equal("\"yes\"", await Eval(survivor, "(await browser.storage.local.get('kept')).kept", StorageUser));
        // Started afresh on the new node: what the old page held in its global is gone, what it stored is not.
        Assert.Equal("\"undefined\"", await Eval(survivor, "typeof globalThis.marker", StorageUser));
        var newOwner = await _cluster.OwnerOfAsync(StorageUser, Cancel);
        Assert.NotEqual(owner, newOwner);
        Assert.NotEqual(-1, newOwner);
    }
}
