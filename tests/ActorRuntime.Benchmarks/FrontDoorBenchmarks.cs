using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// What <c>remote --url ... --eval 1+1</c> costs over the wire, warm: one HTTP request from this process to the front
/// door of a separate <c>serve</c> process (loopback), answered as NDJSON once the extension's background evaluated
/// <c>1+1</c> and settled. The process start of <c>remote</c> itself is measured with hyperfine (docs/front-door.md).
/// </summary>
[MedianColumn]
public class FrontDoorBenchmarks
{
    private Process _server = null!;
    private HttpClient _client = null!;
    private Uri _run = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = BenchmarkExtensions.Write("function foo(x) { return x * 2; }");
        var host = Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");
        _server = Process.Start(new ProcessStartInfo("dotnet", $"\"{host}\" serve --extensions \"{directory}\" --port {FreePort()} --http-port 0")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(directory)!,
            // Its own storage: the default SQLite file may belong to another cluster on this machine.
            Environment = { ["actorruntime__storage__provider"] = "memory" },
        })!;
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();
        string? frontDoor = null;
        var ready = false;
        while ((frontDoor is null || !ready) && _server.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("front-door ", StringComparison.Ordinal)) frontDoor = line["front-door ".Length..];
            ready |= line.StartsWith("ready ", StringComparison.Ordinal);
        }
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false });
        _run = new Uri($"{frontDoor ?? throw new InvalidOperationException("serve printed no front-door line")}/api/extensions/{Path.GetFileName(directory)}/run");
        // Warm: the extension is running and every code path has been taken once.
        using var warm = new StringContent("{\"steps\":[[\"--eval\",\"1+1\"]]}", Encoding.UTF8, "application/json");
        _client.PostAsync(_run, warm).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Kill(entireProcessTree: true);
    }

    [Benchmark(Description = "front door: POST run --eval 1+1, whole NDJSON answer read (warm, across processes)")]
    public async Task<string> OnePlusOne()
    {
        using var content = new StringContent("{\"steps\":[[\"--eval\",\"1+1\"]]}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(_run, content);
        var answer = await response.Content.ReadAsStringAsync();
        return answer == "{\"out\":\"[background] => 2\"}\n{\"exit\":0}\n" ? answer : throw new InvalidOperationException("unexpected answer: " + answer);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
