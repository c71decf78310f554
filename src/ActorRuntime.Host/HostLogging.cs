using ActorRuntime.Hosting;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorRuntime.Host;

/// <summary>
/// <c>serve</c>'s logs, on stderr: one line per entry, as text (<see cref="OneLineConsoleFormatter"/>) or, with
/// <c>actorruntime.logging.format = json</c>, as one JSON object per line with the logging scopes (the extension's id and
/// the context's label). Akka's log events are logged under the category of the class that logged them, so the
/// project's own (<c>ActorRuntime.*</c>: <c>activated &lt;id&gt;</c>) stay at INFO while Akka's own (<c>Akka.*</c>) are
/// quiet below WARNING unless <c>Logging:LogLevel:Akka</c> says otherwise. Membership changes are logged by the project.
/// </summary>
internal static class HostLogging
{
    /// <summary>Where the logging filter for Akka's own lines is read (appsettings.json, or <c>Logging__LogLevel__Akka</c>).</summary>
    private const string AkkaLevelKey = "Logging:LogLevel:Akka";

    public const string MembershipCategory = "ActorRuntime.Cluster.Membership";

    /// <summary>Every log line to stderr in the format <c>actorruntime.logging.format</c> names (text or json).</summary>
    public static ILoggingBuilder AddServeLogging(this ILoggingBuilder logging, Config layered, IConfiguration configuration)
    {
        logging.ClearProviders();
        var format = ActorRuntime.Configuration.ShippedConfig.WithDefaults(layered).GetString("actorruntime.logging.format");
        switch (format)
        {
            case "text":
                logging.AddOneLineConsole();
                break;
            case "json":
                logging.AddJsonLines();
                break;
            default:
                throw new ConfigurationException($"actorruntime.logging.format: expected text or json, got \"{format}\"");
        }
        if (configuration[AkkaLevelKey] is null) logging.AddFilter("Akka", LogLevel.Warning);
        return logging;
    }

    /// <summary>One JSON object per line on stderr, with the scopes and a UTC timestamp.</summary>
    public static ILoggingBuilder AddJsonLines(this ILoggingBuilder logging) => logging
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });

    /// <summary>Akka's log events through <see cref="CategorizedAkkaLogger"/>, and the project's own lines on membership changes.</summary>
    public static AkkaConfigurationBuilder WithServeLogging(this AkkaConfigurationBuilder akka, ILoggerFactory loggers)
    {
        akka.ConfigureLoggers(configure =>
        {
            configure.ClearLoggers();
            configure.AddLogger<CategorizedAkkaLogger>();
        });
        akka.AddStartup((system, _) =>
        {
            if (system is ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider })
                system.ActorOf(Props.Create(() => new MembershipLog(loggers.CreateLogger(MembershipCategory))), "membership-log");
        });
        return akka;
    }
}

/// <summary>
/// Akka's logger for <c>serve</c>: each event goes to the <see cref="ILoggerFactory"/> under the full name of the class that
/// logged it (<c>ActorRuntime.Cluster.ExtensionEntity</c>, <c>Akka.Cluster.Cluster</c>...), so that categories filter them,
/// with a logging scope naming the extension when the event has an <c>ExtensionId</c> property.
/// </summary>
internal sealed class CategorizedAkkaLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<Type, ILogger> _byClass = new();

    public CategorizedAkkaLogger()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        _loggers = setup.HasValue ? setup.Value.LoggerFactory : Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent log:
                Log(log);
                return true;
            default:
                return false;
        }
    }

    private void Log(LogEvent log)
    {
        var logger = LoggerFor(log.LogClass);
        var level = log.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
        // The message alone: LogEvent.ToString() would put the level, time, thread and source before it.
        var message = log.Message is LogMessage formatted ? SafeFormat(formatted) : log.Message?.ToString() ?? "";
        IReadOnlyDictionary<string, object>? properties = log.TryGetProperties(out var found) ? found : null;
        var extensionId = properties is not null && properties.TryGetValue("ExtensionId", out var id) ? id?.ToString() : null;
        // The event's named properties are the entry's state (fields of a JSON line), the formatted message its text.
        IReadOnlyList<KeyValuePair<string, object?>> state = properties?.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList() ?? [];
        using (extensionId is null ? null : logger.BeginScope(ConsoleBroadcast.ExtensionScope(extensionId)))
            logger.Log(level, new EventId(), state, log.Cause, (_, _) => message);
    }

    private static string SafeFormat(LogMessage message)
    {
        try
        {
            return message.ToString() ?? "";
        }
        catch (FormatException)
        {
            return message.Format;
        }
    }

    private ILogger LoggerFor(Type? logClass)
    {
        var key = logClass ?? typeof(ActorSystem);
        if (!_byClass.TryGetValue(key, out var logger))
            _byClass[key] = logger = _loggers.CreateLogger(key.FullName ?? key.Name);
        return logger;
    }
}

/// <summary>The project's own lines on cluster membership: members up, leaving, removed, unreachable; this node leaving.</summary>
internal sealed class MembershipLog : ReceiveActor
{
    public MembershipLog(ILogger log)
    {
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        Receive<ClusterEvent.MemberUp>(e => log.LogInformation("member up {Address}", e.Member.Address));
        Receive<ClusterEvent.MemberLeft>(e =>
        {
            if (e.Member.Address.Equals(self)) log.LogInformation("this node is leaving the cluster ({Address})", e.Member.Address);
            else log.LogInformation("member leaving {Address}", e.Member.Address);
        });
        Receive<ClusterEvent.MemberExited>(e => log.LogInformation("member exited {Address}", e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(e => log.LogInformation("member removed {Address} (was {Status})", e.Member.Address, e.PreviousStatus));
        Receive<ClusterEvent.UnreachableMember>(e => log.LogWarning("member unreachable {Address}", e.Member.Address));
        Receive<ClusterEvent.ReachableMember>(e => log.LogInformation("member reachable again {Address}", e.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
