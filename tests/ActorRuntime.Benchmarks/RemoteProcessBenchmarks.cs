using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// The whole client process of a warm <c>--eval 1+1</c> through a <c>serve</c> node's front door, from its start to its
/// exit: the native <c>actorruntime-remote</c> (Native AOT; publish it first:
/// <c>dotnet publish src/ActorRuntime.RemoteClient -c Release -r linux-x64</c>, or name it in
/// <c>ACTORRUNTIME_REMOTE</c>) against the baseline, the host's <c>remote --url</c> (<c>dotnet ActorRuntime.Host.dll</c>).
/// </summary>
[MedianColumn, MinColumn]
public class RemoteProcessBenchmarks
{
    private FrontDoorServer _server = null!;
    private string _native = null!;

    [GlobalSetup]
    public void Setup()
    {
        _native = NativeClient();
        _server = FrontDoorServer.Start();
        // Warm: the extension is running and the node has answered once.
        Run(_native);
    }

    [GlobalCleanup]
    public void Cleanup() => _server.Dispose();

    [Benchmark(Baseline = true, Description = "actorruntime remote --url ... --eval 1+1, the whole process (dotnet ActorRuntime.Host.dll)")]
    public string Host() => Run("dotnet", FrontDoorServer.HostAssembly, "remote");

    [Benchmark(Description = "actorruntime-remote --url ... --eval 1+1, the whole process (Native AOT)")]
    public string Native() => Run(_native);

    private string Run(string file, params string[] before)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var word in before) start.ArgumentList.Add(word);
        foreach (var word in new[] { "--url", _server.Url, "--extension", _server.ExtensionId, "--eval", "1+1" }) start.ArgumentList.Add(word);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && output == "[background] => 2\n"
            ? output
            : throw new InvalidOperationException($"unexpected answer ({process.ExitCode}): {output}{process.StandardError.ReadToEnd()}");
    }

    /// <summary><c>ACTORRUNTIME_REMOTE</c>, or where <c>dotnet publish</c> puts the native client in this repository.</summary>
    private static string NativeClient()
    {
        if (Environment.GetEnvironmentVariable("ACTORRUNTIME_REMOTE") is { Length: > 0 } named) return named;
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ActorRuntime.sln"))) folder = folder.Parent;
        var published = Path.Combine(folder?.FullName ?? ".", "src", "ActorRuntime.RemoteClient", "bin", "Release", "net10.0", "linux-x64", "publish", "actorruntime-remote");
        return File.Exists(published)
            ? published
            : throw new InvalidOperationException($"no native client at {published}: dotnet publish src/ActorRuntime.RemoteClient -c Release -r linux-x64 (or set ACTORRUNTIME_REMOTE)");
    }
}
