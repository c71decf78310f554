using ActorRuntime.Tests.Support;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// Two real <c>serve</c> nodes of one cluster: an extension living on one of them is driven through the other's front
/// door, reaching the same running extension (its state carries over), never starting a second one.
/// </summary>
public sealed class FrontDoorClusterSpec(ITestOutputHelper log) : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-front-door-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<ServeProcess> _nodes = new();

    [Fact]
    public async Task An_extension_on_another_node_answers_through_this_nodes_front_door()
    {
        var extensions = Counter("console.log('counter up'); globalThis.n = 0;");
        var config = Path.Combine(_work, "memory.hocon");
        File.WriteAllText(config, "actorruntime.storage.provider = memory\n");
        var first = Start("a", extensions, config, seed: null);
        await first.Ready;
        var second = Start("b", extensions, config, first.Endpoint);
        await second.Ready;
        var activated = _nodes.Select(n => n.NextLogLine("activated counter")).ToList();

        var (code, output, error) = await CommandLine.Run("remote", "--url", await first.FrontDoor, "--extension", "counter", "--eval", "++n");
        Assert.Equal((0, "[background] counter up\n[background] => 1\n", ""), (code, output, error));
        var owner = _nodes[activated.IndexOf(await Task.WhenAny(activated))];
        var other = _nodes.Single(n => n != owner);
        log.WriteLine($"counter lives on node {owner.Name}; driven through node {other.Name}'s front door");

        (code, output, error) = await CommandLine.Run("remote", "--url", await other.FrontDoor, "--extension", "counter", "--eval", "++n",
            "--eval", "console.log('on ' + location.href); n");
        Assert.Equal("", error);
        Assert.Equal((0, "[background] => 2\n[background] on moz-extension://" + ExtensionHost(output) + "/_generated_background_page.html\n[background] => 2\n"),
            (code, output));
        Assert.Equal((1, 0), (owner.Activations, other.Activations));

        // An answer larger than Akka's default frame (128 kB) crosses between the nodes (actorruntime.cluster.maximum-frame-size).
        (code, output, error) = await CommandLine.Run("remote", "--url", await other.FrontDoor, "--extension", "counter",
            "--eval", "console.log('x'.repeat(300000)); n");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal("[background] " + new string('x', 300000) + "\n[background] => 2\n", output);

        // Open (no token): a request naming another host (a page that rebound its name to 127.0.0.1) is refused.
        using var http = new HttpClient();
        using var rebound = new HttpRequestMessage(HttpMethod.Get, await first.FrontDoor + "/api/extensions");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(System.Net.HttpStatusCode.MisdirectedRequest, (await http.SendAsync(rebound)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(await first.FrontDoor + "/api/extensions")).StatusCode);
    }

    [Fact]
    public async Task A_serve_nodes_front_door_answers_health_without_the_token_and_its_status_page_with_it()
    {
        var extensions = Counter("globalThis.n = 0;");
        const string Token = "a-token-of-twenty-chars";
        var config = Path.Combine(_work, "token.hocon");
        File.WriteAllText(config, $"actorruntime.storage.provider = memory\nactorruntime.front-door.token = \"{Token}\"\n");
        var node = Start("single", extensions, config, seed: null);
        await node.Ready;
        var url = await node.FrontDoor;
        Assert.Equal((0, "[background] => 1\n", ""), await CommandLine.Run("remote", "--url", url, "--token", Token, "--extension", "counter", "--eval", "++n"));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await http.GetAsync("/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("{\"status\":\"Healthy\"", await ready.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var page = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>ActorRuntime status</title>", html);
        Assert.Contains("counter", html);
    }

    /// <summary>The extension's origin host as its page printed it (derived from the profile seed; the same on every node).</summary>
    private static string ExtensionHost(string output)
    {
        const string marker = "moz-extension://";
        var start = output.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return output[start..output.IndexOf('/', start)];
    }

    /// <summary>A folder of extensions holding one, <c>counter</c>, with <paramref name="background"/> as its background script.</summary>
    private string Counter(string background)
    {
        var extensions = Path.Combine(_work, "extensions");
        foreach (var (relative, text) in Manifests.Standard(Manifests.PersistentScripts, background))
        {
            var full = Path.Combine(extensions, "counter", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return extensions;
    }

    private ServeProcess Start(string name, string extensions, string config, string? seed)
    {
        var node = ServeProcess.Start(name, $"--extensions \"{extensions}\" --config \"{config}\"", seed, _work, "activated counter", log);
        _nodes.Add(node);
        return node;
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Kill();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
