using ActorRuntime.Host;
using ActorRuntime.Tests.Support;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Cluster;

/// <summary>
/// Two real <c>serve</c> processes talking mutual TLS on loopback with a throwaway shared certificate: <c>remote</c>
/// with the certificate evaluates; a node without TLS, or with another certificate, cannot join. The nodes' addresses
/// carry their <c>--hostname</c> and <c>--bind</c>.
/// </summary>
public sealed class TlsClusterSpec(ITestOutputHelper log) : IDisposable
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private readonly string _work = Directory.CreateTempSubdirectory("actorruntime-tls-cluster-").FullName;
    private readonly List<ServeProcess> _nodes = new();

    [Fact]
    public async Task Nodes_with_the_cluster_certificate_talk_over_TLS_and_no_other_node_can_join()
    {
        var shared = TestCertificates.SelfSigned("actorruntime cluster");
        var cluster = Write("cluster.hocon", "actorruntime.storage.provider = memory\n" + TestCertificates.TlsConfig(TestCertificates.WritePfx(shared, _work, "cluster.pfx")));

        var first = Start("a", $"--config \"{cluster}\" --hostname localhost", seed: null);
        Assert.Equal($"akka.ssl.tcp://actorruntime@localhost:{first.Port}", await first.Address);
        // Other nodes name it as it names itself.
        var seed = $"localhost:{first.Port}";
        // Any loopback address may be bound (127.0.0.0/8 is all loopback).
        var second = Start("b", $"--config \"{cluster}\" --bind 127.0.0.2", seed);
        Assert.Equal($"akka.ssl.tcp://actorruntime@127.0.0.2:{second.Port}", await second.Address);

        // Clients that cannot join give up after their ask-timeout (however long they would try).
        string RefusedJoin(int seconds) => $"error: could not join the cluster through {seed} within {seconds} s\n";

        // Without TLS: the cluster's port speaks TLS only.
        var (code, output, error) = await Remote(seed, Write("plain.hocon", "actorruntime.ask-timeout = 10s"));
        Assert.Equal((2, "", RefusedJoin(10)), (code, output, error));

        // Another certificate, even from a client that trusts the cluster's (its public half is no secret): refused
        // by the cluster node when the client presents it.
        var stranger = TestCertificates.SelfSigned("actorruntime cluster");
        // Longer: the refusal is logged once the client's first attempt reached the node, on a machine maybe busy.
        var strangerConfig = Write("stranger.hocon", "actorruntime.ask-timeout = 20s\n" + TestCertificates.TlsConfig(
            TestCertificates.WritePfx(stranger, _work, "stranger.pfx"), TestCertificates.WritePem(shared, _work, "cluster.pem")));
        var refusal = first.NextLogLine($"(SHA-1 {stranger.Thumbprint}) does not chain to a trusted root");
        (code, output, error) = await Remote(seed, strangerConfig);
        Assert.Equal((2, "", RefusedJoin(20)), (code, output, error));
        Assert.Contains("TLS: refused the connection with", await refusal);

        // The cluster's certificate: an evaluation goes and comes back over TLS, wherever the extension lives.
        (code, output, error) = await Remote(seed, cluster, "--eval", "1 + 1", "--menus", "--request", "https://example.com/");
        Assert.True(code == 0, error);
        // A query of the extension's state (its menu items: it made none) comes back from its node too, and a request's fate.
        Assert.Contains("[background] => 2\n[runtime] menus: []\n[runtime] request https://example.com/ => {\"cancel\":false,\"requestHeaders\":[", output);
        Assert.EndsWith("{\"name\":\"Accept\",\"value\":\"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\"}],\"error\":\"NS_ERROR_OFFLINE\"}\n", output);
        Assert.Single(_nodes, node => node.Activations > 0);
    }

    [Fact]
    public async Task Serve_refuses_Akkas_own_transport_keys_given_through_the_environment()
    {
        // They would be overridden by actorruntime.cluster without a word: the node says which key to use instead.
        var node = ServeProcess.Start("env", "", null, _work, "activated", log,
            new Dictionary<string, string> { ["akka__remote__dot-netty__tcp__hostname"] = "0.0.0.0" });
        _nodes.Add(node);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => node.Ready);
        Assert.Equal(2, node.Process.ExitCode);
        Assert.EndsWith("error: akka.remote.dot-netty.tcp.hostname: set actorruntime.cluster.bind-address (or --bind) instead; this node's transport is configured by actorruntime.cluster (HOCON.md)",
            failure.Message);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, text);
        return path;
    }

    private ServeProcess Start(string name, string arguments, string? seed)
    {
        var node = ServeProcess.Start(name, $"--extensions \"{Examples}\" {arguments}", seed, _work, "activated getbackgroundpage", log);
        _nodes.Add(node);
        return node;
    }

    private async Task<(int Code, string Output, string Error)> Remote(string seed, string config, params string[] steps)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(["remote", "--seed", seed, "--extension", "getbackgroundpage", "--config", config, .. steps], output, error);
        log.WriteLine($"remote with {Path.GetFileName(config)}: exit {code}; stderr: {error}");
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Kill();
        Directory.Delete(_work, recursive: true);
    }
}
