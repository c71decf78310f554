using System.CommandLine;
using ActorRuntime.Cluster;
using ActorRuntime.FrontDoor;
using ActorRuntime.FrontDoor.Api;
using ActorRuntime.FrontDoor.Health;
using ActorRuntime.FrontDoor.Status;
using ActorRuntime.Kernel;
using ActorRuntime.Hosting;
using ActorRuntime.Manifest;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRuntime.Host;

/// <summary>
/// <c>serve</c>: a Generic Host node of an extension cluster. Prints <c>ready &lt;akka-address&gt;</c> on stdout once
/// it is a member and <c>front-door &lt;url&gt;</c> once its HTTP front door listens (docs/front-door.md), logs (on
/// stderr) <c>activated &lt;id&gt;</c> whenever an extension starts on it, and leaves the cluster gracefully on SIGINT/SIGTERM.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var configs = new Option<string[]>("--config") { Description = "HOCON file layered over the defaults, in order (repeatable)" };
        var extensions = new Option<string[]>("--extensions") { Description = "An extension folder, or a folder whose subfolders are extensions (repeatable)" };
        var port = new Option<int>("--port") { Description = "Port of this node (0: any free port)", DefaultValueFactory = _ => 0 };
        var seeds = new Option<string[]>("--seed") { Description = "host:port of a node to join (repeatable; none: find the others through actorruntime.cluster.discovery, or start a new cluster)" };
        var (bind, hostname) = RemoteCommandLine.TransportOptions();
        var httpPort = new Option<int?>("--http-port") { Description = "Port of this node's HTTP front door (0: any free port; default actorruntime.front-door.port)" };
        var command = new Command("serve", "Host extensions as a node of a cluster until SIGINT/SIGTERM") { configs, extensions, port, seeds, bind, hostname, httpPort };
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                // The project's own lines at INFO (activations) unless a --config says otherwise; Akka's own INFO lines are
                // kept out by their log category (HostLogging).
                var layered = ConfigFiles.Load(result.GetValue(configs) ?? []).WithFallback(ConfigurationFactory.ParseString("akka.loglevel = INFO"));
                var catalog = new ExtensionCatalog(result.GetValue(extensions) ?? [], FileLimits.FromConfig(layered));
                using var host = Build(catalog, layered, result.GetValue(port), result.GetValue(seeds) ?? [], (result.GetValue(bind), result.GetValue(hostname)), output,
                    result.GetValue(httpPort));
                var storageCheck = host.Services.GetRequiredService<StorageStartupCheck>();
                await host.RunAsync(cancellation);
                return storageCheck.ExitCode(error);
            }
            catch (Exception ex) when (ex is ManifestException or ConfigurationException or FileNotFoundException)
            {
                error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            catch (StorageStartupException ex)
            {
                error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// A port another process listens on is refused before anything starts: Akka would find it only while starting, and
    /// report it in several log lines before the host gives up.
    /// </summary>
    private static void RefusePortInUse(string bindAddress, int port, string option = "--port") => PortProbe.RefuseInUse(bindAddress, port, option);

    /// <summary>Each leaf of an <c>IConfiguration</c> section as a HOCON key (its path with dots) and a string value.</summary>
    private static Config FromConfiguration(IConfigurationSection section)
    {
        var hocon = new System.Text.StringBuilder();
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is null) continue;
            // Plain segments stay unquoted (Akka.Hosting re-renders HOCON text, and quoted path segments do not survive it).
            if (key.Split(':').Any(part => part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
                throw new ConfigurationException($"configuration key {key}: expected letters, digits, '-' or '_' between the separators");
            var path = key.Replace(':', '.');
            hocon.Append(path).Append(" = ").Append(ActorRuntime.Serialization.Hocon.Quote(value)).Append('\n');
        }
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

    /// <param name="httpPort"><c>--http-port</c>: the front door's port over <c>actorruntime.front-door.port</c>.</param>
    internal static IHost Build(ExtensionCatalog catalog, Config layered, int port, IReadOnlyList<string> seeds, (string? Bind, string? Hostname) address,
        TextWriter output, int? httpPort = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        // actorruntime.* from appsettings.json / environment variables (actorruntime__flavor=chrome) over the --config files;
        // merged here, before the runtime reads its settings, so that storage and every other key see them.
        layered = FromConfiguration(builder.Configuration.GetSection("actorruntime")).WithFallback(layered);
        ClusterTransport.RefuseAkkaTransportKeys(builder.Configuration.GetSection("akka"));
        var transport = ClusterTransport.FromConfig(layered, address.Bind, address.Hostname);
        RefusePortInUse(transport.BindAddress, port);
        var discovery = ClusterDiscovery.ForNode(layered, transport, seeds);
        var frontDoor = FrontDoorSettings.FromConfig(layered.WithFallback(RuntimeOptions.DefaultConfig), httpPort);
        var frontDoorTls = frontDoor is { Enabled: true, TlsEnabled: true } ? FrontDoorTls.Load(frontDoor, DateTimeOffset.UtcNow) : null;
        if (frontDoor.Enabled) RefusePortInUse(frontDoor.Hostname, frontDoor.Port, httpPort is null ? "actorruntime.front-door.port" : "--http-port");
        var storageCheck = StorageStartupCheck.Run(layered);
        builder.Services.AddSingleton(storageCheck);
        builder.Services.AddSystemd();
        // stdout carries the ready line only; every log line goes to stderr, one line each.
        builder.Logging.AddServeLogging(layered, builder.Configuration);
        builder.Services.AddServeTelemetry(builder.Configuration);
        var options = new ActorRuntimeHostingOptions();
        // This node's IExtensionRuntime reaches every extension of the cluster, wherever it lives.
        builder.Services.AddActorRuntimeServices(options).AddExtensionClusterRuntime(catalog);
        builder.Services.AddAkka(ClusterHostingExtensions.SystemName, (akka, provider) =>
        {
            var console = provider.GetRequiredService<ConsoleBroadcast>();
            options.Console = console.Publish;
            // Defaults, then each --config, then appsettings.json / environment variables (the "akka" section). The akka
            // section goes in after WithActorRuntime, whose persistence builders override what was added before them.
            akka.AddHocon(layered, HoconAddMode.Prepend);
            akka.WithActorRuntime(options, layered);
            var akkaSection = builder.Configuration.GetSection("akka");
            if (akkaSection.GetChildren().Any()) akka.AddHocon(akkaSection, HoconAddMode.Prepend);
            akka.WithServeLogging(provider.GetRequiredService<ILoggerFactory>());
            akka.WithExtensionCluster(options, catalog, port, seeds, transport, discovery);
            akka.WithActorRuntimeHealthChecks();
            akka.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.RegisterOnMemberUp(() => storageCheck.BeforeReady(cluster, provider.GetRequiredService<IHostApplicationLifetime>(), () =>
                {
                    lock (output) output.WriteLine($"ready {cluster.SelfAddress}");
                    output.Flush();
                }));
                // Neither seeds nor discovery: this node starts a cluster of its own.
                if (seeds.Count == 0 && discovery is null) cluster.Join(cluster.SelfAddress);
            });
        });
        // After the actor system: the front door starts once the node's runtime exists, and prints its URL when it listens.
        var runtimeOptions = RuntimeOptions.FromConfig(layered.WithFallback(RuntimeOptions.DefaultConfig));
        builder.Services.AddSingleton<IFrontDoorRuns>(provider => new FrontDoorRuns(provider.GetRequiredService<IExtensionRuntime>(), runtimeOptions));
        // The status page (GET /, token required) and health (/healthz, /ready, anonymous) on the front door, answered from
        // this node's actor system and the health checks Akka.Hosting registered on the node's services.
        builder.Services.AddActorRuntimeHealthChecks();
        builder.Services.AddFrontDoorServices((door, node) =>
        {
            door.AddSingleton(node.GetRequiredService<Akka.Actor.ActorSystem>());
            door.AddSingleton(node.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>());
            door.AddActorRuntimeStatus();
        });
        builder.Services.MapFrontDoorEndpoints(endpoints =>
        {
            endpoints.MapActorRuntimeStatus();
            endpoints.MapActorRuntimeHealth();
        });
        builder.Services.AddFrontDoor(frontDoor, frontDoorTls, url =>
        {
            lock (output) output.WriteLine($"front-door {url.GetLeftPart(UriPartial.Authority)}");
            output.Flush();
        });
        return builder.Build();
    }
}
