using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ActorRuntime.Host;
using ActorRuntime.Tests.Support;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Cluster;

/// <summary>
/// Three real <c>serve</c> processes with config/local-discovery.hocon's settings and no <c>--seed</c>: they find each
/// other through cluster bootstrap and form one cluster; the node started first (the lowest endpoint, which started the
/// cluster) is killed, and the extension answers again from a survivor, through a <c>remote</c> that names the dead node first.
/// </summary>
public sealed class DiscoveryClusterSpec(ITestOutputHelper log) : IDisposable
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly List<ServeProcess> _nodes = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-discovery-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Three_nodes_form_one_cluster_without_seeds_and_serve_on_when_the_first_dies()
    {
        Directory.CreateDirectory(_work);
        var extensions = Path.Combine(_work, "extensions");
        using var extension = new ExtensionFolder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts,
            "console.log('background started');")), Path.Combine(extensions, "counter"));
        // Ascending: the node started first has the lowest endpoint, so it is the one that starts the cluster.
        var managementPorts = FreePorts(3).Order().ToArray();
        var endpoints = string.Join(", ", managementPorts.Select(port => $"\"127.0.0.1:{port}\""));
        var config = Path.Combine(_work, "cluster.hocon");
        File.WriteAllText(config, File.ReadAllText(Path.Combine(Root, "config", "local-cluster.hocon")) + "\n" +
            File.ReadAllText(Path.Combine(Root, "config", "local-discovery.hocon")) +
            $"\nactorruntime.cluster.discovery.config.endpoints = [{endpoints}]\nactorruntime.storage.provider = memory\n");

        var nodes = managementPorts.Select((port, i) => Start(((char)('a' + i)).ToString(), extensions, config, port)).ToArray();
        await Task.WhenAll(nodes.Select(node => node.Ready));

        // One cluster: every node's endpoint tells the same three members.
        foreach (var port in managementPorts) await MembersSeenBy(port, 3);

        var seeds = nodes.Select(node => node.Endpoint).ToArray();
        var (code, output) = await Remote(seeds, "--eval", "1 + 1");
        Assert.True(code == 0, output);
        Assert.Equal("[background] background started\n[background] => 2\n", output);

        var first = nodes[0];
        first.Kill();
        log.WriteLine($"killed node {first.Name}, which hosted the extension: {first.Activations > 0}");
        await MembersSeenBy(managementPorts[1], 2);

        // The dead node is named first: the client joins through the others without waiting on it.
        (code, output) = await Remote(seeds, "--eval", "2 + 2");
        Assert.True(code == 0, output);
        Assert.EndsWith("[background] => 4\n", output);
        Assert.Contains(nodes[1..], node => node.Activations > 0);
    }

    /// <summary>Waits until the node whose management endpoint is on <paramref name="port"/> tells <paramref name="count"/> members.</summary>
    private async Task MembersSeenBy(int port, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                seen = await _http.GetStringAsync($"http://127.0.0.1:{port}/bootstrap/seed-nodes");
                using var answer = JsonDocument.Parse(seen);
                if (answer.RootElement.GetProperty("Nodes").GetArrayLength() == count) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail($"the node on management port {port} did not see {count} members: {seen}");
    }

    private async Task<(int Code, string Output)> Remote(IEnumerable<string> seeds, params string[] steps)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] arguments = ["remote", .. seeds.SelectMany(seed => new[] { "--seed", seed }), "--extension", "counter", .. steps];
        var code = await Program.RunAsync(arguments, output, error);
        log.WriteLine($"remote exit {code}; stderr: {error}");
        return (code, output.ToString().ReplaceLineEndings("\n"));
    }

    private ServeProcess Start(string name, string extensions, string config, int managementPort)
    {
        var node = ServeProcess.Start(name, $"--extensions \"{extensions}\" --config \"{config}\"", seed: null, _work, "activated counter", log,
            new Dictionary<string, string> { ["actorruntime__cluster__discovery__management__port"] = managementPort.ToString() });
        _nodes.Add(node);
        return node;
    }

    private static int[] FreePorts(int count) => Enumerable.Range(0, count).Select(_ => TestPorts.Free()).ToArray();

    public void Dispose()
    {
        foreach (var node in _nodes) node.Kill();
        _http.Dispose();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
