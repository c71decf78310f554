using ActorRuntime.Host;

namespace ActorRuntime.Tests.Cli;

/// <summary>Bad input to <c>serve</c> and <c>remote</c>: one <c>error:</c> line and exit code 2, before anything starts.</summary>
public class ServeAndRemoteCommandSpec
{
    private static async Task<(int Code, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(args, output, error);
        return (code, error.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(new[] { "serve", "--extensions", "/no/such/folder" }, "error: /no/such/folder: no such extensions folder\n")]
    [InlineData(new[] { "serve", "--config", "/no/such.hocon" }, "error: --config /no/such.hocon: no such file\n")]
    [InlineData(new[] { "remote", "--extension", "x" }, "error: remote needs --url <front door of a serve node> (or --seed host:port to join the cluster as a member)\n")]
    [InlineData(new[] { "remote", "--seed", "127.0.0.1:1", "--extension", "x", "--flavor", "chrome" }, "error: --flavor: a served extension's flavour is set by the serving nodes' configuration (actorruntime.flavor)\n")]
    [InlineData(new[] { "serve", "--bind", "0.0.0.0", "--hostname", "node-1.example" }, "error: --bind 0.0.0.0: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)\n")]
    [InlineData(new[] { "serve", "--bind", "0.0.0.0" }, "error: --bind 0.0.0.0: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)\n")]
    [InlineData(new[] { "remote", "--seed", "node-1.example:2551", "--extension", "x", "--bind", "0.0.0.0", "--hostname", "client.example" }, "error: --bind 0.0.0.0: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)\n")]
    public async Task Bad_input_exits_2_with_one_error_line(string[] args, string expected)
    {
        var (code, error) = await Run(args);
        Assert.Equal(2, code);
        Assert.Equal(expected, error);
    }
}
