using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorRuntime.Benchmarks;

/// <summary>A separate <c>serve</c> process (this build's host) with a front door on loopback, hosting one benchmark extension.</summary>
public sealed class FrontDoorServer : IDisposable
{
    private readonly Process _process;

    /// <summary>The front door, <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; }

    public string ExtensionId { get; }

    private FrontDoorServer(Process process, string url, string extensionId) => (_process, Url, ExtensionId) = (process, url, extensionId);

    /// <summary>The host's own executable beside the benchmarks (<c>dotnet ActorRuntime.Host.dll</c>).</summary>
    public static string HostAssembly => Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");

    public static FrontDoorServer Start()
    {
        var directory = BenchmarkExtensions.Write("function foo(x) { return x * 2; }");
        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{HostAssembly}\" serve --extensions \"{directory}\" --port {FreePort()} --http-port 0")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(directory)!,
            // Its own storage: the default SQLite file may belong to another cluster on this machine.
            Environment = { ["actorruntime__storage__provider"] = "memory" },
        })!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string? frontDoor = null;
        var ready = false;
        while ((frontDoor is null || !ready) && process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("front-door ", StringComparison.Ordinal)) frontDoor = line["front-door ".Length..];
            ready |= line.StartsWith("ready ", StringComparison.Ordinal);
        }
        return new FrontDoorServer(process, frontDoor ?? throw new InvalidOperationException("serve printed no front-door line"), Path.GetFileName(directory));
    }

    public void Dispose() => _process.Kill(entireProcessTree: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
