using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Where a text field's cursor starts: at the start of its value (a parsed field's, a clone's), at the end once a script sets the value.</summary>
public class TextSelectionSpec : RuntimeSpec
{
    [Fact]
    public async Task The_cursor_starts_at_zero_and_a_value_set_by_a_script_moves_it_to_the_end()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """<!DOCTYPE html><html><body><input id="i" value="foobar"><textarea id="t">hello</textarea></body></html>""";
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""[[0,0],[0,0],[0,0],[3,3],[6,6],[6,6]]""", await e.EvaluateAsync("popup", """
            const i = document.getElementById('i'), t = document.getElementById('t');
            const at = (field) => [field.selectionStart, field.selectionEnd];
            const out = [at(i), at(t)];
            const clone = i.cloneNode(true);
            out.push(at(clone));
            t.value = 'abc';
            out.push(at(t));
            // Out of range: clamped to the value's length, the start moved with it.
            clone.selectionStart = 1000;
            out.push(at(clone));
            i.value = 'barfoo';
            out.push(at(i));
            out
            """));
    }
}
