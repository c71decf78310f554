using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Reflected URL attributes (img.src, link.href, form.action...) are resolved by the WHATWG URL parser against the document's base URL.</summary>
public class UrlResolutionSpec : RuntimeSpec
{
    [Fact]
    public async Task Reflected_URLs_are_parsed_as_the_URL_Standard_says()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """<!DOCTYPE html><html><head><base href="https://example.com/dir/page"></head><body></body></html>""";
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""
            ["https://example.com/dir/a%20b.png","https://example.com/%7e","https://x.test/","https://example.com/dir/page?q#f","http://x/%20y","https://example.com/z","not a url: http://[x"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const img = document.createElement('img');
            const out = [];
            for (const u of ['a b.png', 'HTTPS://EXAMPLE.com:443/./x/../%7e', '//x.test', '?q#f']) { img.src = u; out.push(img.src); }
            const form = document.createElement('form'); form.action = 'http://x/ y';
            const link = document.createElement('link'); link.href = '../z';
            const bad = document.createElement('script'); bad.src = 'http://[x';
            [...out, form.action, link.href, 'not a url: ' + bad.src]
            """));
    }
}
