using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Cluster;

/// <summary>What a node keeps for the status page, and how often it is refreshed (<c>actorruntime.status</c>).</summary>
internal sealed record NodeStatusSettings(int ConsoleLines, int Errors, int MaxLineLength, int Minutes, int MaxExtensions,
    TimeSpan RefreshInterval, TimeSpan AskTimeout, TimeSpan PageRefresh, TimeSpan HealthTimeout)
{
    public static NodeStatusSettings FromConfig(Config config)
    {
        var section = ShippedConfig.Section(config, "status");
        return new NodeStatusSettings(
            Count(section, "console-lines", 1, 100_000),
            Count(section, "errors", 1, 100_000),
            Count(section, "max-line-length", 10, 1_000_000),
            Count(section, "minutes", 1, 1440),
            Count(section, "max-extensions", 1, 1_000_000),
            Duration(section, "refresh-interval"),
            Duration(section, "ask-timeout"),
            Duration(section, "page-refresh"),
            Duration(section, "health-timeout"));
    }

    private static int Count(Config section, string key, int min, int max)
    {
        var value = section.GetInt(key);
        return value >= min && value <= max ? value
            : throw new ConfigurationException($"actorruntime.status.{key}: expected a number from {min} to {max}, got {section.GetString(key)}");
    }

    private static TimeSpan Duration(Config section, string key)
    {
        var value = section.GetTimeSpan(key);
        return value > TimeSpan.Zero ? value
            : throw new ConfigurationException($"actorruntime.status.{key}: expected a positive duration, got {section.GetString(key)}");
    }
}
