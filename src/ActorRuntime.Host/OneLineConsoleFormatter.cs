using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ActorRuntime.Host;

/// <summary>
/// Log lines for <c>serve</c> and <c>remote</c> on stderr: <c>level: category[event] message</c>, one line per entry and
/// never a stack trace. Akka writes an error's cause (with its trace) into the message itself, after the first line, so
/// only the first line of the message is kept, and the exception an entry carries is left out.
/// </summary>
internal sealed class OneLineConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "actorruntime-one-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (string.IsNullOrWhiteSpace(message)) message = logEntry.Exception?.Message;
        if (string.IsNullOrWhiteSpace(message)) return;
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write($"[{logEntry.EventId.Id}] ");
        textWriter.WriteLine(FirstLine(message));
    }

    internal static string FirstLine(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var end = trimmed.IndexOfAny('\r', '\n');
        return (end < 0 ? trimmed : trimmed[..end].TrimEnd()).ToString();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };
}

internal static class OneLineConsoleLogging
{
    /// <summary>Every log line to stderr through <see cref="OneLineConsoleFormatter"/>.</summary>
    public static ILoggingBuilder AddOneLineConsole(this ILoggingBuilder logging) => logging
        .AddConsole(o =>
        {
            o.FormatterName = OneLineConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        })
        .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>();
}
