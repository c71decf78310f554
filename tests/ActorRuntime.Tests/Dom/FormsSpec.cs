using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Form controls and submission as HTML defines them, driven by scripts and by a user's page actions.</summary>
public class FormsSpec : RuntimeSpec
{
    private const string Page = """
        <!DOCTYPE html><html><head></head><body>
        <form id="form" action="done.html">
          <label for="name">Name</label><input id="name" name="name" value="Ann" required>
          <label><input type="checkbox" id="agree" name="agree"> agree</label>
          <input type="radio" name="size" value="s" id="s" checked><input type="radio" name="size" value="l" id="l">
          <select id="color" name="color"><option value="r">Red</option><option value="g" selected>Green</option></select>
          <textarea id="notes" name="notes">hello</textarea>
          <button id="reset" type="reset">Reset</button>
          <button id="send" name="action" value="send">Send</button>
        </form>
        <p id="out"></p>
        <script src="popup.js"></script>
        </body></html>
        """;

    private async Task<LoadedExtension> Popup(string script, Flavor flavor = Flavor.Mdn)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = Page;
        files["popup.js"] = script;
        files["done.html"] = ExtensionFolder.Html("done.js");
        files["done.js"] = "var arrived = location.search;";
        var e = await Load(files, flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Controls_expose_their_values_and_reflected_attributes()
    {
        var e = await Popup("");
        Assert.Equal("""["Ann",false,true,"g",1,"hello","send","submit","reset",6,"Ann",true,"text","name"]""", await e.EvaluateAsync("popup", """
            const f = document.forms[0];
            [document.getElementById('name').value, document.getElementById('agree').checked, document.getElementById('s').checked,
             document.getElementById('color').value, document.getElementById('color').selectedIndex, document.getElementById('notes').value,
             document.getElementById('send').value, document.getElementById('send').type, document.getElementById('reset').type,
             f.elements.length - 2, f.elements.name.value, document.getElementById('name').required, document.getElementById('name').type,
             document.querySelector('label').control.id]
            """));
    }

    [Fact]
    public async Task Changing_controls_and_reset_restore_the_defaults()
    {
        var e = await Popup("");
        Assert.Equal("""[["Bob",true,"l","r"],["Ann",false,"s","g"],"Ann"]""", await e.EvaluateAsync("popup", """
            const read = () => [document.getElementById('name').value, document.getElementById('agree').checked,
                document.querySelector('input[name=size]:checked').value, document.getElementById('color').value];
            document.getElementById('name').value = 'Bob';
            document.getElementById('agree').checked = true;
            document.getElementById('l').checked = true;
            document.getElementById('color').value = 'r';
            const changed = read();
            document.getElementById('reset').click();
            [changed, read(), document.getElementById('name').getAttribute('value')]
            """));
    }

    [Fact]
    public async Task Clicking_a_checkbox_toggles_it_and_fires_input_then_change_unless_canceled()
    {
        var e = await Popup("""
            var log = [];
            const box = document.getElementById('agree');
            for (const type of ['click', 'input', 'change']) box.addEventListener(type, () => log.push(`${type}:${box.checked}`));
            """);
        Assert.Equal("""["click:true","input:true","change:true","click:false",true]""", await e.EvaluateAsync("popup", """
            const agree = document.getElementById('agree');
            agree.click();
            agree.addEventListener('click', (ev) => ev.preventDefault(), { once: true });
            agree.click();
            [...log, agree.checked]
            """));
    }

    [Fact]
    public async Task Submit_fires_with_its_submitter_and_preventDefault_keeps_the_page()
    {
        var e = await Popup("""
            var submitted = [];
            document.getElementById('form').addEventListener('submit', (ev) => {
              ev.preventDefault();
              submitted.push([ev.submitter && ev.submitter.id, ev instanceof SubmitEvent, new FormData === undefined]);
            });
            """.Replace("new FormData === undefined", "ev.cancelable"));
        Assert.Equal("""[["send",true,true],[null,true,true]]""", await e.EvaluateAsync("popup", """
            document.getElementById('send').click();
            document.getElementById('form').requestSubmit();
            document.getElementById('form').submit();
            submitted
            """));
        Assert.Equal("\"popup\"", await e.EvaluateAsync("popup", "'popup'"));
    }

    [Fact]
    public async Task A_user_typing_fires_input_per_character_and_change_on_blur()
    {
        var e = await Popup("""
            var log = [];
            const name = document.getElementById('name');
            for (const type of ['focus', 'keydown', 'input', 'change', 'blur']) name.addEventListener(type, (ev) => log.push(type === 'input' ? `input:${name.value}:${ev.data}` : type));
            """);
        var result = await e.ActAsync("popup", new PageAction(PageActionKind.Type, "#name", "xy"));
        Assert.Null(result.Problem);
        Assert.Equal("""["focus","keydown","input:Annx:x","keydown","input:Annxy:y","change","blur"]""", await e.EvaluateAsync("popup", "log"));
    }

    [Fact]
    public async Task User_actions_check_select_and_submit()
    {
        var e = await Popup("""
            var log = [];
            document.getElementById('form').addEventListener('submit', (ev) => {
              ev.preventDefault();
              log.push([...new URLSearchParamsShim(ev.target)].join('&'));
            });
            function URLSearchParamsShim(form) {
              return [...form.elements].filter(el => el.name && (!['checkbox', 'radio'].includes(el.type) || el.checked) && el.type !== 'submit' && el.tagName !== 'BUTTON')
                .map(el => `${el.name}=${el.value}`);
            }
            document.getElementById('color').addEventListener('change', (ev) => log.push('color ' + ev.target.value));
            """);
        Assert.Null((await e.ActAsync("popup", new PageAction(PageActionKind.Check, "#agree"))).Problem);
        Assert.Null((await e.ActAsync("popup", new PageAction(PageActionKind.Select, "#color", "r"))).Problem);
        Assert.Null((await e.ActAsync("popup", new PageAction(PageActionKind.Submit, "#form"))).Problem);
        Assert.Equal("""["color r","name=Ann&agree=on&size=s&color=r&notes=hello"]""", await e.EvaluateAsync("popup", "log"));
        Assert.Equal("no element matches #missing", (await e.ActAsync("popup", new PageAction(PageActionKind.Click, "#missing"))).Problem);
        Assert.Equal("#out is not a checkbox or radio button", (await e.ActAsync("popup", new PageAction(PageActionKind.Check, "#out"))).Problem);
        Assert.Equal("#notes: hello", (await e.ActAsync("popup", new PageAction(PageActionKind.Text, "#notes"))).Output);
        Assert.Equal("#out: <p id=\"out\"></p>", (await e.ActAsync("popup", new PageAction(PageActionKind.Html, "#out"))).Output);
    }

    [Fact]
    public async Task Focus_moves_with_its_events_and_activeElement_follows()
    {
        var e = await Popup("""
            var log = [];
            for (const id of ['name', 'notes']) for (const type of ['focus', 'blur', 'focusin', 'focusout'])
              document.getElementById(id).addEventListener(type, (ev) => log.push(`${id}:${type}:${ev.relatedTarget ? ev.relatedTarget.id : ''}`));
            """);
        Assert.Equal("""["BODY","name","notes",["name:focus:","name:focusin:","name:blur:notes","name:focusout:notes","notes:focus:name","notes:focusin:name"]]""", await e.EvaluateAsync("popup", """
            const before = document.activeElement.tagName;
            document.getElementById('name').focus();
            const first = document.activeElement.id;
            document.getElementById('notes').focus();
            [before, first, document.activeElement.id, log]
            """));
    }

    [Fact]
    public async Task A_submit_nobody_prevents_navigates_the_page_to_the_forms_action_with_its_data()
    {
        var e = await Popup("window.before = true; setTimeout(() => console.log('old page timer'), 10);");
        Assert.Null((await e.ActAsync("popup", new PageAction(PageActionKind.Type, "#name", "+1"))).Problem);
        Assert.Null((await e.ActAsync("popup", new PageAction(PageActionKind.Click, "#send"))).Problem);
        Assert.Equal("""["?name=Ann%2B1&size=s&color=g&notes=hello&action=send",false,true]""", await e.EvaluateAsync("popup",
            "[arrived, 'before' in window, location.href.endsWith('/done.html' + arrived)]"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        Assert.DoesNotContain("old page timer", Lines("popup"));
    }

    [Fact]
    public async Task A_form_that_leaves_the_extension_keeps_the_page_and_says_so()
    {
        var e = await Popup("document.getElementById('form').action = 'https://example.com/search'; window.kept = true;");
        await e.ActAsync("popup", new PageAction(PageActionKind.Submit, "#form"));
        Assert.Equal("true", await e.EvaluateAsync("popup", "kept"));
        Assert.Contains(Lines("popup"), l => l.StartsWith("navigation to https://example.com/search?name=Ann", StringComparison.Ordinal) && l.EndsWith("was not followed: the runtime shows only the extension's own pages in its views", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Selection_changes_fire_select_once_from_a_task()
    {
        var e = await Popup("var selects = 0; document.getElementById('notes').addEventListener('select', () => selects++);");
        Assert.Equal("[0,0,5,\"none\"]", await e.EvaluateAsync("popup", """
            const notes = document.getElementById('notes');
            notes.select();
            notes.select();
            [selects, notes.selectionStart, notes.selectionEnd, notes.selectionDirection]
            """));
        Assert.Equal("[1,\"hi\"]", await e.EvaluateAsync("popup", """
            const area = document.getElementById('notes');
            area.setRangeText('hi', 0, 5, 'select');
            [selects, area.value]
            """));
        Assert.Equal("[2,null]", await e.EvaluateAsync("popup", "[selects, document.getElementById('agree').selectionStart]"));
    }
}
