using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>webNavigation: every navigation of the browser's tabs in order, with the details each flavour gives, and listeners' URL filters.</summary>
public class WebNavigationSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension() => Manifests.Standard(Manifests.PersistentScripts, """
        for (const name of ['onBeforeNavigate', 'onCommitted', 'onDOMContentLoaded', 'onCompleted', 'onCreatedNavigationTarget'])
          browser.webNavigation[name].addListener(d => console.log(name + ' ' + d.tabId + ' ' + d.url + (d.transitionType ? ' ' + d.transitionType + ' ' + JSON.stringify(d.transitionQualifiers) : '')));
        browser.webNavigation.onCompleted.addListener(d => console.log('filtered ' + d.url), { url: [{ hostSuffix: 'example.com', pathPrefix: '/docs' }, { schemes: ['ftp'] }] });
        """, "\"permissions\": [\"webNavigation\"],");

    [Fact]
    public async Task A_navigation_is_before_navigate_committed_dom_content_loaded_completed()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        await e.EvaluateAsync("background", "browser.tabs.update(1, { url: 'https://example.com/docs/b' })");
        await e.EvaluateAsync("background", "browser.tabs.goBack(1)");
        await e.SettleAsync();
        Assert.Equal([
            "onBeforeNavigate 1 https://example.com/a",
            "onCommitted 1 https://example.com/a typed []",
            "onDOMContentLoaded 1 https://example.com/a",
            "onCompleted 1 https://example.com/a",
            "onBeforeNavigate 1 https://example.com/docs/b",
            "onCommitted 1 https://example.com/docs/b link []",
            "onDOMContentLoaded 1 https://example.com/docs/b",
            "onCompleted 1 https://example.com/docs/b",
            "filtered https://example.com/docs/b",
            "onBeforeNavigate 1 https://example.com/a",
            "onCommitted 1 https://example.com/a link [\"forward_back\"]",
            "onDOMContentLoaded 1 https://example.com/a",
            "onCompleted 1 https://example.com/a",
        ], Lines("background"));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "[0,\"0000000000000001\",\"outermost_frame\",null]")]
    [InlineData(Flavor.Firefox, "[0,null,null,-1]")]
    public async Task Details_carry_what_each_flavour_gives(Flavor flavor, string expected)
    {
        var e = await Load(Extension(), flavor);
        await e.EvaluateAsync("background",
            "void (globalThis.seen = new Promise(r => browser.webNavigation.onCommitted.addListener(d => r([d.frameId, d.documentId?.slice(0, 16) ?? null, d.frameType ?? null, d.processId ?? null]))))");
        await e.EvaluateAsync("background", "browser.tabs.create({ url: 'https://example.com/' })");
        Assert.Equal(expected, await e.EvaluateAsync("background", "await seen"));
    }

    [Fact]
    public async Task A_tab_opened_from_another_is_a_created_navigation_target()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        await e.EvaluateAsync("background", "browser.tabs.create({ url: 'https://example.com/b', openerTabId: 1 })");
        await e.SettleAsync();
        Assert.Contains("onCreatedNavigationTarget 2 https://example.com/b", Lines("background"));
    }
}
