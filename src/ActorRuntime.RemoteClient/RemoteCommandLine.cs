using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActorRuntime.RemoteClient;

/// <summary>
/// <c>remote --url http://host:port [--token t] --extension &lt;id&gt; [steps...]</c>: performs the same steps as <c>run</c>
/// against the extension wherever it lives in the cluster, through a serve node's front door (same output, same exit
/// codes). <c>--seed host:port</c> instead joins the cluster as a client-only node, for tools that need a member of their
/// own (much slower to start): only a process that can (the host, with its <see cref="ClusterRoute"/>). One grammar for
/// <c>actorruntime remote</c> and the native <c>actorruntime-remote</c>.
/// </summary>
internal static class RemoteCommandLine
{
    public static Command Create(string name, TextWriter output, TextWriter error, ClusterRoute? cluster)
    {
        var url = new Option<string>("--url") { Description = "The front door of a serve node: http://host:port (printed by serve as front-door <url>)" };
        var token = new Option<string>("--token") { Description = $"The front door's token (actorruntime.front-door.token); default: the {FrontDoorClient.TokenVariable} environment variable" };
        var seeds = new Option<string[]>("--seed") { Description = "Instead of --url: join the cluster through this node, host:port (repeatable), as a client-only member (for tools that need one; slow to start)" };
        var extension = new Option<string>("--extension") { Description = "The id of the extension to drive", Required = true };
        var flavor = new Option<string>("--flavor") { Description = "Not available: a served extension's flavour is the serving nodes' actorruntime.flavor" };
        var config = new Option<string[]>("--config") { Description = "With --seed: HOCON file layered over the client's defaults (repeatable)" };
        var (bind, hostname) = TransportOptions();
        var command = new Command(name, "Perform run's steps against an extension hosted by a cluster") { url, token, seeds, extension, flavor, config, bind, hostname };
        foreach (var option in StepSyntax.Options()) command.Options.Add(option);
        command.SetAction(async (result, cancellation) =>
        {
            // Everything remote cannot do is refused here, before connecting to anything.
            if (result.GetValue(flavor) is not null)
            {
                error.WriteLine("error: --flavor: a served extension's flavour is set by the serving nodes' configuration (actorruntime.flavor)");
                return 2;
            }
            var urlText = result.GetValue(url);
            var seedList = result.GetValue(seeds) ?? [];
            if ((urlText is null) == (seedList.Length == 0))
            {
                error.WriteLine(urlText is null
                    ? "error: remote needs --url <front door of a serve node> (or --seed host:port to join the cluster as a member)"
                    : "error: --url and --seed: give one (--url reaches a serve node's front door; --seed joins the cluster as a member)");
                return 2;
            }
            if (urlText is null && cluster is null)
            {
                error.WriteLine($"error: --seed: {name} reaches a front door (--url); joining the cluster as a member takes actorruntime remote --seed");
                return 2;
            }
            // The node checks URL patterns with the rest of the request (same line, same exit code): a client has not their rules.
            var plan = RunStep.FromTokens(result.Tokens, urlText is null ? cluster!.Patterns : null);
            if (plan.Steps.OfType<RunStep.Advance>().FirstOrDefault() is { } advance)
            {
                error.WriteLine($"error: --advance {advance.Milliseconds}: a cluster runs on real time; only run has a virtual clock");
                return 2;
            }
            return urlText is not null
                ? await ViaFrontDoorAsync(result, urlText, result.GetValue(token), result.GetValue(extension)!, plan, output, error, cancellation)
                : await cluster!.RunAsync(new ClusterRequest(result.GetValue(config) ?? [], result.GetValue(bind), result.GetValue(hostname), seedList,
                    result.GetValue(extension)!, plan), cancellation);
        });
        return command;
    }

    /// <summary><c>--bind</c> and <c>--hostname</c> (serve and remote): over <c>actorruntime.cluster.bind-address</c> and <c>.hostname</c>.</summary>
    internal static (Option<string> Bind, Option<string> Hostname) TransportOptions() => (
        new Option<string>("--bind") { Description = "Address to listen on (default actorruntime.cluster.bind-address, 127.0.0.1); beyond loopback TLS is required" },
        new Option<string>("--hostname") { Description = "Name other nodes reach this node by, shown in its address (default: the bind address)" });

    /// <summary>--url: one HTTP request; nothing of the cluster (Akka, the host) is loaded in this process.</summary>
    private static async Task<int> ViaFrontDoorAsync(ParseResult result, string urlText, string? token, string extensionId, RunPlan plan,
        TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0 || url.AbsolutePath != "/")
        {
            error.WriteLine($"error: --url {urlText}: expected the front door's address, http://host:port or https://host:port");
            return 2;
        }
        foreach (var (option, name) in new[] { ("--config", "a cluster member's configuration"), ("--bind", "a cluster member's address"), ("--hostname", "a cluster member's address") })
        {
            if (result.Tokens.Any(t => t.Type == TokenType.Option && t.Value == option))
            {
                error.WriteLine($"error: {option}: sets {name}; --url talks HTTP to a front door (use --seed to join the cluster)");
                return 2;
            }
        }
        token ??= Environment.GetEnvironmentVariable(FrontDoorClient.TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (!HostScriptFile.TryReadAll(plan.HostScripts, error, out var hostScripts)) return 2;
        byte[] body;
        try
        {
            var words = result.Tokens.Select(t => new RunStep.Word(t.Type == TokenType.Option, t.Value)).ToList();
            var steps = FrontDoorClient.Steps(words);
            body = FrontDoorClient.Body(steps, hostScripts, FrontDoorClient.Files(steps));
        }
        catch (ExtensionRequestException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        return await FrontDoorClient.RunAsync(url, token, extensionId, body, output, error, cancellation);
    }
}

/// <summary>
/// <c>remote --seed</c> where this process can join the cluster as a member (the host): the URL patterns' rules, checked
/// before it starts, and the run.
/// </summary>
internal sealed record ClusterRoute(PatternCheck Patterns, Func<ClusterRequest, CancellationToken, Task<int>> RunAsync);

/// <summary>A <c>remote --seed</c> command line, read and checked.</summary>
internal sealed record ClusterRequest(IReadOnlyList<string> ConfigFiles, string? Bind, string? Hostname, IReadOnlyList<string> Seeds, string ExtensionId, RunPlan Plan);
