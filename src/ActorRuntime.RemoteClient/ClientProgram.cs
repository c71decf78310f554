using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace ActorRuntime.RemoteClient;

/// <summary>
/// <c>actorruntime-remote --url ... --extension &lt;id&gt; [steps...]</c>: <c>actorruntime remote --url</c> on its own, with the
/// same grammar, output and exit codes, published as a native executable so that it answers in milliseconds.
/// </summary>
internal static class ClientProgram
{
    /// <summary>The executable's name (the help's usage line says <c>actorruntime-remote [options]</c>).</summary>
    internal const string ToolName = "actorruntime-remote";

    public static Task<int> Main(string[] args)
    {
        // The CLI speaks English: the parser's own messages (System.CommandLine localizes them) are among its error lines.
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        return RunAsync(args, Console.Out, Console.Error);
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        error = new ErrorLineWriter(error);
        var root = RemoteCommandLine.Create(ToolName, output, error, cluster: null);
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        return CommandLineRun.InvokeAsync(root, args, output, error);
    }
}
