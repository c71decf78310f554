using System.CommandLine;

namespace ActorRuntime.Host;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Parses and runs a command line; bad input is one <c>error: ...</c> line and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("ActorRuntime: run WebExtensions outside a browser")
        {
            RunCommand.Create(output, error),
            ServeCommand.Create(output, error),
            RemoteCommand.Create(output, error),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[0].Message}");
            return 2;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
