using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>A tab's web page runs in its own world; the extension's content scripts share its document, not its globals.</summary>
public class TabPageSpec : RuntimeSpec
{
    private const string WebPage = """
        <!DOCTYPE html><html><head><title>Shop</title></head><body>
        <p id="price">10</p><button id="buy">Buy</button>
        <script>
          var pageGlobal = 'page';
          document.body.dataset.ready = 'yes';
          var clicks = [];
          document.getElementById('buy').addEventListener('click', () => clicks.push('page:' + typeof contentGlobal));
        </script>
        </body></html>
        """;

    private async Task<(LoadedExtension Extension, string Label)> Tab(string contentScript, string? html = WebPage)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "", """
            "content_scripts": [ { "matches": ["https://shop.example/*"], "js": ["content.js"] } ],
            """);
        files["content.js"] = contentScript;
        var e = await Load(files);
        var label = await e.OpenAsync("tab:https://shop.example/item", pageHtml: html);
        return (e, label);
    }

    [Fact]
    public async Task Content_scripts_see_the_pages_document_but_not_its_globals()
    {
        var (e, label) = await Tab("""
            var contentGlobal = 'content';
            var seen = [document.title, document.getElementById('price').textContent, document.body.dataset.ready, typeof pageGlobal, document.readyState];
            document.getElementById('price').textContent = '12';
            document.getElementById('buy').addEventListener('click', () => clicks2.push('content:' + typeof pageGlobal));
            var clicks2 = [];
            """);
        Assert.Equal("content:https://shop.example/item", label);
        Assert.Equal("""["Shop","10","yes","undefined","complete"]""", await e.EvaluateAsync(label, "seen"));
        await e.ActAsync(label, new PageAction(PageActionKind.Click, "#buy"));
        Assert.Equal("""["content:undefined"]""", await e.EvaluateAsync(label, "clicks2"));
        Assert.Equal("#price: 12", (await e.ActAsync(label, new PageAction(PageActionKind.Text, "#price"))).Output);
        // The page's own listener ran in the page's world (it logs nothing; its array is not the content script's).
        Assert.Equal("\"undefined\"", await e.EvaluateAsync(label, "typeof clicks"));
    }

    [Fact]
    public async Task Without_a_page_the_tab_is_an_empty_document_titled_with_its_url()
    {
        var (e, label) = await Tab("var title = document.title;", html: null);
        Assert.Equal("[\"https://shop.example/item\",0]", await e.EvaluateAsync(label, "[title, document.body.childElementCount]"));
    }

    [Fact]
    public async Task The_pages_scripts_from_the_web_fail_to_load_and_its_console_is_its_own()
    {
        var (_, _) = await Tab("", """
            <!DOCTYPE html><html><body><script src="https://cdn.example/lib.js"></script><script>console.log('page inline ran')</script></body></html>
            """);
        Assert.Contains("page inline ran", Lines("tab:https://shop.example/item"));
        Assert.Contains(Lines("tab:https://shop.example/item"), l => l.StartsWith("Loading failed for the script with source \"https://cdn.example/lib.js\"", StringComparison.Ordinal));
    }
}
