using System.Net;
using System.Text.Json;
using ActorRuntime.Cluster;
using ActorRuntime.Tests.Support;
using AngleSharp.Html.Parser;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// The status page of a two-node cluster, over HTTP: it wants the token; its first response lists the extensions of
/// each node where they live, the members and what extensions printed (as text, however hostile); <c>/status.json</c>
/// follows an event page's phase and counts its wakes.
/// </summary>
public sealed class StatusPageSpec : IAsyncLifetime
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private static readonly string[] ExampleIds = ["action-counter", "content-script", "eventpage", "form-popup", "getbackgroundpage", "mv3-worker"];

    private readonly List<StatusPageNode> _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Two nodes of one cluster hosting the bundled examples and <paramref name="more"/>, up.</summary>
    private async Task StartCluster(Action<Hosting.ActorRuntimeHostingOptions>? configure = null, params string[] more)
    {
        var catalog = new ExtensionCatalog([Examples, .. more]);
        _nodes.Add(await StatusPageNode.StartAsync(catalog, configure: configure));
        _nodes.Add(await StatusPageNode.StartAsync(catalog, _nodes[0].SeedAddress, configure: configure));
        await StatusPageNode.WaitForUpAsync(_nodes, 2);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes)) await node.DisposeAsync();
        _keeper?.Dispose();
    }

    private ExtensionFolder? _keeper;

    [Fact]
    public async Task The_first_response_lists_each_nodes_extensions_members_and_what_they_printed_as_text()
    {
        await StartCluster();
        var front = _nodes[0];
        foreach (var id in ExampleIds) await front.Runtime.SettleAsync(id, TimeSpan.FromSeconds(20));
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"quoted\"";
        await front.Runtime.EvaluateAsync("getbackgroundpage", "background", $"console.log({JsonSerializer.Serialize(hostile)}); console.error('went wrong <b>here</b>')");

        using var anonymous = front.Client(withToken: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/status.json")).StatusCode);

        using var client = front.Client(withToken: true);
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("default-src 'none'; script-src 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);

        // Members: both nodes, up.
        var members = page.QuerySelectorAll("#members tbody tr");
        Assert.Equal(_nodes.Select(node => node.Cluster.SelfAddress.ToString()).Order(), members.Select(row => row.GetAttribute("data-member")!).Order());
        Assert.All(members, row => Assert.Equal("Up", row.QuerySelector(".status")!.TextContent));

        // Each extension in the article of the node that holds it, and nowhere else.
        foreach (var id in ExampleIds)
        {
            var owners = new List<string>();
            foreach (var node in _nodes)
                if (await node.HoldsAsync(id)) owners.Add(node.Cluster.SelfAddress.ToString());
            var listedIn = page.QuerySelectorAll($"article.node tr[data-extension=\"{id}\"]").Select(row => row.Closest("article")!.GetAttribute("data-node")!).ToList();
            Assert.Equal(owners, listedIn);
        }
        // Contexts, once the node has asked the extension's supervisor (every refresh-interval).
        Assert.Contains("background", (await ContextsOf("getbackgroundpage")).Split(", "));

        // What the extension printed is text: no element came from it.
        var console = page.QuerySelector("#console")!;
        Assert.Contains(console.QuerySelectorAll(".text"), text => text.TextContent == hostile);
        Assert.Empty(console.QuerySelectorAll(".text *"));
        Assert.DoesNotContain("<img src=x", html);
        var error = Assert.Single(page.QuerySelectorAll("#errors li"));
        Assert.Equal("went wrong <b>here</b>", error.QuerySelector(".text")!.TextContent);
        Assert.Equal("getbackgroundpage", error.QuerySelector(".ext")!.TextContent);
        Assert.Contains("level-error", error.ClassList);
        // Six activations this minute (or across two minutes, when the clock turned meanwhile).
        Assert.Equal("6", page.QuerySelector("#activations")!.TextContent);
    }

    [Fact]
    public async Task An_event_pages_phase_follows_it_and_its_wakes_are_counted()
    {
        // An event page with an alarm pending stays on its node while suspended (one without is passivated with it).
        _keeper = new ExtensionFolder(new Dictionary<string, string>
        {
            ["manifest.json"] = """{ "manifest_version": 2, "name": "keeper", "version": "1", "permissions": ["alarms"], "background": { "scripts": ["bg.js"], "persistent": false } }""",
            ["bg.js"] = "browser.alarms.create('later', { delayInMinutes: 60 }); browser.alarms.onAlarm.addListener(() => {});",
        }, "status-keeper-" + Guid.NewGuid().ToString("N"));
        var id = Path.GetFileName(_keeper.Path);
        // Event pages suspend after a second without activity: the spec sees the page suspended, then woken.
        await StartCluster(options => options.FirefoxIdleTimeout = TimeSpan.FromSeconds(1), _keeper.Path);
        var front = _nodes[0];
        using var client = front.Client(withToken: true);
        await front.Runtime.SettleAsync(id, TimeSpan.FromSeconds(20));
        var suspended = await StatusPageNode.WaitForAsync(() => Extension(client, id), extension => extension?.Phase == "suspended", "the event page suspended");
        Assert.Equal(0, suspended!.Wakes);

        Assert.Equal("2", (await front.Runtime.EvaluateAsync(id, "background", "1 + 1")).Json);
        var woken = await StatusPageNode.WaitForAsync(() => Extension(client, id), extension => extension?.Wakes == 1, "a wake counted");
        Assert.Contains(woken!.Phase, new[] { "running", "suspending", "suspended" });
        // The minutes learn of it when the node samples (every refresh-interval).
        var minutes = await StatusPageNode.WaitForAsync(async () => Minutes(await Status(client)),
            window => window.Sum(minute => minute.GetProperty("wakes").GetInt32()) == 1, "the wake in the minutes");
        Assert.Equal(1, minutes.Sum(minute => minute.GetProperty("activations").GetInt32()));
        // Each node reports the window of actorruntime.status.minutes, oldest first.
        Assert.Equal(2 * 15, minutes.Count);
    }

    private static List<JsonElement> Minutes(JsonElement view) =>
        view.GetProperty("nodes").EnumerateArray().Where(node => node.GetProperty("report").ValueKind == JsonValueKind.Object)
            .SelectMany(node => node.GetProperty("report").GetProperty("activity").EnumerateArray()).ToList();

    private sealed record ExtensionRow(string Phase, int Wakes, string[] Contexts);

    private static async Task<JsonElement> Status(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/status.json")).RootElement;

    private static async Task<ExtensionRow?> Extension(HttpClient client, string id)
    {
        var view = await Status(client);
        foreach (var node in view.GetProperty("nodes").EnumerateArray())
        {
            if (node.GetProperty("report").ValueKind != JsonValueKind.Object) continue;
            foreach (var extension in node.GetProperty("report").GetProperty("extensions").EnumerateArray())
                if (extension.GetProperty("id").GetString() == id)
                    return new ExtensionRow(extension.GetProperty("phase").GetString()!, extension.GetProperty("wakes").GetInt32(),
                        extension.GetProperty("contexts").EnumerateArray().Select(label => label.GetString()!).ToArray());
        }
        return null;
    }

    /// <summary>The contexts <c>/status.json</c> lists for an extension, once there are any.</summary>
    private async Task<string> ContextsOf(string id)
    {
        using var client = _nodes[0].Client(withToken: true);
        var row = await StatusPageNode.WaitForAsync(() => Extension(client, id), extension => extension?.Contexts.Length > 0, $"{id}'s contexts listed");
        return string.Join(", ", row!.Contexts);
    }
}
