using System.Diagnostics;
using ActorRuntime.Host;
using ActorRuntime.Tests.Support;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Cluster;

/// <summary>
/// Three real <c>serve</c> processes on loopback, storage in a real PostgreSQL server, an extension driven through
/// <c>remote</c>: the process hosting it is killed, and the extension answers from another node, its background
/// run afresh and its stored data intact.
/// </summary>
public sealed class ClusterFailoverSpec(PostgresServer postgres, ITestOutputHelper log) : IClassFixture<PostgresServer>, IDisposable
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    private readonly List<ServeProcess> _nodes = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task An_extension_survives_the_death_of_its_node_with_its_storage()
    {
        Directory.CreateDirectory(_work);
        var extensions = Path.Combine(_work, "extensions");
        using var extension = new ExtensionFolder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts,
            "console.log('background started'); browser.runtime.onMessage.addListener(m => { console.log('got ' + m); });")),
            Path.Combine(_work, "extensions", "counter"));
        var config = Path.Combine(_work, "cluster.hocon");
        File.WriteAllText(config, File.ReadAllText(Path.Combine(Root, "config", "local-cluster.hocon")) +
            $"\nactorruntime.storage {{ provider = postgresql, postgresql.connection-string = \"{postgres.ConnectionString}\" }}\n");

        var first = Start("a", extensions, config, seed: null);
        await first.Ready;
        var others = new[] { Start("b", extensions, config, first.Endpoint), Start("c", extensions, config, first.Endpoint) };
        await Task.WhenAll(others.Select(n => n.Ready));

        var (code, output) = await Remote(first.Endpoint, "--eval", "await browser.storage.local.set({ n: 41 }); (await browser.storage.local.get('n')).n + 1",
            "--open", "popup", "--eval", "browser.runtime.sendMessage('hi').then(() => {}, () => {}); 1");
        Assert.Equal(0, code);
        // The listener's line came with the answer, but it was printed after the result, and is shown so.
        Assert.Equal("[background] background started\n[background] => 42\n[popup] => 1\n[background] got hi\n", output);
        var owner = _nodes.Single(n => n.Activations > 0);
        log.WriteLine($"extension activated on node {owner.Name}");

        owner.Kill();
        var survivor = _nodes.First(n => n != owner);
        var clock = Stopwatch.StartNew();
        (code, output) = await Remote(survivor.Endpoint, "--eval", "(await browser.storage.local.get('n')).n");
        log.WriteLine($"answered again after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, code);
        Assert.Equal("[background] background started\n[background] => 41\n", output);
        Assert.Single(_nodes, n => n != owner && n.Activations > 0);

        // remote speaks run's grammar, but a cluster has no virtual clock to advance.
        (code, _) = await Remote(survivor.Endpoint, "--advance", "10");
        Assert.Equal(2, code);

        // SIGTERM: the node leaves the cluster gracefully and exits cleanly.
        using (var term = Process.Start("kill", $"-TERM {survivor.Process.Id}")) await term.WaitForExitAsync();
        Assert.True(survivor.Process.WaitForExit(60_000), "the node did not exit within 60 s of SIGTERM");
        survivor.Process.WaitForExit(); // drains its redirected output
        Assert.Equal(0, survivor.Process.ExitCode);
        Assert.True(survivor.Left, "the node did not log leaving the cluster");
    }

    private async Task<(int Code, string Output)> Remote(string seed, params string[] steps)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(["remote", "--seed", seed, "--extension", "counter", .. steps], output, error);
        log.WriteLine($"remote exit {code}; stderr: {error}");
        return (code, output.ToString().ReplaceLineEndings("\n"));
    }

    private ServeProcess Start(string name, string extensions, string config, string? seed)
    {
        var node = ServeProcess.Start(name, $"--extensions \"{extensions}\" --config \"{config}\"", seed, _work, "activated counter", log);
        _nodes.Add(node);
        return node;
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Kill();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
