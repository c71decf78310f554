using System.Diagnostics;
using ActorRuntime.Host;
using ActorRuntime.RemoteClient;

namespace ActorRuntime.Tests.Support;

/// <summary>Runs a command line through the executable's own parser and commands, in process.</summary>
public static class CommandLine
{
    /// <summary>The exit code and what was written to stdout and stderr (line endings as \n).</summary>
    public static Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcess(Program.RunAsync, args);

    /// <summary>The same through actorruntime-remote's own entry point (the front door client on its own), in process.</summary>
    public static Task<(int Code, string Out, string Err)> RunClient(params string[] args) => InProcess(ClientProgram.RunAsync, args);

    private static async Task<(int Code, string Out, string Err)> InProcess(Func<string[], TextWriter, TextWriter, Task<int>> entry, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await entry(args, output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    /// <summary>The same through the built executable in a process of its own (what a user's shell sees, stack traces included).</summary>
    public static Task<(int Code, string Out, string Err)> RunProcess(string workingDirectory, params string[] args) =>
        OutOfProcess("ActorRuntime.Host.dll", workingDirectory, args);

    /// <summary>actorruntime-remote (its JIT build, as <c>dotnet actorruntime-remote.dll</c>) in a process of its own.</summary>
    public static Task<(int Code, string Out, string Err)> RunClientProcess(string workingDirectory, params string[] args) =>
        OutOfProcess("actorruntime-remote.dll", workingDirectory, args);

    private static async Task<(int Code, string Out, string Err)> OutOfProcess(string assembly, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }
}
