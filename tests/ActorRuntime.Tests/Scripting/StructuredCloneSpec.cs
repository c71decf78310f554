using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>Messages are copied with the structured clone algorithm, never shared.</summary>
public class StructuredCloneSpec : RuntimeSpec
{
    private const string Echo = """
        var received = [];
        browser.runtime.onMessage.addListener((m, s, respond) => { received.push(m); respond(m); });
        """;

    private async Task<LoadedExtension> Extension(ActorRuntime.Scripting.ScriptLimits? limits = null, string config = "")
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Echo)) { ["popup.js"] = "" };
        var e = await Load(files, limits: limits);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task JSON_values_dates_maps_sets_buffers_regexps_and_errors_arrive_as_copies_of_the_same_kind()
    {
        var e = await Extension();
        Assert.Equal("""[true,"2026-01-02T03:04:05.000Z",2,"b",true,3,"1,2,255",3,"2,3","/a+b/gi","RangeError: out",true,"big:12345678901234567890"]""",
            await e.EvaluateAsync("popup", """
                const sent = {
                  date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
                  map: new Map([['a', 1], ['b', 2]]),
                  set: new Set([1, 2, 3]),
                  bytes: new Uint8Array([1, 2, 255]).buffer,
                  view: new Int16Array([2, 3]),
                  re: /a+b/gi,
                  err: new RangeError('out'),
                  nested: { list: [1, 'two', null, [3]] },
                  big: 12345678901234567890n,
                };
                const got = await browser.runtime.sendMessage(sent);
                [got.date instanceof Date, got.date.toISOString(), got.map.get('b'), [...got.map.keys()][1], got.set.has(3), got.set.size,
                 [...new Uint8Array(got.bytes)].join(), got.bytes.byteLength, [...got.view].join(), String(got.re),
                 got.err.name + ': ' + got.err.message, JSON.stringify(got.nested) === JSON.stringify(sent.nested), 'big:' + got.big]
                """));
    }

    [Fact]
    public async Task A_date_arrives_as_the_realms_own_Date_whatever_its_scripts_made_of_the_global()
    {
        var e = await Extension();
        Assert.Equal("[true,false,86400000]", await e.EvaluateAsync("popup", """
            const RealDate = Date;
            globalThis.Date = function Fake() {};
            const got = await browser.runtime.sendMessage({ at: new RealDate(86400000) });
            [got.at instanceof RealDate, got.at instanceof Date, got.at.getTime()]
            """));
    }

    [Fact]
    public async Task Cycles_and_shared_references_are_kept_and_undefined_members_dropped()
    {
        var e = await Extension();
        Assert.Equal("""[true,true,false,true,3,true]""", await e.EvaluateAsync("popup", """
            const shared = { v: 1 };
            const sent = { a: shared, b: shared, gone: undefined, arr: [1, undefined, 3] };
            sent.self = sent;
            const got = await browser.runtime.sendMessage(sent);
            [got.self === got, got.a === got.b, 'gone' in got, got.arr[1] === undefined, got.arr.length, got !== sent]
            """));
    }

    [Fact]
    public async Task The_receiver_gets_a_copy_taken_when_the_message_was_sent()
    {
        var e = await Extension();
        await e.EvaluateAsync("popup", "window.m = { n: 1 }; const p = browser.runtime.sendMessage(m); m.n = 2; await p; 0");
        Assert.Equal("1", await e.EvaluateAsync("background", "received[0].n"));
        await e.EvaluateAsync("background", "received[0].n = 3; 0");
        Assert.Equal("2", await e.EvaluateAsync("popup", "m.n"));
    }

    [Theory]
    [InlineData("{ f() {} }", "DataCloneError: Function object could not be cloned.")]
    [InlineData("{ s: Symbol('x') }", "DataCloneError: Symbol could not be cloned.")]
    [InlineData("{ p: Promise.resolve(1) }", "DataCloneError: Promise object could not be cloned.")]
    [InlineData("{ w: window }", "DataCloneError: Window object could not be cloned.")]
    [InlineData("{ weak: new WeakMap() }", "DataCloneError: WeakMap object could not be cloned.")]
    public async Task Functions_symbols_and_host_objects_are_refused_and_nothing_is_sent(string message, string error)
    {
        var e = await Extension();
        var failure = await Assert.ThrowsAsync<ActorRuntime.ScriptFailureException>(() => e.EvaluateAsync("popup", $"browser.runtime.sendMessage({message})"));
        Assert.StartsWith("Uncaught " + error, failure.Message);
        Assert.Equal("0", await e.EvaluateAsync("background", "received.length"));
    }

    [Fact]
    public async Task Messages_over_the_size_limit_are_refused_with_a_clear_error()
    {
        var e = await Extension();
        Assert.Equal("\"Message exceeds the maximum allowed size of 67108864 bytes (actorruntime.messaging.max-message-size)\"",
            await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x'.repeat(40 * 1024 * 1024)).catch(e => e.message)"));
        Assert.Equal("0", await e.EvaluateAsync("background", "received.length"));
    }
}
