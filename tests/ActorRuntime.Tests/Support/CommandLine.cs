using ActorRuntime.Host;

namespace ActorRuntime.Tests.Support;

/// <summary>Runs a command line through the executable's own parser and commands, in process.</summary>
public static class CommandLine
{
    /// <summary>The exit code and what was written to stdout and stderr (line endings as \n).</summary>
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(args, output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
