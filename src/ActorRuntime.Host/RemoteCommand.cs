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
/// <c>remote --seed host:port... --extension &lt;id&gt; [steps...]</c>: joins the cluster as a client-only node and
/// performs the same steps as <c>run</c> against the extension wherever it lives (same output, same exit codes).
/// </summary>
internal static class RemoteCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var seeds = new Option<string[]>("--seed") { Description = "host:port of a node of the cluster (repeatable)", Required = true };
        var extension = new Option<string>("--extension") { Description = "The id of the extension to drive", Required = true };
        var flavor = new Option<string>("--flavor") { Description = "Not available: a served extension's flavour is the serving nodes' actorruntime.flavor" };
        var config = new Option<string[]>("--config") { Description = "HOCON file layered over the client's defaults (repeatable)" };
        var (bind, hostname) = ServeCommand.TransportOptions();
        var command = new Command("remote", "Perform run's steps against an extension hosted by a cluster") { seeds, extension, flavor, config, bind, hostname };
        foreach (var option in RunCommand.StepOptions()) command.Options.Add(option);
        command.SetAction(async (result, cancellation) =>
        {
            if (result.GetValue(flavor) is not null)
            {
                error.WriteLine("error: --flavor: a served extension's flavour is set by the serving nodes' configuration (actorruntime.flavor)");
                return 2;
            }
            var plan = RunStep.FromTokens(result.Tokens);
            Config layered;
            ClusterTransport transport;
            try
            {
                layered = ConfigFiles.Load(result.GetValue(config) ?? []);
                transport = ClusterTransport.FromConfig(layered, result.GetValue(bind), result.GetValue(hostname));
            }
            catch (Exception ex) when (ex is ConfigurationException or FileNotFoundException)
            {
                error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            return await ExecuteAsync(result.GetValue(seeds)!, result.GetValue(extension)!, plan, layered, output, error, cancellation, transport);
        });
        return command;
    }

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> seeds, string extensionId, RunPlan plan, Config layered,
        TextWriter output, TextWriter error, CancellationToken cancellation, ClusterTransport? transport = null)
    {
        if (!HostScriptFile.TryReadAll(plan.HostScripts, error, out var hostScripts)) return 2;
        var strict = new StrictWatch();
        // The client's diagnostics are its own error lines: neither Akka (association retries, gating) nor the host logs
        // anything unless a --config sets akka.loglevel, and then one line each on stderr, never a stack trace.
        var logged = layered.WithFallback(QuietLogging);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddOneLineConsole();
        builder.Logging.SetMinimumLevel(LogLevelOf(logged.GetString("akka.loglevel", "OFF")));
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var console = new OrderedConsole(output.WriteLine);
        builder.Services.AddExtensionClusterRuntime(onConsole: entry =>
        {
            strict.See(entry);
            console.Line(entry.Sequence, entry.ToString());
        });
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
            var runtime = host.Services.GetRequiredService<IExtensionRuntime>();
            // The calls come back with each answer, after the lines printed with it.
            using var calls = plan.Calls ? runtime.SubscribeCalls() : null;
            var printing = calls is null ? Task.CompletedTask : PrintCalls(calls, console);
            // As run fires install/startup: activate the extension (its lines print if it starts now).
            await runtime.SettleAsync(extensionId, options.SettleTimeout, cancellation);
            foreach (var script in hostScripts) await runtime.RunHostScriptAsync(extensionId, script.Code, script.FileName, cancellation);
            var code = await StepRunner.RunAsync(runtime, extensionId, plan.Steps, console, error, options.SettleTimeout);
            return strict.ExitCode(plan.Strict, code);
        }
        catch (ExtensionRequestException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (ActorRuntimeException ex)
        {
            // Reaching the extension failed before any step (it was stopped, or did not answer).
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        finally
        {
            // Leaves the cluster gracefully (coordinated shutdown).
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task PrintCalls(Subscription<ApiCallRecord> calls, OrderedConsole console)
    {
        await foreach (var call in calls.Reader.ReadAllAsync())
            if (!call.IsAsync || !call.IsSettled) console.Line(call.Sequence, call.ToString());
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
