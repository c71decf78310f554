using Microsoft.Extensions.Logging;

namespace ActorRuntime.Hosting;

/// <summary>Every console line of every extension of the host: to the log, and to each <see cref="IExtensionRuntime.SubscribeConsole"/> subscriber.</summary>
internal sealed class ConsoleBroadcast(ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger("ActorRuntime.Console");

    public Broadcast<ConsoleEntry> Subscribers { get; } = new();

    public void Publish(ConsoleEntry entry)
    {
        var level = entry.Level switch
        {
            "error" => LogLevel.Error,
            "warn" => LogLevel.Warning,
            "debug" or "trace" => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        _log.Log(level, "{Entry}", entry.ToString());
        Subscribers.Publish(entry);
    }
}
