using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorRuntime.Host;
using ActorRuntime.Tests.Support;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Storage;

/// <summary>
/// Real <c>serve</c> processes over a SQLite file: a corrupt file stops the node before it is ready, the nodes of one
/// cluster share a file, and a node of a second cluster on the same file is refused, both with one error line and exit 1.
/// </summary>
public sealed class ServeStorageSpec(ITestOutputHelper log) : IDisposable
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-serve-storage-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<ServeProcess> _nodes = new();

    private string Database => Path.Combine(_work, "data", "shared.db");

    /// <summary>An extension folder and a config naming the SQLite file (over the local cluster overlay), in the work folder.</summary>
    private (string Extensions, string Config) Setup(string extra = "")
    {
        var extensions = Path.Combine(_work, "extensions");
        _ = new ExtensionFolder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "")), Path.Combine(extensions, "keeper"));
        var config = Path.Combine(_work, "cluster.hocon");
        File.WriteAllText(config, File.ReadAllText(Path.Combine(Root, "config", "local-cluster.hocon")) +
            $"\nactorruntime.storage {{ provider = sqlite, sqlite.path = \"{Database}\" }}\n{extra}\n");
        return (extensions, config);
    }

    [Fact]
    public async Task A_corrupt_database_stops_serve_before_it_is_ready_with_one_error_line()
    {
        var (extensions, config) = Setup();
        Directory.CreateDirectory(Path.GetDirectoryName(Database)!);
        File.WriteAllBytes(Database, Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToArray());

        var (code, stdout, stderr) = await ServeToExit($"--extensions \"{extensions}\" --config \"{config}\" --port {FreePort()}");
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal([$"error: storage database {Database} (actorruntime.storage.sqlite.path) cannot be used: SQLite Error 26: 'file is not a database'."], stderr);
    }

    [Fact]
    public async Task The_nodes_of_one_cluster_share_a_file_and_a_node_of_a_second_cluster_on_it_is_refused()
    {
        var (extensions, config) = Setup("actorruntime.storage.sqlite.member-check-timeout = 3s");
        var first = Start("a", extensions, config, seed: null);
        await first.Ready;
        var second = Start("b", extensions, config, first.Endpoint);
        await second.Ready;
        Assert.Equal("[background] => 2\n", await Remote(first.Endpoint, "await browser.storage.local.set({ n: 1 }); (await browser.storage.local.get('n')).n + 1"));

        // No --seed: the founder of a second cluster, pointed at the same file.
        var (code, stdout, stderr) = await ServeToExit($"--extensions \"{extensions}\" --config \"{config}\" --port {FreePort()}");
        Assert.Equal(1, code);
        Assert.DoesNotContain(stdout, line => line.StartsWith("ready", StringComparison.Ordinal));
        var members = string.Join(", ", new[] { first, second }.Select(n => "akka.tcp://actorruntime@" + n.Endpoint).Order(StringComparer.Ordinal));
        Assert.Equal([$"error: storage database {Database} is in use by a process outside this node's cluster ({members}): " +
            "two clusters must not share a SQLite file (give each cluster its own actorruntime.storage.sqlite.path, or use PostgreSQL)"],
            stderr.Where(line => line.StartsWith("error:", StringComparison.Ordinal)));
        Assert.DoesNotContain(stderr, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));

        // The first cluster never noticed: its data is intact and it answers.
        Assert.Equal("[background] => 1\n", await Remote(second.Endpoint, "(await browser.storage.local.get('n')).n"));
    }

    private ServeProcess Start(string name, string extensions, string config, string? seed)
    {
        var node = ServeProcess.Start(name, $"--extensions \"{extensions}\" --config \"{config}\"", seed, _work, "activated keeper", log);
        _nodes.Add(node);
        return node;
    }

    private async Task<string> Remote(string seed, string code)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.RunAsync(["remote", "--seed", seed, "--extension", "keeper", "--eval", code], output, error);
        Assert.True(exit == 0, $"remote exited with {exit}: {error}");
        return output.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>Runs <c>serve</c> until it exits by itself (within 90 s): its exit code and its stdout and stderr lines.</summary>
    private async Task<(int Code, List<string> Stdout, List<string> Stderr)> ServeToExit(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{HostDll}\" serve {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("serve did not exit within 90 s");
        }
        static List<string> Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var (output, error) = (Lines(await stdout), Lines(await stderr));
        log.WriteLine($"serve exited with {process.ExitCode}; stderr:\n{string.Join("\n", error)}");
        return (process.ExitCode, output, error);
    }

    private static int FreePort() => TestPorts.Free();

    public void Dispose()
    {
        foreach (var node in _nodes) node.Kill();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
