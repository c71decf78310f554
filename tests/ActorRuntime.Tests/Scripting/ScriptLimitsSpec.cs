using ActorRuntime.Contexts;
using ActorRuntime.Scripting;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>Runaway scripts are stopped by the turn budget; the extension, and others, keep working.</summary>
public class ScriptLimitsSpec : RuntimeSpec
{
    private static readonly ScriptLimits Tight = ScriptLimits.Default with
    {
        Timeout = TimeSpan.FromMilliseconds(300),
        MaxAllocatedBytes = 64L * 1024 * 1024,
        MaxRecursionDepth = 200,
    };

    private const string Bg = """
        function spin() { while (true) {} }
        function recurse(n) { return recurse(n + 1) + 1; }
        function bomb() { var all = []; while (true) all.push(new Array(100000).fill(1)); }
        function ok() { return "still here"; }
        function backtrack() { return /^(a+)+$/.test('a'.repeat(40) + '!'); }
        """;

    [Fact]
    public async Task A_result_is_written_by_the_realms_own_JSON_whatever_the_script_made_of_the_global_one()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg));
        Assert.Equal("{\"a\":1,\"at\":\"1970-01-01T00:00:00.000Z\"}", await e.EvaluateAsync("background",
            "JSON.stringify = () => 'replaced'; ({ a: 1, at: new Date(0) })"));
    }

    [Theory]
    [InlineData("spin()", "Uncaught InternalError: script ran longer than its 300 ms limit (actorruntime.script.timeout) and was stopped")]
    [InlineData("recurse(0)", "Uncaught InternalError: too much recursion")]
    [InlineData("backtrack()", "Uncaught InternalError: regular expression ran longer than the script's 300 ms limit (actorruntime.script.timeout) and was stopped")]
    [InlineData("try { backtrack() } catch (e) { 'swallowed' }", "Uncaught InternalError: regular expression ran longer than the script's 300 ms limit (actorruntime.script.timeout) and was stopped")]
    [InlineData("({ toJSON: spin })", "Uncaught InternalError: script ran longer than its 300 ms limit (actorruntime.script.timeout) and was stopped")]
    [InlineData("Promise.resolve({ toJSON: spin })", "Uncaught InternalError: script ran longer than its 300 ms limit (actorruntime.script.timeout) and was stopped")]
    [InlineData("bomb()", "Uncaught InternalError: script allocated more than its 64 MiB limit (actorruntime.script.max-allocated-bytes) and was stopped")]
    public async Task A_runaway_script_is_stopped_and_the_extension_keeps_working(string call, string expected)
    {
        // The memory bomb gets a generous clock so that the allocation budget, not time, is what stops it.
        var limits = call == "bomb()" ? Tight with { Timeout = TimeSpan.FromSeconds(15) } : Tight;
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), limits: limits);
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", call));
        Assert.Equal(expected, failure.Message);
        Assert.Equal("\"still here\"", await e.EvaluateAsync("background", "ok()"));
    }

    [Fact]
    public async Task A_runaway_reached_through_the_scope_proxy_stops_both_engines_cleanly()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), limits: Tight);
        await e.OpenAsync("popup");
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", "browser.extension.getBackgroundPage().spin()"));
        Assert.StartsWith("Uncaught InternalError: script ran longer", failure.Message);
        Assert.Equal("\"still here\"", await e.EvaluateAsync("popup", "browser.extension.getBackgroundPage().ok()"));
        Assert.Equal("\"still here\"", await e.EvaluateAsync("background", "ok()"));
    }

    [Fact]
    public async Task Script_catch_cannot_swallow_the_limit()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), limits: Tight);
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", "try { spin() } catch (err) { 'caught' }"));
        Assert.StartsWith("Uncaught InternalError", failure.Message);
    }

    [Fact]
    public async Task A_runaway_background_script_at_load_is_reported_and_later_scripts_still_run()
    {
        var files = Manifests.Standard("\"background\": { \"scripts\": [\"spin.js\", \"background.js\"] },", Bg);
        files["spin.js"] = "while (true) {}";
        var e = await Load(files, limits: Tight);
        Assert.Contains(Lines("background"), l => l.StartsWith("Uncaught InternalError: script ran longer", StringComparison.Ordinal));
        Assert.Equal("\"still here\"", await e.EvaluateAsync("background", "ok()"));
    }

    [Fact]
    public async Task One_built_in_call_over_a_large_object_is_stopped_inside_the_call()
    {
        // Allocation is counted the same on any machine. Object.defineProperties reads every descriptor before it
        // defines any; after a 10 MB string, reading 100,000 passes the 16 MiB, so the call is stopped with nothing defined.
        // Unchecked, the call would define all 100,000 and only the next statement would stop the turn.
        const string bg = """
            var target = {}, descriptors = {};
            function add(from) { for (var i = from; i < from + 10000; i++) descriptors['k' + i] = { value: i, enumerable: true }; }
            """;
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, bg), limits: Tight with { MaxAllocatedBytes = 16L * 1024 * 1024, Timeout = TimeSpan.FromMinutes(1) });
        for (var from = 0; from < 100000; from += 10000) await e.EvaluateAsync("background", $"add({from})");
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() =>
            e.EvaluateAsync("background", "var junk = 'x'.repeat(5e6); Object.defineProperties(target, descriptors); 'done'"));
        Assert.Equal("Uncaught InternalError: script allocated more than its 16 MiB limit (actorruntime.script.max-allocated-bytes) and was stopped", failure.Message);
        Assert.Equal("0", await e.EvaluateAsync("background", "Object.keys(target).length"));
        // Within the budget the same call defines every property.
        Assert.Equal("20000", await e.EvaluateAsync("background",
            "var some = {}; for (var i = 0; i < 20000; i++) some['k' + i] = descriptors['k' + i]; Object.keys(Object.defineProperties(target, some)).length"));
    }

    [Fact]
    public async Task No_second_realm_brings_its_own_unbounded_built_ins()
    {
        // As in browsers, which do not ship the ShadowRealm proposal.
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), limits: Tight);
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof ShadowRealm"));
    }

    [Fact]
    public async Task Another_extension_is_not_harmed_by_a_runaway()
    {
        // The runaway holds one script thread for seconds; the other extension (supervisor and context) answers meanwhile.
        // The budget is CPU time: on a machine busy with other work the runaway takes longer to use it, so its ask waits longer.
        var looping = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg),
            Options(Flavor.Mdn, Tight with { Timeout = TimeSpan.FromSeconds(3) }) with { AskTimeout = TimeSpan.FromMinutes(5) });
        var healthy = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), limits: Tight);
        var spin = looping.EvaluateAsync("background", "spin()");
        await healthy.OpenAsync("popup");
        Assert.Equal("\"still here\"", await healthy.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).ok()"));
        Assert.False(spin.IsCompleted, "the healthy extension had to wait for the runaway to be stopped");
        await Assert.ThrowsAsync<ScriptFailureException>(() => spin);
    }
}
