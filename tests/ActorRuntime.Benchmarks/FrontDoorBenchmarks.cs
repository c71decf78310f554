using System.Text;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// What <c>remote --url ... --eval 1+1</c> costs over the wire, warm: one HTTP request from this process to the front
/// door of a separate <c>serve</c> process (loopback), answered as NDJSON once the extension's background evaluated
/// <c>1+1</c> and settled. The whole client process is <see cref="RemoteProcessBenchmarks"/>.
/// </summary>
[MedianColumn]
public class FrontDoorBenchmarks
{
    private FrontDoorServer _server = null!;
    private HttpClient _client = null!;
    private Uri _run = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = FrontDoorServer.Start();
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false });
        _run = new Uri($"{_server.Url}/api/extensions/{_server.ExtensionId}/run");
        // Warm: the extension is running and every code path has been taken once.
        using var warm = new StringContent("{\"steps\":[[\"--eval\",\"1+1\"]]}", Encoding.UTF8, "application/json");
        _client.PostAsync(_run, warm).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark(Description = "front door: POST run --eval 1+1, whole NDJSON answer read (warm, across processes)")]
    public async Task<string> OnePlusOne()
    {
        using var content = new StringContent("{\"steps\":[[\"--eval\",\"1+1\"]]}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(_run, content);
        var answer = await response.Content.ReadAsStringAsync();
        return answer == "{\"out\":\"[background] => 2\"}\n{\"exit\":0}\n" ? answer : throw new InvalidOperationException("unexpected answer: " + answer);
    }
}
