using ActorRuntime.Contexts;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Hostile;

/// <summary>
/// Messages nested deeper than <c>actorruntime.messaging.max-depth</c> are refused in the sender as the flavour's
/// browser refuses them; no depth reaches the end of the .NET stack (which would kill the whole process).
/// </summary>
public class DeepMessagesSpec : RuntimeSpec
{
    private const string Echo = """
        var received = [];
        browser.runtime.onMessage.addListener((m, s, respond) => { received.push(m); respond(m); });
        browser.runtime.onConnect.addListener(port => port.onMessage.addListener(m => received.push(m)));
        """;

    // Builds an object nested n levels deep (the outer object is level 1) without recursion.
    private static string Nested(int levels) =>
        $"(() => {{ const o = {{}}; let c = o; for (let i = 1; i < {levels}; i++) {{ c.x = {{}}; c = c.x; }} return o; }})()";

    private const string DepthOfReceived = "(() => { let d = 0, c = received[received.length - 1]; while (c) { d++; c = c.x; } return d; })()";

    private async Task<LoadedExtension> Extension(Flavor flavor, int? maxDepth = null)
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Echo)) { ["popup.js"] = "" };
        var options = Options(flavor);
        if (maxDepth is { } depth) options = options with { MaxMessageDepth = depth };
        var e = await Load(files, options);
        await e.OpenAsync("popup");
        return e;
    }

    [Theory]
    [InlineData(Flavor.Mdn, "Uncaught DataCloneError: The object could not be cloned: it is nested more than 1000 levels deep (actorruntime.messaging.max-depth).")]
    [InlineData(Flavor.Firefox, "Uncaught DataCloneError: The object could not be cloned: it is nested more than 1000 levels deep (actorruntime.messaging.max-depth).")]
    [InlineData(Flavor.Chrome, "Uncaught Error: Could not serialize message.")]
    public async Task A_message_nested_far_too_deep_fails_in_the_sender_and_the_extension_lives_on(Flavor flavor, string error)
    {
        var e = await Extension(flavor);
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", $"browser.runtime.sendMessage({Nested(20_000)})"));
        Assert.StartsWith(error, failure.Message);
        Assert.Equal("0", await e.EvaluateAsync("background", "received.length"));
        Assert.Equal("2", await e.EvaluateAsync("popup", "1 + 1"));
    }

    [Fact]
    public async Task The_limit_is_exact_a_message_at_the_limit_arrives_whole_one_level_more_is_refused()
    {
        var e = await Extension(Flavor.Firefox);
        Assert.Equal("1000", await e.EvaluateAsync("popup", $"const got = await browser.runtime.sendMessage({Nested(1000)}); let d = 0; for (let c = got; c; c = c.x) d++; d"));
        Assert.Equal("1000", await e.EvaluateAsync("background", DepthOfReceived));
        await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", $"browser.runtime.sendMessage({Nested(1001)})"));
        Assert.Equal("1", await e.EvaluateAsync("background", "received.length"));
    }

    [Fact]
    public async Task Arrays_maps_and_sets_count_as_levels_too()
    {
        var e = await Extension(Flavor.Firefox, maxDepth: 3);
        Assert.Equal("\"ok\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage([new Map([[1, new Set([2])]])]); 'ok'"));
        foreach (var message in new[] { "[[[[1]]]]", "[new Map([[1, new Set([[2]])]])]", "new Set([new Set([new Set([new Set()])])])", "new Map([[{ k: { k: {} } }, 1]])" })
        {
            var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", $"browser.runtime.sendMessage({message})"));
            Assert.StartsWith("Uncaught DataCloneError: The object could not be cloned: it is nested more than 3 levels deep", failure.Message);
        }
        Assert.Equal("1", await e.EvaluateAsync("background", "received.length"));
    }

    [Fact]
    public async Task A_deep_port_message_throws_in_postMessage_and_the_port_stays_usable()
    {
        var e = await Extension(Flavor.Firefox);
        Assert.Equal("[\"DataCloneError\",1]", await e.EvaluateAsync("popup", $$"""
            const port = browser.runtime.connect();
            let name;
            try { port.postMessage({{Nested(50_000)}}); } catch (err) { name = err.name; }
            port.postMessage({ small: true });
            await new Promise(r => setTimeout(r, 0));
            [name, 1]
            """));
        Assert.Equal("true", await e.EvaluateAsync("background", "received.length === 1 && received[0].small"));
    }

    [Fact]
    public async Task A_deep_response_throws_in_the_responder_and_the_sender_gets_no_response()
    {
        var e = await Load(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, $$"""
            var failures = [];
            browser.runtime.onMessage.addListener((m, s, respond) => {
              try { respond({{Nested(30_000)}}); } catch (err) { failures.push(err.name); }
            });
            """)) { ["popup.js"] = "" }, Flavor.Firefox);
        await e.OpenAsync("popup");
        // Firefox resolves a message whose listeners all returned without responding with undefined.
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("popup", "String(await browser.runtime.sendMessage('hi'))"));
        Assert.Equal("[\"DataCloneError\"]", await e.EvaluateAsync("background", "failures"));
    }

    [Fact]
    public async Task With_a_higher_limit_a_very_deep_message_is_copied_and_rebuilt_without_the_dotnet_stack()
    {
        var e = await Extension(Flavor.Firefox, maxDepth: 100_000);
        Assert.Equal("60000", await e.EvaluateAsync("popup", $"browser.runtime.sendMessage({Nested(60_000)}).then(() => 60000)"));
        Assert.Equal("60000", await e.EvaluateAsync("background", DepthOfReceived));
    }

    [Fact]
    public async Task A_deep_result_is_printed_without_overflowing_and_the_context_keeps_answering()
    {
        var e = await Extension(Flavor.Mdn);
        Assert.Equal("[object Object]", await e.EvaluateAsync("popup", Nested(100_000)));
        Assert.Equal("2", await e.EvaluateAsync("popup", "1 + 1"));
    }

    [Fact]
    public async Task Storage_keeps_deep_values_up_to_the_message_depth_and_refuses_far_deeper_ones_clearly()
    {
        var e = await Load(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "", "\"permissions\": [\"storage\"],")), Flavor.Firefox);
        Assert.Equal("900", await e.EvaluateAsync("background", $$"""
            await browser.storage.local.set({ deep: {{Nested(900)}} });
            const got = (await browser.storage.local.get('deep')).deep;
            let d = 0; for (let c = got; c; c = c.x) d++; d
            """));
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", $"browser.storage.local.set({{ deeper: {Nested(50_000)} }})"));
        Assert.StartsWith("Uncaught TypeError: storage.local.set: the value of \"deeper\" cannot be stored", failure.Message);
        Assert.Equal("[\"deep\"]", await e.EvaluateAsync("background", "Object.keys(await browser.storage.local.get(null))"));
    }

    [Fact]
    public async Task JSON_parse_reaches_the_message_depth()
    {
        var e = await Extension(Flavor.Mdn);
        Assert.Equal("1000", await e.EvaluateAsync("popup", "let v = JSON.parse('['.repeat(1000) + ']'.repeat(1000)); let d = 0; while (Array.isArray(v)) { d++; v = v[0]; } d"));
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", "JSON.parse('['.repeat(100000) + ']'.repeat(100000))"));
        Assert.StartsWith("Uncaught SyntaxError", failure.Message);
    }
}
