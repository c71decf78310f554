using System.CommandLine;

namespace ActorRuntime.RemoteClient;

/// <summary>
/// A command line parsed and run, as <c>actorruntime</c> and <c>actorruntime-remote</c> both do: bad input is one
/// <c>error: ...</c> line and exit code 2, found before anything runs; what escapes a command is one line and exit 1.
/// </summary>
internal static class CommandLineRun
{
    /// <summary>
    /// No response files: a value starting with <c>@</c> (<c>--type #to @ada</c>, <c>--eval @decorated</c>) is that value,
    /// not the name of a file of arguments.
    /// </summary>
    private static readonly ParserConfiguration ParserSettings = new() { ResponseFileTokenReplacer = null };

    public static async Task<int> InvokeAsync(Command root, string[] args, TextWriter output, TextWriter error)
    {
        var parsed = root.Parse(args, ParserSettings);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {ParseErrorLine.Describe(parsed)}");
            return 2;
        }
        try
        {
            // No stack traces for users: what escapes a command is one line, and the run failed.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is CommandLineException or ExtensionRequestException)
        {
            // Bad input found while reading the steps (a --script file's lines among them).
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"error: {Describe(ex)}");
            return 1;
        }
    }

    /// <summary>
    /// An exception as one line: the single exception inside layers of <see cref="AggregateException"/> (how a host
    /// reports a failed start), and the inner cause where a message only points to it.
    /// </summary>
    internal static string Describe(Exception ex)
    {
        while (ex is AggregateException { InnerExceptions.Count: 1 } aggregate) ex = aggregate.InnerExceptions[0];
        const string pointer = "See InnerException for details.";
        var message = OneLine(ex.Message);
        if (ex.InnerException is not { } inner || !message.EndsWith(pointer, StringComparison.Ordinal)) return message;
        return message[..^pointer.Length].TrimEnd(' ', '.') + ": " + Describe(inner);
    }

    /// <summary>A parser message that lists choices on lines of their own, as one line: <c>Must be one of: 'a', 'b'</c>.</summary>
    internal static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 1 ? message.Trim() : lines[0] + " " + string.Join(", ", lines[1..]);
    }
}
