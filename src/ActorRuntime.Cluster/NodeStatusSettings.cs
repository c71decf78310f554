using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Cluster;

/// <summary>What a node keeps for the status page, how much of it one report carries, and how often it is refreshed (<c>actorruntime.status</c>).</summary>
internal sealed record NodeStatusSettings(int ConsoleLines, int Errors, int MaxLineLength, int Minutes, int MaxExtensions,
    TimeSpan RefreshInterval, TimeSpan AskTimeout, TimeSpan PageRefresh, TimeSpan HealthTimeout)
{
    private const string Keys = "actorruntime.status";

    /// <summary>The most bytes a node's report takes as sent (its lines, its extensions, the rest): under a frame between nodes.</summary>
    public required long MaxReportSize { get; init; }

    /// <summary>The most bytes of recent lines in one report, console lines and errors each half; the oldest are left out first.</summary>
    public required long MaxLinesSize { get; init; }

    /// <summary>Extensions the node hosted and unloaded (passivated, handed off) that it still lists, the most recently unloaded.</summary>
    public required int RememberedUnloaded { get; init; }

    public static NodeStatusSettings FromConfig(Config config)
    {
        var section = ShippedConfig.Section(config, "status");
        var settings = new NodeStatusSettings(
            Count(section, "console-lines", 1, 100_000),
            Count(section, "errors", 1, 100_000),
            Count(section, "max-line-length", 10, 1_000_000),
            Count(section, "minutes", 1, 1440),
            Count(section, "max-extensions", 1, 1_000_000),
            Duration(section, "refresh-interval"),
            Duration(section, "ask-timeout"),
            Duration(section, "page-refresh"),
            Duration(section, "health-timeout"))
        {
            MaxReportSize = Size(section, "max-report-size"),
            MaxLinesSize = Size(section, "max-lines-size"),
            RememberedUnloaded = Count(section, "remembered-unloaded", 0, 1_000_000),
        };
        // Every message between nodes must fit a frame; room is left for the rest of the report (its minutes, its address).
        var frame = ShippedConfig.Section(config, "cluster").GetByteSize("maximum-frame-size") ?? 0;
        if (settings.MaxReportSize > frame / 2)
            throw new ConfigurationException($"{Keys}.max-report-size: expected at most half of actorruntime.cluster.maximum-frame-size ({frame} bytes), got {section.GetString("max-report-size")}");
        if (settings.MaxLinesSize > settings.MaxReportSize / 2)
            throw new ConfigurationException($"{Keys}.max-lines-size: expected at most half of {Keys}.max-report-size ({settings.MaxReportSize} bytes), got {section.GetString("max-lines-size")}");
        // One line cut to max-line-length (6 bytes a character at worst, as sent) fits its half of the lines' size.
        if (NodeStatusBoard.LineSize(settings.MaxLineLength) > settings.MaxLinesSize / 2)
            throw new ConfigurationException($"{Keys}.max-line-length: a line that long does not fit half of {Keys}.max-lines-size ({settings.MaxLinesSize} bytes; up to 6 bytes a character as sent), got {settings.MaxLineLength}");
        return settings;
    }

    private static int Count(Config section, string key, int min, int max)
    {
        var value = section.GetInt(key);
        return value >= min && value <= max ? value
            : throw new ConfigurationException($"{Keys}.{key}: expected a number from {min} to {max}, got {section.GetString(key)}");
    }

    private static long Size(Config section, string key) =>
        section.GetByteSize(key) is { } size and >= 16 * 1024 ? size
            : throw new ConfigurationException($"{Keys}.{key}: expected a size of 16KiB or more, got {section.GetString(key)}");

    private static TimeSpan Duration(Config section, string key)
    {
        var value = section.GetTimeSpan(key);
        return value > TimeSpan.Zero ? value
            : throw new ConfigurationException($"{Keys}.{key}: expected a positive duration, got {section.GetString(key)}");
    }
}
