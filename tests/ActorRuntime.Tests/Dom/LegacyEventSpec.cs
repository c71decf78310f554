using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>
/// Events' legacy surface and HTML's error reporting: <c>window.event</c>, <c>window.onerror</c> for what a listener
/// throws, UIEvent's <c>view</c>, the unforgeable <c>isTrusted</c>, the <c>init*Event</c> methods and the order
/// listener options are read in.
/// </summary>
public class LegacyEventSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """<!DOCTYPE html><html><body><div id="d"></div><script src="popup.js"></script></body></html>""";
        files["popup.js"] = "";
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task What_a_listener_throws_reaches_window_onerror_and_error_listeners()
    {
        var e = await Popup();
        Assert.Equal("""[["Uncaught Error: boom",1,"Error: boom"],["Uncaught Error: boom",true],"after"]""", await e.EvaluateAsync("popup", """
            const log = [];
            window.onerror = (message, source, line, column, error) => { log.push([message, typeof line === 'number' ? 1 : 0, String(error)]); return true; };
            window.addEventListener('error', (ev) => log.push([ev.message, ev instanceof ErrorEvent]));
            const d = document.getElementById('d');
            d.addEventListener('x', () => { throw new Error('boom'); });
            d.addEventListener('x', () => log.push('after'));
            d.dispatchEvent(new Event('x'));
            log
            """));
        // onerror returned true: the error is handled, and the console has no line for it.
        Assert.DoesNotContain(Lines("popup"), l => l.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listener_object_without_a_callable_handleEvent_reports_a_TypeError()
    {
        var e = await Popup();
        Assert.Equal("""["TypeError",1]""", await e.EvaluateAsync("popup", """
            const seen = [];
            let lookups = 0;
            window.addEventListener('error', (ev) => { seen.push(ev.error.name); ev.preventDefault(); });
            const d = document.getElementById('d');
            d.addEventListener('y', { get handleEvent() { lookups++; return 42; } });
            d.dispatchEvent(new Event('y'));
            [...seen, lookups]
            """));
    }

    [Fact]
    public async Task Window_event_is_the_event_being_handled_and_undefined_otherwise()
    {
        var e = await Popup();
        Assert.Equal("""[true,false,true,true,"replaced"]""", await e.EvaluateAsync("popup", """
            const d = document.getElementById('d');
            const ev = new Event('z');
            let during;
            d.addEventListener('z', { get handleEvent() { during = window.event === ev; return () => {}; } });
            d.dispatchEvent(ev);
            const result = [during, window.event === ev, window.event === undefined, Object.getOwnPropertyDescriptor(window, 'event') !== undefined];
            window.event = 'replaced';
            [...result, window.event]
            """));
    }

    [Fact]
    public async Task UIEvent_view_is_null_or_the_window_and_isTrusted_is_an_own_accessor()
    {
        var e = await Popup();
        Assert.Equal("""[true,true,"TypeError",true,false,true]""", await e.EvaluateAsync("popup", """
            let thrown = 'none';
            try { new UIEvent('a', { view: {} }); } catch (error) { thrown = error.name; }
            const a = Object.getOwnPropertyDescriptor(new Event('a'), 'isTrusted');
            const b = Object.getOwnPropertyDescriptor(new MouseEvent('b'), 'isTrusted');
            [new UIEvent('a').view === null, new MouseEvent('a', { view: window }).view === window, thrown,
             typeof a.get === 'function' && a.get === b.get, a.configurable, 'isTrusted' in new Event('c')]
            """));
    }

    [Fact]
    public async Task The_legacy_init_methods_set_the_fields_unless_the_event_is_being_dispatched()
    {
        var e = await Popup();
        Assert.Equal("""["m",true,3,4,true,1,"k","Enter",2,true,"u",7,true,0]""", await e.EvaluateAsync("popup", """
            const mouse = document.createEvent('MouseEvent');
            mouse.initMouseEvent('m', true, true, window, 0, 1, 2, 3, 4, true, false, false, false, 1, null);
            const key = new KeyboardEvent('x');
            key.initKeyboardEvent('k', true, true, null, 'Enter', 2, false, false, true, false);
            const ui = new UIEvent('x');
            ui.initUIEvent('u', false, false, window, 7);
            const busy = new UIEvent('busy');
            const d = document.getElementById('d');
            d.addEventListener('busy', () => busy.initUIEvent('other', false, false, window, 9));
            d.dispatchEvent(busy);
            [mouse.type, mouse.bubbles, mouse.clientX, mouse.y, mouse.ctrlKey, mouse.button,
             key.type, key.key, key.location, key.shiftKey, ui.type, ui.detail, ui.view === window, busy.detail]
            """));
    }

    [Fact]
    public async Task Listener_options_are_read_even_for_a_null_callback_and_removal_reads_capture_only()
    {
        var e = await Popup();
        Assert.Equal("""["capture","once","passive","signal","capture","TypeError"]""", await e.EvaluateAsync("popup", """
            const read = [];
            const options = {};
            for (const name of ['capture', 'once', 'passive', 'signal'])
                Object.defineProperty(options, name, { get() { read.push(name); return undefined; } });
            const target = new EventTarget();
            target.addEventListener('a', null, options);
            target.removeEventListener('a', null, options);
            try { target.addEventListener('a', null, { signal: null }); read.push('no error'); } catch (error) { read.push(error.name); }
            read
            """));
    }
}
