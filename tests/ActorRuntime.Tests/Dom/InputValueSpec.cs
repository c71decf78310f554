using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>An input's value as HTML defines it: value modes, the sanitization of each type, and a change of type.</summary>
public class InputValueSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(Flavor flavor = Flavor.Mdn)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Each_type_sanitizes_the_value_it_is_given()
    {
        var e = await Popup();
        Assert.Equal("""
            ["  foobar  ","foo","a@b,c@d","","1e2","50","7","#000000","#a0b1c2","","2024-02-29","","2024-W01","12:30:05.5","2000-12-10T12:00","2000-12-10T12:00:01"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const v = (type, value, attributes = {}) => {
              const i = document.createElement('input');
              i.type = type;
              for (const [k, a] of Object.entries(attributes)) i.setAttribute(k, a);
              i.value = value;
              return i.value;
            };
            [v('text', '  foo\r\nbar  '), v('url', ' \tfoo\n '), v('email', ' a@b , c@d', { multiple: '' }), v('number', '1d+2'), v('number', '1e2'),
             v('range', 'x'), v('range', '7.2', { min: '1', max: '9', step: '2' }), v('color', 'red'), v('color', '#A0B1C2'),
             v('date', '2023-02-29'), v('date', '2024-02-29'), v('month', '2024-13'), v('week', '2024-W01'), v('time', '12:30:05.5'),
             v('datetime-local', '2000-12-10 12:00:00'), v('datetime-local', '2000-12-10T12:00:01')]
            """));
    }

    [Fact]
    public async Task A_change_of_type_moves_the_value_between_modes()
    {
        var e = await Popup();
        Assert.Equal("""
            ["  foobar  ","  foobar  ","  foobar  ","on","","#000000","foo","",true,[0,0,"none"]]
            """.Trim(), await e.EvaluateAsync("popup", """
            const out = [];
            // hidden (default mode) keeps the value in the attribute; text reads it from there, sanitized.
            const h = document.createElement('input'); h.type = 'hidden'; h.value = '  foo\rbar  '; h.type = 'text'; out.push(h.value);
            // text to checkbox: the value goes to the attribute, where there was none.
            const t = document.createElement('input'); t.value = '  foo\nbar  '; t.type = 'checkbox'; out.push(t.value, t.getAttribute('value'));
            const c = document.createElement('input'); c.type = 'radio'; out.push(c.value);
            const n = document.createElement('input'); n.value = 'abc'; n.type = 'number'; out.push(n.value);
            n.type = 'color'; out.push(n.value);
            // A value not set by a script follows the attribute.
            const a = document.createElement('input'); a.setAttribute('value', 'foo'); out.push(a.value);
            const f = document.createElement('input'); f.value = 'x'; f.type = 'file'; out.push(f.value);
            try { f.value = 'y'; } catch (x) { out.push(x.name === 'InvalidStateError'); }
            const s = document.createElement('input'); s.type = 'hidden'; s.type = 'text';
            out.push([s.selectionStart, s.selectionEnd, s.selectionDirection]);
            out
            """));
    }
}
