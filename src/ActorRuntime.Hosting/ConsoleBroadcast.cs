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
        // Scoped with the extension being reported for (and the line's context): JSON logs carry both as fields.
        using (Telemetry.ExtensionLogScope.Current is { } extensionId ? _log.BeginScope(ExtensionScope(extensionId, entry.Label)) : null)
            _log.Log(level, "{Entry}", entry.ToString());
        Subscribers.Publish(entry);
    }

    /// <summary>A logging scope naming an extension (and one of its contexts): <c>ExtensionId</c>, <c>ContextLabel</c>.</summary>
    internal static ExtensionScopeState ExtensionScope(string extensionId, string? contextLabel = null) => new(extensionId, contextLabel);
}

/// <summary>The fields of an extension's logging scope, as structured loggers (the JSON console) read them.</summary>
internal sealed class ExtensionScopeState(string extensionId, string? contextLabel) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => contextLabel is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ExtensionId", extensionId),
        1 when contextLabel is not null => new("ContextLabel", contextLabel),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => contextLabel is null ? $"extension {extensionId}" : $"extension {extensionId} [{contextLabel}]";
}
