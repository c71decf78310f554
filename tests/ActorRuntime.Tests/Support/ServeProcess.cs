using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Support;

/// <summary>A real <c>serve</c> process on a free loopback port: its ready line, how often it logged a watched line, whether it left the cluster.</summary>
public sealed class ServeProcess
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _frontDoor = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Fragment, TaskCompletionSource<string> Seen)> _awaitedLines = new();
    private int _activations;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    private ServeProcess(string name, int port, Process process, string watched)
    {
        Name = name;
        Port = port;
        Endpoint = $"127.0.0.1:{port}";
        Process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("ready ", StringComparison.Ordinal) == true) _ready.TrySetResult(e.Data["ready ".Length..]);
            if (e.Data?.StartsWith("front-door ", StringComparison.Ordinal) == true) _frontDoor.TrySetResult(e.Data["front-door ".Length..]);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            if (_errors.Count < 50) _errors.Enqueue(line);
            if (line.Contains(watched, StringComparison.Ordinal)) Interlocked.Increment(ref _activations);
            lock (_awaitedLines)
                foreach (var (fragment, seen) in _awaitedLines)
                    if (line.Contains(fragment, StringComparison.Ordinal)) seen.TrySetResult(line);
            // serve logs the node leaving (HostLogging; Akka.Cluster's own "as [Leaving]" when its INFO lines are on).
            if (line.Contains("this node is leaving the cluster", StringComparison.Ordinal) || line.Contains("as [Leaving]", StringComparison.Ordinal)) Left = true;
        };
        process.Exited += (_, _) =>
        {
            process.WaitForExit();
            var exited = new InvalidOperationException($"node {name} exited with {process.ExitCode} before it was ready: {string.Join(" | ", _errors)}");
            _ready.TrySetException(exited);
            _frontDoor.TrySetException(exited);
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>serve {arguments} --port &lt;free&gt; [--seed seed]</c> in <paramref name="workingDirectory"/>.</summary>
    public static ServeProcess Start(string name, string arguments, string? seed, string workingDirectory, string watched, ITestOutputHelper? log = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", $"\"{HostDll}\" serve {arguments} --port {port}" + (seed is null ? "" : $" --seed {seed}"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        log?.WriteLine($"starting node {name} on port {port}");
        return new ServeProcess(name, port, Process.Start(start)!, watched);
    }

    public string Name { get; }
    public int Port { get; }
    public string Endpoint { get; }
    public Process Process { get; }
    public int Activations => Volatile.Read(ref _activations);
    public bool Left { get; private set; }

    /// <summary>The first 50 lines the node logged (stderr) so far.</summary>
    public IReadOnlyList<string> FirstLogLines => _errors.ToArray();
    public Task Ready => _ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>The node's address, from its ready line.</summary>
    public Task<string> Address => _ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>The node's front door, <c>http://127.0.0.1:&lt;port&gt;</c>, from its <c>front-door</c> line.</summary>
    public Task<string> FrontDoor => _frontDoor.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// The first log line (stderr) containing <paramref name="fragment"/> logged from now on: call it before causing
    /// the line. Fails after 60 s.
    /// </summary>
    public Task<string> NextLogLine(string fragment)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaitedLines) _awaitedLines.Add((fragment, seen));
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public void Kill()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit(10_000);
    }

    private static int FreePort() => TestPorts.Free();
}
