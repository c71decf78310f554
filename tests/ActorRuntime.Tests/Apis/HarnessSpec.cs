using System.Threading.Channels;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>The harness from C#: fire any event, provide any function, host scripts, and the log of every call with its answer.</summary>
public class HarnessSpec : RuntimeSpec
{
    private const string Listeners = """
        browser.browserAction.onClicked.addListener(tab => { console.log('clicked in tab ' + tab.id); });
        browser.runtime.onMessage.addListener(async message => message.n * 2);
        """;

    private static Dictionary<string, string> Extension(string background = Listeners, string backgroundKey = Manifests.PersistentScripts) =>
        new(Manifests.Standard(backgroundKey, background, "\"permissions\": [\"storage\", \"find\"],"));

    [Fact]
    public async Task Fire_calls_every_listener_and_gives_their_results_with_promises_awaited()
    {
        var e = await Load(Extension());
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "browser.runtime.onMessage.addListener(message => 'popup saw ' + message.n); 1");
        Assert.Equal("[null]", await e.FireAsync("browserAction.onClicked", """[{"id": 3}]"""));
        Assert.Contains("clicked in tab 3", Lines("background"));
        // One entry per listener: the background's first, a promise awaited.
        Assert.Equal("""[14,"popup saw 7"]""", await e.FireAsync("runtime.onMessage", """[{"n": 7}]"""));
        Assert.Equal("[]", await e.FireAsync("tabs.onCreated", "[{}]"));
    }

    [Fact]
    public async Task Fire_wakes_a_suspended_event_page_that_listened_and_not_one_that_did_not()
    {
        var e = await Load(Extension(backgroundKey: Manifests.EventPageScripts));
        await e.SettleAsync();
        await SuspendIdleEventPage(e);
        Assert.Equal(ActorRuntime.Kernel.BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal("[null]", await e.FireAsync("browserAction.onClicked", """[{"id": 5}]"""));
        Assert.Contains("clicked in tab 5", Lines("background"));
        await SuspendIdleEventPage(e);
        Assert.Equal("[]", await e.FireAsync("tabs.onRemoved", "[1, {}]"));
        Assert.Equal(ActorRuntime.Kernel.BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Fire_refuses_what_is_not_an_event_name_or_a_JSON_array()
    {
        var e = await Load(Extension());
        Assert.Equal("cannot fire \"nope\": expected an event name such as tabs.onCreated",
            (await Assert.ThrowsAsync<ExtensionRequestException>(() => e.FireAsync("nope", "[]"))).Message);
        Assert.Equal("cannot fire \"runtime.onmessage\": the API has no such event (did you mean runtime.onMessage?)",
            (await Assert.ThrowsAsync<ExtensionRequestException>(() => e.FireAsync("runtime.onmessage", "[]"))).Message);
        Assert.Equal("arguments of tabs.onCreated: expected a JSON array (nested at most 1000 deep), invalid at line 1, byte 1",
            (await Assert.ThrowsAsync<ExtensionRequestException>(() => e.FireAsync("tabs.onCreated", ""))).Message);
        Assert.StartsWith("arguments of tabs.onCreated: expected a JSON array, got object",
            (await Assert.ThrowsAsync<ExtensionRequestException>(() => e.FireAsync("tabs.onCreated", "{}"))).Message);
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task A_provided_function_answers_in_the_callers_form_after_the_arguments_are_checked(Flavor flavor)
    {
        var e = await Load(Extension(), flavor);
        var seen = new List<string>();
        e.Provide("find.find", arguments =>
        {
            seen.Add(arguments);
            return Task.FromResult<string?>("""{"count": 2}""");
        });
        Assert.Equal("""[{"count":2},{"count":2}]""", await e.EvaluateAsync("background", """
            Promise.all([browser.find.find('needle', { caseSensitive: true }), chrome.find.find('x')])
            """));
        // The arguments as checked (an options object with the flag given), without the callback.
        Assert.StartsWith("""["needle",{""", seen[0]);
        Assert.Contains("\"caseSensitive\":true", seen[0]);
        Assert.Equal("""["x",null]""", seen[1]);
        // A wrong call never reaches the host.
        await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", "browser.find.find(42)"));
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task A_provided_function_that_fails_rejects_or_sets_lastError_with_its_message()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        e.Provide("storage.local.get", _ => Task.FromException<string?>(new InvalidOperationException("disk on fire")));
        Assert.Equal("""["disk on fire","disk on fire"]""", await e.EvaluateAsync("background", """
            Promise.all([chrome.storage.local.get('k').catch(e => e.message),
                         new Promise(r => chrome.storage.local.get('k', () => r(chrome.runtime.lastError.message)))])
            """));
    }

    [Fact]
    public async Task A_host_script_provides_functions_answers_requests_fires_events_and_reads_the_calls()
    {
        var e = await Load(Extension());
        e.RunHostScript("""
            host.provide('find.find', (query) => ({ count: query.length }));
            host.respond('https://api.example/*', { ok: true });
            """, "host.js");
        Assert.Equal("""[{"count":3},{"ok":true}]""", await e.EvaluateAsync("background",
            "Promise.all([browser.find.find('abc'), fetch('https://api.example/x').then(r => r.json())])"));
        e.RunHostScript("host.fire('browserAction.onClicked', { id: 9 }); console.log(JSON.stringify(host.calls().map(c => [c.name, c.arguments, c.result])));", "fire.js");
        await e.SettleAsync();
        Assert.Contains("clicked in tab 9", Lines("background"));
        Assert.Contains("""[["find.find",["abc"],{"count":3}]]""", Lines("host"));
        var failure = Assert.Throws<ScriptFailureException>(() => e.RunHostScript("host.provide(1)", "bad.js"));
        Assert.Equal("Uncaught TypeError: host.provide(name, fn): expected an API function name such as \"find.find\" and a function (bad.js)", failure.Message);
        failure = Assert.Throws<ScriptFailureException>(() => e.RunHostScript("host.provide('tabs.qurey', () => [])", "typo.js"));
        Assert.Equal("Uncaught TypeError: host.provide: the API has no function tabs.qurey (typo.js)", failure.Message);
        Assert.Equal("cannot provide \"tabs.qurey\": the API has no such function (expected a name such as find.find)",
            Assert.Throws<ExtensionRequestException>(() => e.Provide("tabs.qurey", _ => Task.FromResult<string?>(null))).Message);
    }

    [Fact]
    public async Task Every_call_is_recorded_with_its_arguments_and_then_its_answer()
    {
        var calls = Channel.CreateUnbounded<ApiCallRecord>();
        var e = await Load(Extension(), Options(Flavor.Firefox) with { CallLog = new ActorRuntime.Kernel.ApiCallLog { Receiver = call => calls.Writer.TryWrite(call) } });
        await e.EvaluateAsync("background", "await browser.storage.local.set({ a: 1 }); browser.runtime.getURL('x.html'); await browser.find.find('q').catch(() => 0)");
        var recorded = new List<ApiCallRecord>();
        while (calls.Reader.TryRead(out var call)) recorded.Add(call);
        Assert.Equal(
            [
                "storage.local.set [{\"a\":1}] made",
                "storage.local.set [{\"a\":1}] answered",
                "runtime.getURL [\"x.html\"] answered",
                "find.find [\"q\"] made",
                "find.find [\"q\"] failed: browser.find.find is not available in ActorRuntime: provide it with the host API",
            ],
            recorded.Select(c => $"{c.Function} {c.ArgumentsJson} {(!c.IsSettled ? "made" : c.Error is { } error ? "failed: " + error : "answered")}"));
        Assert.Equal("\"" + e.BaseUrl + "x.html\"", recorded[2].ResultJson);
        Assert.Equal("[background] call storage.local.set({\"a\":1})", recorded[0].ToString());
    }

    [Fact]
    public async Task What_a_host_gives_back_that_JSON_cannot_hold_is_undefined_and_a_host_that_loops_is_stopped_in_the_runtimes_words()
    {
        var e = await Load(Extension());
        e.RunHostScript("host.provide('find.find', () => () => 1);", "fn.js");
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof await browser.find.find('x')"));
        var failure = Assert.Throws<ScriptFailureException>(() => e.RunHostScript("while (true) {}", "loop.js"));
        Assert.Equal("Uncaught InternalError: it ran longer than 3000 ms (actorruntime.script.timeout) (loop.js)", failure.Message);
        e.RunHostScript("host.provide('find.find', () => 10n);", "bigint.js");
        Assert.Equal("\"Do not know how to serialize a BigInt\"", await e.EvaluateAsync("background", "await browser.find.find('x').catch(e => e.message)"));
    }

    [Fact]
    public async Task Recording_a_call_runs_none_of_its_arguments_code_and_takes_symbols_and_long_strings()
    {
        var calls = Channel.CreateUnbounded<ApiCallRecord>();
        var e = await Load(Extension(), Options(Flavor.Firefox) with { CallLog = new ActorRuntime.Kernel.ApiCallLog { Receiver = call => calls.Writer.TryWrite(call) } });
        Assert.Equal("[1,true]", await e.EvaluateAsync("background", """
            let reads = 0;
            const message = { get x() { reads++; return 1; } };
            await browser.runtime.sendMessage(message).catch(() => {});
            browser.runtime.getURL('x'.repeat(100000));
            [reads, true]
            """));
        var recorded = new List<ApiCallRecord>();
        while (calls.Reader.TryRead(out var call)) recorded.Add(call);
        Assert.Equal("[{\"x\":\"<getter>\"}]", recorded[0].ArgumentsJson);
        Assert.True(recorded.Last().ArgumentsJson.Length < 70_000);
        Assert.EndsWith("<cut>\"]", recorded.Last().ArgumentsJson);
    }
}
