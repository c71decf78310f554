using ActorRuntime.Tests.FrontDoor;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary>
/// actorruntime-remote (the front door client on its own, published as a native executable) is <c>actorruntime remote
/// --url</c>: the same command line gives the same output, error lines and exit code, whether it is refused before
/// connecting or run through the same front door. Only <c>--seed</c> (joining the cluster) is the host's alone.
/// </summary>
public sealed class RemoteClientParitySpec(FrontDoorNode node) : IClassFixture<FrontDoorNode>, IDisposable
{
    private readonly string _files = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "actorruntime-remote-client-files-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    [Theory]
    [MemberData(nameof(RemoteUrlCommandSpec.Refusals), MemberType = typeof(RemoteUrlCommandSpec))]
    public async Task What_remote_refuses_before_connecting_the_client_refuses_alike(string arguments, string expected)
    {
        var words = RemoteUrlCommandSpec.Words(arguments);
        var host = await CommandLine.Run(["remote", .. words]);
        var client = await CommandLine.RunClient(words);

        Assert.Equal((2, "", expected + "\n"), host);
        if (words.Contains("--seed") && !words.Contains("--url"))
            Assert.Equal((2, "", "error: --seed: actorruntime-remote reaches a front door (--url); joining the cluster as a member takes actorruntime remote --seed\n"), client);
        else
            Assert.Equal(host, client);
    }

    [Theory]
    [InlineData("--url|CLOSED|--extension|x|--evla|1")]
    [InlineData("--url|CLOSED|--extension|x|--eval")]
    [InlineData("--url|CLOSED|--extension|x|--eval|1|2")]
    [InlineData("--url|CLOSED|--extension|x|--fire|tabs.onCreated|{}")]
    [InlineData("--url|CLOSED|--extension|x|--open|nowhere")]
    [InlineData("--url|CLOSED|--extension|x|--advance|soon")]
    [InlineData("--url|CLOSED|--extension|x|--action|first")]
    [InlineData("--url|CLOSED|--extension|x|--request|ftp://example.com/")]
    [InlineData("--url|CLOSED|--extension|x|--menu-click|mark|[1]")]
    [InlineData("--url|CLOSED|--extension|x|--script|/no/such/steps.txt")]
    [InlineData("--url|CLOSED|--extension|x|--page|PAGE|--eval|1")]
    [InlineData("--url|CLOSED|--extension|x|--respond|https://a.example/*|not-json-nor-a-file")]
    [InlineData("--url|CLOSED|--extension|x|--seed|127.0.0.1:1")]
    public async Task A_bad_command_line_is_the_same_error_line_and_exit_2(string arguments)
    {
        var words = FrontDoorStepsSpec.Words(string.Join('|', RemoteUrlCommandSpec.Words(arguments)), _files);
        var host = await CommandLine.Run(["remote", .. words]);
        var client = await CommandLine.RunClient(words);

        Assert.Equal(host, client);
        Assert.Equal((2, ""), (client.Code, client.Out));
        Assert.Single(client.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// <see cref="FrontDoorStepsSpec"/>'s cases that leave the extension as they found it (the host's run goes first, so a
    /// case that creates a menu item or stops the background would meet a changed extension), and a URL pattern only the node
    /// can check.
    /// </summary>
    public static IEnumerable<object[]> Runs =>
    [
        .. FrontDoorStepsSpec.Cases.Where(row => (int)row[0] is 1 or 3 or 4 or 7 or 8 or 9 or 12 or 13 or 14),
        [15, "--eval|1+1|--respond|https://*.example.com:99999/|{}"],
    ];

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Through_the_front_door_the_client_prints_what_remote_prints(int copy, string steps)
    {
        string[] Through(params string[] words) => ["--url", node.Url, "--token", FrontDoorNode.Token, "--extension", $"case-{copy}", .. words];
        // The first request starts the extension (its load's lines): both runs below find it started.
        Assert.Equal(0, (await CommandLine.Run(["remote", .. Through("--eval", "0")])).Code);
        var words = FrontDoorStepsSpec.Words(steps, _files);

        var host = await CommandLine.Run(["remote", .. Through(words)]);
        var client = await CommandLine.RunClient(Through(words));

        Assert.Equal(host, client);
        Assert.NotEqual("", host.Out + host.Err);
    }

    [Fact]
    public async Task The_client_in_a_process_of_its_own_answers_as_remote_does()
    {
        string[] through = ["--url", node.Url, "--token", FrontDoorNode.Token, "--extension", "case-16", "--eval", "1+1"];
        await CommandLine.Run(["remote", .. through]);

        var host = await CommandLine.Run(["remote", .. through]);
        var client = await CommandLine.RunClientProcess(_files, through);

        Assert.Equal((0, "[background] => 2\n", ""), host);
        Assert.Equal(host, client);
        Assert.Equal(await CommandLine.RunProcess(_files, "--version"), await CommandLine.RunClientProcess(_files, "--version"));
    }

    public void Dispose() => Directory.Delete(_files, recursive: true);
}
