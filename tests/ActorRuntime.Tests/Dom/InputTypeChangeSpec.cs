using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>
/// A change of an input's type runs HTML's type-change steps when the attribute changes, whatever changes it, and a
/// click's activation follows the type the input had when the click began.
/// </summary>
public class InputTypeChangeSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Mdn);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task The_value_moves_to_the_attribute_as_soon_as_the_type_changes()
    {
        var e = await Popup();
        // The markup and the attribute are read without touching the value IDL attribute again.
        Assert.Equal("""
            ["abc","<input type=\"checkbox\" value=\"abc\">","xyz","","<input type=\"radio\" value=\"xyz\">"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const out = [];
            const a = document.createElement('input'); a.value = 'abc'; a.type = 'checkbox';
            out.push(a.getAttribute('value'), a.outerHTML);
            const b = document.createElement('input'); b.value = 'xyz'; b.setAttribute('type', 'radio');
            out.push(b.getAttribute('value'));
            const c = document.createElement('input'); c.value = 'q'; c.type = 'file'; c.removeAttribute('type');
            out.push(c.value, b.outerHTML);
            out
            """));
    }

    [Fact]
    public async Task A_checkbox_turned_into_another_type_by_a_listener_is_still_restored_when_the_click_is_canceled()
    {
        var e = await Popup();
        Assert.Equal("""[false,"date",false,true]""", await e.EvaluateAsync("popup", """
            const box = document.body.appendChild(document.createElement('input'));
            box.type = 'checkbox';
            box.onclick = (ev) => { box.type = 'date'; ev.preventDefault(); };
            box.dispatchEvent(new MouseEvent('click', { cancelable: true }));
            const r1 = document.body.appendChild(document.createElement('input'));
            const r2 = document.body.appendChild(document.createElement('input'));
            r1.type = r2.type = 'radio'; r1.name = r2.name = 'g'; r2.checked = true;
            r1.onclick = (ev) => { r1.type = 'date'; ev.preventDefault(); };
            r1.dispatchEvent(new MouseEvent('click', { cancelable: true }));
            [box.checked, box.type, r1.checked, r2.checked]
            """));
    }

    [Fact]
    public async Task Disabled_checkboxes_toggle_for_dispatched_clicks_but_disabled_or_detached_submitters_do_nothing()
    {
        var e = await Popup();
        Assert.Equal("""[true,false,0,0,false]""", await e.EvaluateAsync("popup", """
            const box = document.createElement('input'); box.type = 'checkbox'; box.disabled = true;
            box.dispatchEvent(new MouseEvent('click'));
            const canceled = document.createElement('input'); canceled.type = 'checkbox'; canceled.disabled = true;
            canceled.onclick = (ev) => ev.preventDefault();
            canceled.dispatchEvent(new MouseEvent('click', { cancelable: true }));
            let submits = 0;
            const detached = document.createElement('form');
            detached.onsubmit = () => { submits++; return false; };
            const button = detached.appendChild(document.createElement('input')); button.type = 'submit';
            button.click();
            const form = document.body.appendChild(document.createElement('form'));
            let formSubmits = 0;
            form.onsubmit = () => { formSubmits++; return false; };
            const submit = form.appendChild(document.createElement('input')); submit.type = 'submit';
            submit.onclick = () => { submit.disabled = true; };
            submit.dispatchEvent(new MouseEvent('click', { cancelable: true }));
            // A click that does not bubble activates its target only, never an ancestor.
            const outer = document.body.appendChild(document.createElement('input')); outer.type = 'checkbox';
            outer.appendChild(new Text('x')).dispatchEvent(new MouseEvent('click'));
            [box.checked, canceled.checked, submits, formSubmits, outer.checked]
            """));
    }
}
