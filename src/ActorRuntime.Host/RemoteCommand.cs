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
/// <c>remote</c>: <see cref="RemoteCommandLine"/>'s grammar, <c>--url</c> (a front door, as <c>actorruntime-remote</c>
/// reaches it) and, in this process only, <c>--seed host:port</c>: joining the cluster as a client-only member, for tools
/// that need one of their own (much slower to start).
/// </summary>
internal static class RemoteCommand
{
    public static Command Create(TextWriter output, TextWriter error) => RemoteCommandLine.Create("remote", output, error,
        new ClusterRoute(RunCommand.PatternProblem, (request, cancellation) => ViaClusterAsync(request, output, error, cancellation)));

    /// <summary>--seed: this process joins the cluster as a client-only member and drives the extension through sharding.</summary>
    private static async Task<int> ViaClusterAsync(ClusterRequest request, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        Config layered;
        ClusterTransport transport;
        try
        {
            layered = ConfigFiles.Load(request.ConfigFiles);
            transport = ClusterTransport.FromConfig(layered, request.Bind, request.Hostname);
        }
        catch (Exception ex) when (ex is ConfigurationException or FileNotFoundException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        return await ExecuteAsync(request.Seeds, request.ExtensionId, request.Plan, layered, output, error, cancellation, transport);
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
