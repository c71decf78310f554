using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>Each page sees its extension's origin and id as its flavour's browser gives them, and messages addressed to that id arrive.</summary>
public sealed class ExtensionOriginSpec : RuntimeSpec
{
    [Theory]
    [InlineData(Flavor.Mdn, "moz-extension://")]
    [InlineData(Flavor.Firefox, "moz-extension://")]
    [InlineData(Flavor.Chrome, "chrome-extension://")]
    public async Task Pages_have_their_flavours_origin_and_id(Flavor flavor, string scheme)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "browser.runtime.onMessage.addListener((m, s, respond) => respond(s.id));");
        var e = await Load(files, flavor);
        Assert.StartsWith(scheme, e.BaseUrl);
        Assert.Equal($"\"{e.BaseUrl}_generated_background_page.html\"", await e.EvaluateAsync("background", "location.href"));
        Assert.Equal($"\"{e.RuntimeId}\"", await e.EvaluateAsync("background", "browser.runtime.id"));
        if (flavor == Flavor.Chrome) Assert.Matches("^[a-p]{32}$", e.RuntimeId);
        else Assert.EndsWith("@temporary-addon", e.RuntimeId);
        await e.OpenAsync("popup");
        // Addressed to its own id, a message reaches the extension's pages (another id would reach nobody here).
        Assert.Equal($"\"{e.RuntimeId}\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage(browser.runtime.id, 'hi')"));
    }

    [Fact]
    public async Task A_page_opened_with_a_query_keeps_it_in_its_label_and_location()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        Assert.Equal("page:tab.html?id=100#top", await e.OpenAsync("page:tab.html?id=100#top"));
        var origin = e.BaseUrl.TrimEnd('/');
        Assert.Equal($$"""["{{e.BaseUrl}}tab.html?id=100#top","?id=100","#top","/tab.html","{{origin}}","moz-extension:"]""",
            await e.EvaluateAsync("page:tab.html?id=100#top", "[location.href, location.search, location.hash, location.pathname, location.origin, location.protocol]"));
        Assert.Equal($"\"{e.BaseUrl}tab.html?id=100#top\"", await e.EvaluateAsync("page:tab.html?id=100#top", "String(location)"));
    }

    [Fact]
    public async Task A_web_pages_location_is_split_as_browsers_split_it()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        var label = await e.OpenAsync("tab:https://example.com:8443/a/b?q=1");
        Assert.Equal("""["https://example.com:8443","example.com:8443","8443","/a/b","?q=1",""]""",
            await e.EvaluateAsync(label, "[location.origin, location.host, location.port, location.pathname, location.search, location.hash]"));
    }

    [Fact]
    public async Task Location_lists_every_part_and_a_part_a_script_deleted_or_set_stays_so()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        var label = await e.OpenAsync("tab:https://example.com:8443/a/b?q=1#h");
        // Listed before any part was read: every part, each with its value.
        Assert.Equal("""{"href":"https://example.com:8443/a/b?q=1#h","protocol":"https:","host":"example.com:8443","hostname":"example.com","port":"8443","origin":"https://example.com:8443","pathname":"/a/b","search":"?q=1","hash":"#h"}""",
            await e.EvaluateAsync(label, "Object.assign({}, location)"));
        var other = await e.OpenAsync("tab:https://example.org/x");
        Assert.Equal("""[false,"mine",true,"/x",8]""",
            await e.EvaluateAsync(other, "delete location.search; location.hash = 'mine'; [ 'search' in location, location.hash, 'search' in location === false, location.pathname, Object.keys(location).length]"));
    }
}
