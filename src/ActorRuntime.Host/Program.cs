using System.CommandLine;

namespace ActorRuntime.Host;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

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
        catch (MissingStepValueException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"error: {OneLine(ex.Message)}");
            return 1;
        }
    }

    /// <summary>A parser message that lists choices on lines of their own, as one line: <c>Must be one of: 'a', 'b'</c>.</summary>
    internal static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 1 ? message.Trim() : lines[0] + " " + string.Join(", ", lines[1..]);
    }
}
