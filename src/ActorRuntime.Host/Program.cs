using System.CommandLine;

namespace ActorRuntime.Host;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // stdout is the commands' own: what libraries write there by themselves (Akka.Hosting prints a failed start's
        // exception with its stack trace) is dropped; the failure reaches the user as the command's one error line.
        var output = Console.Out;
        Console.SetOut(TextWriter.Null);
        return RunAsync(args, output, Console.Error);
    }

    /// <summary>Parses and runs a command line; bad input is one <c>error: ...</c> line and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        error = new ErrorLineWriter(error);
        var root = new RootCommand("ActorRuntime: run WebExtensions outside a browser")
        {
            RunCommand.Create(output, error),
            ServeCommand.Create(output, error),
            RemoteCommand.Create(output, error),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {OneLine(parsed.Errors[0].Message)}");
            return 2;
        }
        try
        {
            // No stack traces for users: what escapes a command is one line, and the run failed.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is MissingStepValueException or ExtensionRequestException)
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
