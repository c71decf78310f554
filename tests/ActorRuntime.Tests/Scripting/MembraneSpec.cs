using ActorRuntime.Contexts;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>The scope proxy a popup gets onto the background's global (issue item 4).</summary>
public class MembraneSpec : RuntimeSpec
{
    private const string Background = """
        var state = { count: 1, nested: { list: [1, 2, 3] } };
        var callbacks = [];
        var hidden = "visible var";
        let lexical = "let";
        const constant = "const";
        class Klass {}
        function foo(x) { return x * 2; }
        function register(cb) { callbacks.push(cb); return callbacks.length; }
        function fire(value) { return callbacks.map(cb => cb(value)); }
        function fail() { throw new RangeError("out of range"); }
        async function later(x) { await null; return x + 1; }
        async function laterFail() { await null; throw new TypeError("async boom"); }
        function Point(x) { this.x = x; }
        function isState(o) { return o === state; }
        function typeOfArg(o) { return typeof o + ":" + Array.isArray(o); }
        window.assigned = "via window";
        """;

    private async Task<LoadedExtension> Popup()
    {
        var extension = await Load(Manifests.Standard(Manifests.PersistentScripts, Background));
        await extension.OpenAsync("popup");
        await extension.EvaluateAsync("popup", "window.page = await browser.runtime.getBackgroundPage(); undefined");
        return extension;
    }

    private static async Task<string> Eval(LoadedExtension e, string code) => await e.EvaluateAsync("popup", code);

    [Fact]
    public async Task Property_get_set_delete_in_and_keys()
    {
        var e = await Popup();
        Assert.Equal("1", await Eval(e, "page.state.count"));
        Assert.Equal("\"via window\"", await Eval(e, "page.assigned"));
        Assert.Equal("true", await Eval(e, "'foo' in page && 'state' in page && !('nothing' in page)"));
        await Eval(e, "page.added = 42");
        Assert.Equal("42", await e.EvaluateAsync("background", "added"));
        Assert.Equal("true", await Eval(e, "delete page.state.nested.list; !('list' in page.state.nested)"));
        Assert.Equal("false", await e.EvaluateAsync("background", "'list' in state.nested"));
        Assert.Equal("[\"count\",\"nested\"]", await Eval(e, "Object.keys(page.state)"));
        Assert.Equal("true", await Eval(e, "Object.keys(page).includes('foo') && Object.keys(page).includes('state')"));
    }

    [Fact]
    public async Task Functions_are_callable_and_typeof_matches()
    {
        var e = await Popup();
        Assert.Equal("42", await Eval(e, "page.foo(21)"));
        Assert.Equal("\"function\"", await Eval(e, "typeof page.foo"));
        Assert.Equal("\"object\"", await Eval(e, "typeof page.state"));
        Assert.Equal("true", await Eval(e, "Array.isArray(page.state.nested.list)"));
        Assert.Equal("7", await Eval(e, "new page.Point(7).x"));
        Assert.Equal("\"object:true\"", await Eval(e, "page.typeOfArg([1])"));
    }

    [Fact]
    public async Task Objects_are_live_in_both_directions()
    {
        var e = await Popup();
        await Eval(e, "page.state.count = 5; page.state.nested.list.push(4)");
        Assert.Equal("[5,[1,2,3,4]]", await e.EvaluateAsync("background", "[state.count, state.nested.list]"));
        await e.EvaluateAsync("background", "state.count = 9");
        Assert.Equal("9", await Eval(e, "page.state.count"));
        await Eval(e, "var mine = { from: 'popup' }; page.state.fromPopup = mine");
        await e.EvaluateAsync("background", "state.fromPopup.changed = true");
        Assert.Equal("true", await Eval(e, "mine.changed === true && page.state.fromPopup === mine"));
    }

    [Fact]
    public async Task Identity_is_kept()
    {
        var e = await Popup();
        Assert.Equal("true", await Eval(e, "page.state === page.state && page.foo === page.foo"));
        Assert.Equal("true", await Eval(e, "(await browser.runtime.getBackgroundPage()) === page"));
        Assert.Equal("true", await Eval(e, "browser.extension.getBackgroundPage() === page"));
        Assert.Equal("true", await Eval(e, "page.isState(page.state)"));
    }

    [Fact]
    public async Task Callbacks_from_the_popup_are_called_later_by_the_background()
    {
        var e = await Popup();
        await Eval(e, "var seen = []; page.register(v => { seen.push(v); return v + '!'; })");
        Assert.Equal("[\"hi!\"]", await e.EvaluateAsync("background", "fire('hi')"));
        Assert.Equal("[\"hi\"]", await Eval(e, "seen"));
    }

    [Fact]
    public async Task Errors_cross_with_name_message_and_stack()
    {
        var e = await Popup();
        Assert.Equal("\"RangeError|out of range|false\"",
            await Eval(e, "try { page.fail() } catch (err) { err.name + '|' + err.message + '|' + (err instanceof Error) }"));
        Assert.Equal("\"string\"", await Eval(e, "try { page.fail() } catch (err) { typeof err.stack }"));
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => Eval(e, "page.fail()"));
        Assert.Equal("Uncaught RangeError: out of range", failure.Message);
    }

    [Fact]
    public async Task Promises_from_async_functions_are_awaitable_on_the_other_side()
    {
        var e = await Popup();
        Assert.Equal("2", await Eval(e, "await page.later(1)"));
        Assert.Equal("\"TypeError: async boom\"", await Eval(e, "(async () => { try { await page.laterFail() } catch (err) { return err.name + ': ' + err.message } })()"));
    }

    [Fact]
    public async Task Var_and_function_globals_are_visible_let_const_class_are_not()
    {
        var e = await Popup();
        Assert.Equal("[\"string\",\"function\",\"undefined\",\"undefined\",\"undefined\"]",
            await Eval(e, "[typeof page.hidden, typeof page.foo, typeof page.lexical, typeof page.constant, typeof page.Klass]"));
    }

    [Fact]
    public async Task Getting_a_property_descriptor_of_a_var_global_keeps_proxy_invariants()
    {
        var e = await Popup();
        Assert.Equal("[false,true]", await Eval(e, "var d = Object.getOwnPropertyDescriptor(page, 'hidden'); [d.configurable, d.enumerable]"));
        Assert.Equal("\"visible var\"", await Eval(e, "page.hidden"));
        Assert.Equal("true", await Eval(e, "Object.isFrozen(page.frozen = Object.freeze({a: 1})) && Object.isFrozen(page.frozen)"));
    }

    [Fact]
    public async Task References_into_a_closed_popup_are_dead_in_the_background()
    {
        var e = await Popup();
        await Eval(e, "page.register(v => v)");
        await e.CloseAsync("popup");
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", "fire(1)"));
        Assert.StartsWith("Uncaught TypeError: can't access dead object (background.js:", failure.Message);
        Assert.Equal("1", await e.EvaluateAsync("background", "callbacks.length"));
    }

    [Fact]
    public async Task References_into_a_closed_background_are_dead_in_the_popup()
    {
        var e = await Popup();
        await Eval(e, "var kept = page.state");
        await e.CloseAsync("background");
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => Eval(e, "kept.count"));
        Assert.Equal("Uncaught TypeError: can't access dead object", failure.Message);
        Assert.Equal("true", await Eval(e, "try { page.foo(1); false } catch (err) { err instanceof TypeError }"));
    }

    [Fact]
    public async Task Objects_passing_through_three_contexts_are_not_wrapped_twice()
    {
        var e = await Popup();
        await e.OpenAsync("options");
        await e.EvaluateAsync("options", "var page = browser.extension.getBackgroundPage(); var views = browser.extension.getViews({type: 'popup'}); undefined");
        // The background's object, reached through the popup's window from the options page, is the same
        // proxy as reached directly.
        Assert.Equal("true", await e.EvaluateAsync("options", "views[0].page.state === page.state"));
        Assert.Equal("true", await e.EvaluateAsync("options", "page.isState(views[0].page.state)"));
    }

    [Fact]
    public async Task Registered_symbols_are_one_symbol_in_every_context_and_others_keep_their_identity()
    {
        // All windows of an agent share one symbol registry: Symbol.for('k') is the same symbol in the popup and the background.
        var e = await Popup();
        await e.EvaluateAsync("background", """
            var registered = Symbol.for('k');
            var unique = Symbol('u');
            var tagged = { [Symbol.for('k')]: 42, [unique]: 'u', plain: 1 };
            function isRegistered(s) { return s === Symbol.for('k'); }
            function isUnique(s) { return s === unique; }
            function read(o) { return o[Symbol.for('k')]; }
            undefined
            """);
        Assert.Equal("true", await Eval(e, "page.registered === Symbol.for('k')"));
        Assert.Equal("\"k\"", await Eval(e, "Symbol.keyFor(page.registered)"));
        Assert.Equal("true", await Eval(e, "page.isRegistered(Symbol.for('k'))"));
        Assert.Equal("42", await Eval(e, "page.tagged[Symbol.for('k')]"));
        Assert.Equal("true", await Eval(e, "Symbol.for('k') in page.tagged && !(Symbol.for('other') in page.tagged)"));
        Assert.Equal("7", await Eval(e, "page.read({ [Symbol.for('k')]: 7 })"));
        await Eval(e, "page.tagged[Symbol.for('k')] = 43; delete page.tagged.plain");
        Assert.Equal("[43,false]", await e.EvaluateAsync("background", "[tagged[Symbol.for('k')], 'plain' in tagged]"));
        Assert.Equal("true", await Eval(e, "Object.getOwnPropertySymbols(page.tagged).includes(Symbol.for('k'))"));
        Assert.Equal("true", await Eval(e, "Object.getOwnPropertyDescriptor(page.tagged, Symbol.for('k')).value === 43"));
        // A symbol that is not registered is the same symbol wherever it goes, and stays unregistered.
        Assert.Equal("true", await Eval(e, "page.unique === page.unique && page.isUnique(page.unique) && page.tagged[page.unique] === 'u'"));
        Assert.Equal("true", await Eval(e, "Symbol.keyFor(page.unique) === undefined && page.unique !== Symbol.for('u')"));
        // A symbol the popup registers first is found by the background under the same key.
        Assert.Equal("true", await Eval(e, "page.Symbol.keyFor(Symbol.for('popup-first')) === 'popup-first'"));
    }
}
