using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Fieldsets, outputs and objects as form-associated elements, and a disabled control's validity.</summary>
public class ListedElementsSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """
            <!DOCTYPE html><html><body>
            <form id="f"><fieldset id="fs"><input name="a"><output id="o">abc</output><object id="ob"></object></fieldset></form>
            <fieldset id="outside" form="f"></fieldset>
            </body></html>
            """;
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Fieldsets_outputs_and_objects_have_a_form_owner_and_their_own_members()
    {
        var e = await Popup();
        Assert.Equal("""
            ["fieldset","f","f",3,"output","f","f",true,true,false]
            """.Trim(), await e.EvaluateAsync("popup", """
            const fs = document.getElementById('fs'), o = document.getElementById('o'), ob = document.getElementById('ob');
            [fs.type, fs.form.id, document.getElementById('outside').form.id, fs.elements.length, o.type, o.form.id, ob.form.id,
             fs instanceof HTMLFieldSetElement, fs.validity.valid, fs.willValidate]
            """));
    }

    [Fact]
    public async Task An_output_keeps_its_default_value_apart_once_its_value_is_set_and_reset_restores_it()
    {
        var e = await Popup();
        Assert.Equal("""
            ["abc","abc","20","abc","20","15","15","15"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const o = document.getElementById('o');
            const out = [o.value, o.defaultValue];
            o.value = '20';
            out.push(o.value, o.defaultValue, o.textContent);
            o.defaultValue = '15';
            out.push(o.defaultValue);
            document.getElementById('f').reset();
            out.push(o.value, o.textContent);
            out
            """));
    }

    [Fact]
    public async Task A_disabled_or_read_only_text_control_does_not_suffer_from_being_missing_but_a_disabled_checkbox_does()
    {
        var e = await Popup();
        Assert.Equal("""[false,true,true,false,true,true,false]""", await e.EvaluateAsync("popup", """
            const text = document.createElement('input'); text.required = true; text.disabled = true;
            const readOnly = document.createElement('input'); readOnly.type = 'date'; readOnly.required = true; readOnly.readOnly = true;
            const area = document.createElement('textarea'); area.required = true;
            const inFieldset = document.createElement('fieldset'); inFieldset.disabled = true;
            const nested = inFieldset.appendChild(document.createElement('textarea')); nested.required = true;
            const box = document.createElement('input'); box.type = 'checkbox'; box.required = true; box.disabled = true;
            [text.validity.valueMissing, text.validity.valid, area.validity.valueMissing, nested.validity.valueMissing, box.validity.valueMissing,
             text.validity === text.validity, readOnly.validity.valueMissing]
            """));
    }
}
