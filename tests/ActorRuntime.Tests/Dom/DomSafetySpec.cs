using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>
/// The DOM binding hands scripts nothing of .NET: no CLR object, type, member or exception is reachable from any DOM
/// object, and a page cannot use the DOM to exhaust the host (deep trees are refused, big ones are stopped by the limits).
/// </summary>
public class DomSafetySpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(string? config = null)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """
            <!DOCTYPE html><html><head><title>t</title></head><body>
            <form id="f"><input id="i" value="v"><select id="s"><option>a</option></select><button>b</button></form>
            <div id="d" class="c" data-x="1" style="color: red">text<!-- comment --></div>
            <script src="popup.js"></script></body></html>
            """;
        var e = await Load(files);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task No_property_of_any_DOM_object_reaches_dotnet()
    {
        var e = await Popup();
        // Breadth-first over everything reachable from the DOM objects (own and prototype properties, getters called),
        // looking for any sign of a CLR object: .NET member names, .NET type names in their string forms, or a
        // constructor chain leading anywhere but the realm's Function.
        var offenders = await e.EvaluateAsync("popup", """
            (() => {
              const roots = [document, document.body, document.getElementById('d'), document.getElementById('i'), document.getElementById('f'),
                document.getElementById('s'), document.querySelectorAll('div'), document.getElementById('d').classList, document.getElementById('d').style,
                document.getElementById('d').dataset, document.getElementById('d').attributes, document.forms, new Event('x'), new CustomEvent('y', { detail: 1 }),
                new DOMParser(), document.implementation, document.createTextNode('t'), document.createComment('c'), document.createDocumentFragment(),
                new AbortController(), document.getElementById('d').getBoundingClientRect(), document.getElementById('i').validity, window];
              try { document.querySelector('##'); } catch (x) { roots.push(x); }
              const clrNames = ['GetType', 'Equals', 'GetHashCode', 'ToString', 'MemberwiseClone', 'Finalize', 'Dispose', 'Context', 'Owner', 'TextContent'];
              const seen = new Set(), queue = roots.map(r => [r, 0]), found = [];
              while (queue.length && seen.size < 4000) {
                const [obj, depth] = queue.shift();
                if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || seen.has(obj)) continue;
                seen.add(obj);
                const text = (() => { try { return Object.prototype.toString.call(obj) + ' ' + String(obj); } catch { return ''; } })();
                if (/AngleSharp|System\.|ActorRuntime|Jint\./.test(text)) found.push(text);
                if (typeof obj === 'function' && obj.constructor !== Function) found.push('foreign function constructor');
                if (depth > 3) continue;
                for (let p = obj; p && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
                  for (const name of Object.getOwnPropertyNames(p)) {
                    if (clrNames.includes(name)) found.push(name);
                    let value;
                    try { value = obj[name]; } catch (x) { if (!(x instanceof Error) && !(x instanceof DOMException)) found.push('non-JS error from ' + name); continue; }
                    if (typeof value === 'object' || typeof value === 'function') queue.push([value, depth + 1]);
                  }
                }
              }
              return [found, seen.size > 100];
            })()
            """);
        Assert.Equal("[[],true]", offenders);
        Assert.Equal("\"function Function() { [native code] }\"", await e.EvaluateAsync("popup", "String(document.body.click.constructor.constructor === Function ? Function : 0)"));
        Assert.Equal("[\"undefined\",\"undefined\",\"{}\"]", await e.EvaluateAsync("popup", "[typeof document.GetType, typeof document.body.ToString, JSON.stringify(document.getElementById('d'))]"));
    }

    [Fact]
    public async Task A_tree_deeper_than_the_page_limit_is_refused_and_the_page_goes_on()
    {
        var e = await Popup();
        Assert.Equal("\"HierarchyRequestError 511\"", await e.EvaluateAsync("popup", """
            let node = document.body, depth = 2;
            try { for (let i = 0; i < 100000; i++) { node = node.appendChild(document.createElement('div')); depth++; } } catch (x) { `${x.name} ${depth - 1}` }
            """));
        Assert.Equal("\"HierarchyRequestError\"", await e.EvaluateAsync("popup", """
            try { document.getElementById('d').innerHTML = '<div>'.repeat(600); 'kept'; } catch (x) { x.name }
            """));
        // Refused before parsing: the element keeps what it had (its text and comment).
        Assert.Equal("2", await e.EvaluateAsync("popup", "document.getElementById('d').childNodes.length"));
        Assert.Equal("true", await e.EvaluateAsync("popup", "document.body.outerHTML.length > 1000"));
    }

    [Fact]
    public async Task A_page_building_a_huge_tree_in_one_turn_is_stopped_by_the_allocation_limit()
    {
        var e = await Popup();
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", """
            for (let i = 0; i < 10000000; i++) document.body.appendChild(document.createElement('p')).textContent = 'row ' + i;
            """));
        Assert.Contains("actorruntime.script.", failure.Message);
        Assert.Equal("\"t\"", await e.EvaluateAsync("popup", "document.title"));
    }

    [Fact]
    public async Task DOM_work_counts_against_the_turn_budget()
    {
        var e = await Popup();
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("popup", "for (;;) document.getElementById('d').classList.toggle('x');"));
        Assert.StartsWith("Uncaught InternalError: ", failure.Message);
        Assert.Equal("\"t\"", await e.EvaluateAsync("popup", "document.title"));
    }

    [Fact]
    public async Task A_label_around_a_control_without_activation_does_not_loop_and_nested_dispatch_is_bounded()
    {
        var e = await Popup();
        // A label's control that has no activation behaviour of its own: the click it gets passes through the label again.
        Assert.Equal("1", await e.EvaluateAsync("popup", """
            const label = document.createElement('label');
            label.innerHTML = 'meter <meter id="m" value="1"></meter>';
            document.body.append(label);
            let clicks = 0;
            document.getElementById('m').addEventListener('click', () => clicks++);
            label.click();
            clicks
            """));
        // A dispatch nested without end (a listener dispatching on its own target) stops as a script error reported by
        // the listener that hit it, as a browser reports it, and the host goes on.
        Assert.Equal("\"done\"", await e.EvaluateAsync("popup", """
            const t = document.getElementById('d');
            t.addEventListener('again', () => { t.dispatchEvent(new Event('again')); });
            t.dispatchEvent(new Event('again'));
            'done'
            """));
        Assert.Contains(Lines("popup"), l => l.Contains("too much recursion"));
        Assert.Equal("\"t\"", await e.EvaluateAsync("popup", "document.title"));
    }

    [Fact]
    public async Task Template_contents_count_towards_the_depth_limit()
    {
        var e = await Popup();
        // A template's content has no parent, yet AngleSharp serialises it inside its template, recursively.
        Assert.Equal("\"HierarchyRequestError 511\"", await e.EvaluateAsync("popup", """
            var root = document.createElement('div'), at = root, i = 0;
            try { for (; i < 50000; i++) { const t = document.createElement('template'); (at.content || at).appendChild(t); at = t; } } catch (x) { `${x.name} ${i}` }
            """));
        Assert.Equal("true", await e.EvaluateAsync("popup", "root.innerHTML.length > 0"));
    }

    [Fact]
    public async Task Deep_markup_is_refused_before_it_is_parsed()
    {
        var e = await Popup();
        // Parsing deep markup costs the square of its length in one host call: it is measured first, and stops early.
        Assert.Equal("""["HierarchyRequestError","HierarchyRequestError",300]""", await e.EvaluateAsync("popup", """
            const names = [];
            for (const set of [() => document.body.innerHTML = '<div>'.repeat(100000), () => document.createElement('div').insertAdjacentHTML('beforeend', '<b>'.repeat(200000))])
              try { set(); names.push('set'); } catch (x) { names.push(x.name); }
            document.getElementById('d').innerHTML = '<div>'.repeat(300);
            [...names, document.getElementById('d').querySelectorAll('div').length]
            """));
    }

    [Fact]
    public async Task A_selector_too_costly_for_the_tree_is_refused_and_ordinary_ones_run()
    {
        var e = await Popup();
        await e.EvaluateAsync("popup", "document.getElementById('d').innerHTML = '<div>'.repeat(100) + '<span></span>'; 0");
        Assert.Equal("\"NotSupportedError\"", await e.EvaluateAsync("popup", "try { document.querySelector('p ' + 'div '.repeat(8) + 'span') } catch (x) { x.name }"));
        Assert.Equal("[true,true]", await e.EvaluateAsync("popup", "[document.querySelector('body div div span') !== null, document.querySelector('#d span').matches('div span')]"));
    }

    [Fact]
    public async Task AngleSharp_exceptions_with_a_sentence_for_a_name_read_as_DOMExceptions()
    {
        var e = await Popup();
        Assert.Equal("""["NoModificationAllowedError","The element has no parent."]""", await e.EvaluateAsync("popup",
            "try { document.createElement('div').insertAdjacentHTML('afterend', '<p>') } catch (x) { [x.name, x.message] }"));
    }
}
