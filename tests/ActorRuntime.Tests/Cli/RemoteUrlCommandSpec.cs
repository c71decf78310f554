using System.Net;
using System.Net.Sockets;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary>
/// What <c>remote</c> cannot do is refused before it connects to anything (one <c>error:</c> line, exit 2); a front door
/// nobody answers at is one line too.
/// </summary>
public class RemoteUrlCommandSpec
{
    // Nothing listens here: a refusal that connected first would report the connection instead.
    internal static readonly string Closed = $"http://127.0.0.1:{ClosedPort()}";

    /// <summary>Command lines <c>remote</c> refuses before connecting (<c>CLOSED</c>: a port nothing listens at), with its one line.</summary>
    public static TheoryData<string, string> Refusals => new()
    {
        { "--extension|x|--eval|1", "error: remote needs --url <front door of a serve node> (or --seed host:port to join the cluster as a member)" },
        { "--url|CLOSED|--seed|127.0.0.1:1|--extension|x", "error: --url and --seed: give one (--url reaches a serve node's front door; --seed joins the cluster as a member)" },
        { "--url|CLOSED|--eval|1", "error: Option '--extension' is required." },
        { "--url|CLOSED|--extension|x|--flavor|chrome", "error: --flavor: a served extension's flavour is set by the serving nodes' configuration (actorruntime.flavor)" },
        { "--url|CLOSED|--extension|x|--eval|1|--advance|10", "error: --advance 10: a cluster runs on real time; only run has a virtual clock" },
        { "--seed|127.0.0.1:1|--extension|x|--advance|10", "error: --advance 10: a cluster runs on real time; only run has a virtual clock" },
        { "--url|ftp://example.com/|--extension|x", "error: --url ftp://example.com/: expected the front door's address, http://host:port or https://host:port" },
        { "--url|localhost:8080|--extension|x", "error: --url localhost:8080: expected the front door's address, http://host:port or https://host:port" },
        { "--url|http://127.0.0.1:8080/prefix|--extension|x", "error: --url http://127.0.0.1:8080/prefix: expected the front door's address, http://host:port or https://host:port" },
        { "--url|CLOSED|--extension|x|--config|a.hocon", "error: --config: sets a cluster member's configuration; --url talks HTTP to a front door (use --seed to join the cluster)" },
        { "--url|CLOSED|--extension|x|--host|/no/such/host.js", "error: --host /no/such/host.js: no such file" },
        { "--url|CLOSED|--extension|x|--page|/no/such/page.html|--open|tab:https://example.com/", "error: --page /no/such/page.html: no such file" },
    };

    /// <summary>A case's words, <c>CLOSED</c> being the closed port's URL.</summary>
    internal static string[] Words(string arguments) => arguments.Split('|').Select(a => a == "CLOSED" ? Closed : a).ToArray();

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Remote_refuses_what_it_cannot_do_before_connecting(string arguments, string expected)
    {
        var (code, output, error) = await CommandLine.Run(["remote", .. Words(arguments)]);
        Assert.Equal((2, "", expected + "\n"), (code, output, error));
    }

    [Fact]
    public async Task A_front_door_nobody_answers_at_is_one_line_and_exit_2()
    {
        var (code, output, error) = await CommandLine.Run("remote", "--url", Closed, "--extension", "x", "--eval", "1");
        Assert.Equal((2, ""), (code, output));
        Assert.StartsWith($"error: cannot reach the front door at {Closed}: ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
