using ActorRuntime.Kernel;
using System.CommandLine;
using ActorRuntime.Cluster;
using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRuntime.Host;

/// <summary>
/// <c>remote --url http://host:port [--token t] --extension &lt;id&gt; [steps...]</c>: performs the same steps as <c>run</c>
/// against the extension wherever it lives in the cluster, through a serve node's front door (same output, same exit
/// codes). <c>--seed host:port</c> instead joins the cluster as a client-only node, for tools that need a member of
/// their own (much slower to start).
/// </summary>
internal static class RemoteCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string>("--url") { Description = "The front door of a serve node: http://host:port (printed by serve as front-door <url>)" };
        var token = new Option<string>("--token") { Description = $"The front door's token (actorruntime.front-door.token); default: the {FrontDoorClient.TokenVariable} environment variable" };
        var seeds = new Option<string[]>("--seed") { Description = "Instead of --url: join the cluster through this node, host:port (repeatable), as a client-only member (for tools that need one; slow to start)" };
        var extension = new Option<string>("--extension") { Description = "The id of the extension to drive", Required = true };
        var flavor = new Option<string>("--flavor") { Description = "Not available: a served extension's flavour is the serving nodes' actorruntime.flavor" };
        var config = new Option<string[]>("--config") { Description = "With --seed: HOCON file layered over the client's defaults (repeatable)" };
        var (bind, hostname) = ServeCommand.TransportOptions();
        var command = new Command("remote", "Perform run's steps against an extension hosted by a cluster") { url, token, seeds, extension, flavor, config, bind, hostname };
        foreach (var option in RunCommand.StepOptions()) command.Options.Add(option);
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
            var plan = RunStep.FromTokens(result.Tokens);
            if (plan.Steps.OfType<RunStep.Advance>().FirstOrDefault() is { } advance)
            {
                error.WriteLine($"error: --advance {advance.Milliseconds}: a cluster runs on real time; only run has a virtual clock");
                return 2;
            }
            return urlText is not null
                ? await ViaFrontDoorAsync(result, urlText, result.GetValue(token), result.GetValue(extension)!, plan, output, error, cancellation)
                : await ViaClusterAsync(result.GetValue(config) ?? [], result.GetValue(bind), result.GetValue(hostname), seedList,
                    result.GetValue(extension)!, plan, output, error, cancellation);
        });
        return command;
    }

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
            if (result.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.Option && t.Value == option))
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
            var words = result.Tokens.Select(t => new RunStep.Word(t.Type == System.CommandLine.Parsing.TokenType.Option, t.Value)).ToList();
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

    /// <summary>--seed: this process joins the cluster as a client-only member and drives the extension through sharding.</summary>
    private static async Task<int> ViaClusterAsync(string[] configFiles, string? bind, string? hostname, string[] seeds, string extensionId, RunPlan plan,
        TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        Config layered;
        ClusterTransport transport;
        try
        {
            layered = ConfigFiles.Load(configFiles);
            transport = ClusterTransport.FromConfig(layered, bind, hostname);
        }
        catch (Exception ex) when (ex is ConfigurationException or FileNotFoundException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        return await ExecuteAsync(seeds, extensionId, plan, layered, output, error, cancellation, transport);
    }

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> seeds, string extensionId, RunPlan plan, Config layered,
        TextWriter output, TextWriter error, CancellationToken cancellation, ClusterTransport? transport = null)
    {
        if (!HostScriptFile.TryReadAll(plan.HostScripts, error, out var hostScripts)) return 2;
        // The client's diagnostics are its own error lines: neither Akka (association retries, gating) nor the host logs
        // anything unless a --config sets akka.loglevel, and then one line each on stderr, never a stack trace.
        var logged = layered.WithFallback(QuietLogging);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddOneLineConsole();
        builder.Logging.SetMinimumLevel(LogLevelOf(logged.GetString("akka.loglevel", "OFF")));
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var console = new OrderedConsole(output.WriteLine);
        builder.Services.AddExtensionClusterRuntime();
        builder.Services.AddAkka(ClusterHostingExtensions.SystemName, (akka, _) =>
        {
            akka.AddHocon(logged, HoconAddMode.Prepend);
            akka.AddHocon(RuntimeOptions.DefaultConfig, HoconAddMode.Append);
            akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory());
            akka.WithExtensionClusterClient(seeds, transport);
            akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => joined.TrySetResult()));
        });
        using var host = builder.Build();
        await host.StartAsync(cancellation);
        try
        {
            var options = RuntimeOptions.FromConfig(layered.WithFallback(RuntimeOptions.DefaultConfig));
            if (await Task.WhenAny(joined.Task, Task.Delay(options.AskTimeout, cancellation)) != joined.Task)
            {
                error.WriteLine($"error: could not join the cluster through {string.Join(", ", seeds)} within {options.AskTimeout.TotalSeconds:0} s");
                return 2;
            }
            // The calls come back with each answer, numbered with its lines in the order they were made.
            var cluster = (ClusteredExtensionRuntime)host.Services.GetRequiredService<IExtensionRuntime>();
            return await ClusterRun.RunAsync(cluster, extensionId, plan, hostScripts, console, error, options.SettleTimeout, files: null, cancellation);
        }
        finally
        {
            // Leaves the cluster gracefully (coordinated shutdown).
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static readonly Config QuietLogging = ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF");

    /// <summary>The host's log level matching Akka's <c>akka.loglevel</c>, so one setting decides what the client logs.</summary>
    private static LogLevel LogLevelOf(string akkaLevel) => akkaLevel.ToUpperInvariant() switch
    {
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        _ => LogLevel.None,
    };
}
