using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace ActorRuntime.Host;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // The CLI speaks English: the parser's own messages (System.CommandLine localizes them) are among its error lines.
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        // stdout is the commands' own: what libraries write there by themselves (Akka.Hosting prints a failed start's
        // exception with its stack trace) is dropped; the failure reaches the user as the command's one error line.
        var output = Console.Out;
        Console.SetOut(TextWriter.Null);
        return RunAsync(args, output, Console.Error);
    }

    /// <summary>
    /// Parses and runs a command line. Bad input is one <c>error: ...</c> line and exit code 2, found before anything
    /// runs. No arguments at all print the usage on stdout, and are bad input too (nothing was run: a script whose command
    /// word came out empty fails, with its error line); <c>--help</c> exits 0.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        error = new ErrorLineWriter(error);
        var root = CreateRoot(output, error);
        if (args.Length == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
            error.WriteLine($"error: expected a command: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (usage above)");
            return 2;
        }
        return await CommandLineRun.InvokeAsync(root, args, output, error);
    }

    /// <summary>The commands, under the name the tool is installed as (the help's usage lines say <c>actorruntime run ...</c>).</summary>
    internal static Command CreateRoot(TextWriter output, TextWriter error)
    {
        var root = new Command(ToolName, "ActorRuntime: run WebExtensions outside a browser")
        {
            new HelpOption(),
            new VersionOption(),
            RunCommand.Create(output, error),
            ServeCommand.Create(output, error),
            RemoteCommand.Create(output, error),
        };
        foreach (var command in root.Subcommands) AcceptPortsOnly(command);
        return root;
    }

    /// <summary>The command <c>dotnet tool install</c> gives (ToolCommandName in the project file).</summary>
    internal const string ToolName = "actorruntime";

    /// <summary>Every whole-number option named <c>--...port</c> (serve's <c>--port</c>...) takes a TCP port, 0 for any free one.</summary>
    private static void AcceptPortsOnly(Command command)
    {
        foreach (var option in command.Options.OfType<Option<int>>().Where(o => o.Name.EndsWith("port", StringComparison.Ordinal)))
            option.Validators.Add(result =>
            {
                if (result.Tokens is [var given] && int.TryParse(given.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is < 0 or > 65535)
                    result.AddError($"{option.Name} {given.Value}: expected a port number from 0 to 65535 (0: any free port)");
            });
        foreach (var sub in command.Subcommands) AcceptPortsOnly(sub);
    }
}
