using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Events as the DOM Standard dispatches them: capture from the window down, the target, bubbling back up.</summary>
public class DomEventsSpec : RuntimeSpec
{
    private const string Page = """
        <!DOCTYPE html><html><head></head><body>
        <div id="outer"><div id="inner"><button id="button">Go</button></div></div>
        <script src="popup.js"></script>
        </body></html>
        """;

    private async Task<LoadedExtension> Popup(string script = "", Flavor flavor = Flavor.Mdn)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = Page;
        files["popup.js"] = script;
        var e = await Load(files, flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Capture_target_and_bubble_run_in_order_through_the_window()
    {
        var e = await Popup("""
            var log = [];
            const note = (where) => (ev) => log.push(`${where}:${ev.eventPhase}:${ev.currentTarget === window ? 'window' : ev.currentTarget.id || ev.currentTarget.nodeName}`);
            window.addEventListener('click', note('capture'), true);
            document.addEventListener('click', note('capture'), true);
            document.getElementById('outer').addEventListener('click', note('capture'), true);
            document.getElementById('button').addEventListener('click', note('bubble'));
            document.getElementById('button').addEventListener('click', note('capture'), true);
            document.getElementById('outer').addEventListener('click', note('bubble'));
            document.addEventListener('click', note('bubble'));
            window.addEventListener('click', note('bubble'));
            """);
        Assert.Equal("""["capture:1:window","capture:1:#document","capture:1:outer","capture:2:button","bubble:2:button","bubble:3:outer","bubble:3:#document","bubble:3:window"]""",
            await e.EvaluateAsync("popup", "document.getElementById('button').click(); log"));
    }

    [Fact]
    public async Task Propagation_stops_where_it_is_stopped()
    {
        var e = await Popup("""
            var log = [];
            const inner = document.getElementById('inner');
            inner.addEventListener('ping', (ev) => { log.push('first'); ev.stopImmediatePropagation(); });
            inner.addEventListener('ping', () => log.push('second'));
            document.getElementById('outer').addEventListener('ping', () => log.push('outer'));
            document.getElementById('outer').addEventListener('pong', () => log.push('outer pong'));
            inner.addEventListener('pong', (ev) => { log.push('inner pong'); ev.stopPropagation(); });
            inner.addEventListener('pong', () => log.push('inner pong 2'));
            """);
        Assert.Equal("""["first","inner pong","inner pong 2"]""", await e.EvaluateAsync("popup", """
            const target = document.getElementById('inner');
            target.dispatchEvent(new Event('ping', { bubbles: true }));
            target.dispatchEvent(new Event('pong', { bubbles: true }));
            log
            """));
    }

    [Fact]
    public async Task Cancelable_events_report_preventDefault_and_passive_listeners_cannot()
    {
        var e = await Popup();
        Assert.Equal("""[false,true,true,false,false]""", await e.EvaluateAsync("popup", """
            const b = document.getElementById('button');
            b.addEventListener('a', (ev) => ev.preventDefault());
            b.addEventListener('b', (ev) => ev.preventDefault(), { passive: true });
            const a = new Event('a', { cancelable: true }), notCancelable = new Event('a');
            const passive = new Event('b', { cancelable: true });
            [b.dispatchEvent(a), a.defaultPrevented, b.dispatchEvent(notCancelable), notCancelable.defaultPrevented, passive.defaultPrevented || !b.dispatchEvent(passive)]
            """));
    }

    [Fact]
    public async Task Once_listeners_handleEvent_objects_and_duplicates()
    {
        var e = await Popup();
        Assert.Equal("""[1,2,1,0]""", await e.EvaluateAsync("popup", """
            const b = document.getElementById('button');
            let once = 0, handled = 0, dup = 0, removed = 0;
            b.addEventListener('x', () => once++, { once: true });
            const listener = { handleEvent(ev) { handled += this === listener && ev.type === 'x' ? 1 : 100; } };
            b.addEventListener('x', listener);
            const f = () => dup++;
            b.addEventListener('x', f); b.addEventListener('x', f);
            const r = () => removed++;
            b.addEventListener('x', r); b.removeEventListener('x', r);
            b.dispatchEvent(new Event('x')); b.dispatchEvent(new Event('x'));
            [once, handled, dup / 2, removed]
            """));
    }

    [Fact]
    public async Task On_properties_are_listeners_in_order_and_return_false_cancels()
    {
        var e = await Popup();
        Assert.Equal("""["add1","prop","add2",false,true,null]""", await e.EvaluateAsync("popup", """
            const b = document.getElementById('button');
            const log = [];
            b.addEventListener('click', () => log.push('add1'));
            b.onclick = () => { log.push('prop'); return false; };
            b.addEventListener('click', () => log.push('add2'));
            const ev = new MouseEvent('click', { cancelable: true, bubbles: true });
            const result = b.dispatchEvent(ev);
            b.onclick = null;
            [...log, result, ev.defaultPrevented, b.onclick]
            """));
    }

    [Fact]
    public async Task A_listener_that_throws_is_reported_and_the_others_still_run()
    {
        var e = await Popup();
        Assert.Equal("""["after"]""", await e.EvaluateAsync("popup", """
            const b = document.getElementById('button');
            const log = [];
            b.addEventListener('x', () => { throw new Error('listener broke'); });
            b.addEventListener('x', () => log.push('after'));
            b.dispatchEvent(new Event('x'));
            log
            """));
        Assert.Contains(Lines("popup"), l => l.StartsWith("Uncaught Error: listener broke", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_interfaces_carry_their_init_dictionaries()
    {
        var e = await Popup();
        Assert.Equal("""[{"n":1},"Enter",true,5,true,"insertText","a",null,true,false,"custom"]""", await e.EvaluateAsync("popup", """
            const custom = new CustomEvent('custom', { detail: { n: 1 } });
            const key = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true });
            const mouse = new MouseEvent('click', { clientX: 5 });
            const input = new InputEvent('input', { inputType: 'insertText', data: 'a' });
            [custom.detail, key.key, key.ctrlKey, mouse.clientX, mouse instanceof UIEvent, input.inputType, input.data, new InputEvent('input').data,
             custom instanceof Event, custom.isTrusted, custom.type]
            """));
    }

    [Fact]
    public async Task Redispatching_an_event_being_dispatched_is_refused()
    {
        var e = await Popup();
        Assert.Equal("\"InvalidStateError\"", await e.EvaluateAsync("popup", """
            const b = document.getElementById('button');
            let caught;
            b.addEventListener('x', (ev) => { try { b.dispatchEvent(ev); } catch (x) { caught = x.name; } });
            b.dispatchEvent(new Event('x'));
            caught
            """));
    }

    [Fact]
    public async Task AbortSignal_removes_its_listeners()
    {
        var e = await Popup();
        Assert.Equal("""[1,true,"AbortError"]""", await e.EvaluateAsync("popup", """
            const b = document.getElementById('button');
            const controller = new AbortController();
            let count = 0;
            b.addEventListener('x', () => count++, { signal: controller.signal });
            b.dispatchEvent(new Event('x'));
            controller.abort();
            b.dispatchEvent(new Event('x'));
            [count, controller.signal.aborted, controller.signal.reason.name]
            """));
    }

    [Fact]
    public async Task CreateEvent_makes_the_legacy_interfaces_and_refuses_to_dispatch_them_uninitialised()
    {
        var e = await Popup();
        Assert.Equal("""[true,true,true,"InvalidStateError",1,"NotSupportedError"]""", await e.EvaluateAsync("popup", """
            const made = document.createEvent('MessageEvent');
            const before = document.createEvent('BeforeUnloadEvent');
            let refused, count = 0, unknown;
            try { document.body.dispatchEvent(made); } catch (x) { refused = x.name; }
            document.body.addEventListener('ping', () => count++);
            made.initEvent('ping', true, true);
            document.body.dispatchEvent(made);
            try { document.createEvent('NoSuchEvent'); } catch (x) { unknown = x.name; }
            [made instanceof MessageEvent, before instanceof BeforeUnloadEvent, document.createEvent('mouseevents') instanceof MouseEvent, refused, count, unknown]
            """));
    }
}
