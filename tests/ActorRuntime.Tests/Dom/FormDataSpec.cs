using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>FormData built from a form or by hand, and the formData() of urlencoded Request and Response bodies.</summary>
public class FormDataSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """
            <!DOCTYPE html><html><body>
            <form id="f"><input name="q" value="x y"><input type="checkbox" name="c" checked><input name="off" disabled value="1"></form>
            </body></html>
            """;
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task FormData_holds_a_forms_entries_and_changes_them_by_name()
    {
        var e = await Popup();
        Assert.Equal("""
            [[["q","x y"],["c","on"]],"2",["q","c","z"],["1","2"],false,null,"[object FormData Iterator]"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const fd = new FormData(document.getElementById('f'));
            const initial = [...fd];
            fd.append('z', 1); fd.append('z', 2); fd.append('y', 3);
            const all = fd.getAll('z').map(String);
            fd.set('z', '2'); fd.delete('y');
            [initial, fd.get('z'), [...fd.keys()], all, fd.has('y'), fd.get('none'), Object.prototype.toString.call(fd.entries())]
            """));
    }

    [Fact]
    public async Task FormData_of_a_urlencoded_body_and_a_TypeError_for_any_other()
    {
        var e = await Popup();
        await e.EvaluateAsync("popup", """
            var results = [];
            new Request('about:blank', { method: 'POST', body: '\uFEFFa=b&&c=%41+d&%FF', headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=windows-1252' } })
              .formData().then((fd) => results.push([...fd]));
            new Response('a=b', { headers: { 'Content-Type': 'text/plain' } }).formData().catch((error) => results.push(error.name));
            0
            """);
        // Characters beyond ASCII are shown as U+hex, so the comparison needs no invisible characters.
        Assert.Equal("""[[["U+feffa","b"],["c","A d"],["U+fffd",""]],"TypeError"]""", await e.EvaluateAsync("popup", """
            const show = (text) => [...text].map((c) => c.charCodeAt(0) > 127 ? 'U+' + c.charCodeAt(0).toString(16) : c).join('');
            [results[0].map((pair) => pair.map(show)), results[1]]
            """));
    }
}
