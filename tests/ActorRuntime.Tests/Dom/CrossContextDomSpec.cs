using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>DOM objects cross the scope proxy like any object; a closed page's nodes are dead objects.</summary>
public class CrossContextDomSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Extension(Flavor flavor = Flavor.Mdn)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = "<!DOCTYPE html><html><head><title>Popup title</title></head><body><p id='p'>hi</p><script src='popup.js'></script></body></html>";
        files["tab.html"] = "<!DOCTYPE html><html><head><title>Tab</title></head><body></body></html>";
        var e = await Load(files, flavor);
        await e.EvaluateAsync("background", "document.title = 'Background'");
        return e;
    }

    [Fact]
    public async Task The_background_reads_and_changes_a_popups_document()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        Assert.Equal("[\"Popup title\",\"hi\",true]", await e.EvaluateAsync("background", """
            const view = browser.extension.getViews({ type: 'popup' })[0];
            view.document.getElementById('p').textContent = 'changed from the background';
            [view.document.title, 'hi', view.location.href.endsWith('/popup.html')]
            """));
        Assert.Equal("\"changed from the background\"", await e.EvaluateAsync("popup", "document.getElementById('p').textContent"));
    }

    [Fact]
    public async Task A_popup_reads_the_background_pages_document()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        Assert.Equal("[\"Background\",1]", await e.EvaluateAsync("popup", """
            const page = await browser.runtime.getBackgroundPage();
            [page.document.title, page.document.scripts.length]
            """));
    }

    [Fact]
    public async Task A_closed_pages_nodes_are_dead_objects()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        await e.EvaluateAsync("background", "window.kept = browser.extension.getViews({ type: 'popup' })[0].document.getElementById('p'); 0");
        await e.CloseAsync("popup");
        Assert.Equal("\"TypeError: can't access dead object\"", await e.EvaluateAsync("background", "try { kept.textContent } catch (x) { `${x.name}: ${x.message}` }"));
    }

    [Fact]
    public async Task Extension_tabs_keep_their_query_in_location_and_getViews()
    {
        var e = await Extension();
        await e.OpenAsync("page:tab.html?id=100#top");
        Assert.Equal("[\"?id=100\",\"#top\",\"Tab\"]", await e.EvaluateAsync("page:tab.html?id=100#top", "[location.search, location.hash, document.title]"));
        Assert.Equal("true", await e.EvaluateAsync("background", "browser.extension.getViews({ type: 'tab' }).some(v => v.location.href.endsWith('/tab.html?id=100#top') && v.document.URL === v.location.href)"));
    }
}
