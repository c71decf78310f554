using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Conformance;

/// <summary>Scenarios 1-6 of the spec's section 8, in every flavour.</summary>
public class ScenarioSpec : RuntimeSpec
{
    private const string Bg = "var isBackgroundPage = true; var started = (typeof started === 'number' ? started : 0) + 1; function foo() { return 'foo'; }";

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario1_no_background_key(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.NoBackground, ""), flavor);
        await e.OpenAsync("popup");
        var result = await e.EvaluateAsync("popup", "browser.runtime.getBackgroundPage().then(w => String(w), err => err instanceof Error)");
        Assert.Equal(flavor == Flavor.Firefox ? "\"null\"" : "true", result);
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario2_terminated_event_page_restarts_on_getBackgroundPage(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg + " var counter = 0;"), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("\"foo\"", await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).foo()"));
        await e.EvaluateAsync("background", "counter = 5");
        await e.CloseAsync("background");
        Assert.DoesNotContain("background", await e.ContextsAsync());
        Assert.Equal("[\"foo\",0]", await e.EvaluateAsync("popup", "(async () => { const w = await browser.runtime.getBackgroundPage(); return [w.foo(), w.counter]; })()"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario3_service_worker_background(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.ServiceWorker, ""), flavor);
        await e.OpenAsync("popup");
        var result = await e.EvaluateAsync("popup", "browser.runtime.getBackgroundPage().then(w => String(w), err => 'rejected')");
        Assert.Equal(flavor == Flavor.Firefox ? "\"null\"" : "\"rejected\"", result);
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario4_popup_in_a_normal_window(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("[true,true]", await e.EvaluateAsync("popup",
            "[(await browser.runtime.getBackgroundPage()).isBackgroundPage, browser.extension.getBackgroundPage().isBackgroundPage]"));
        Assert.Equal("[true,true,2]", await e.EvaluateAsync("popup",
            "(v => [v[0].isBackgroundPage === true, v[1] === window, v.length])(browser.extension.getViews())"));
    }

    [Theory]
    [InlineData(Flavor.Mdn)]
    [InlineData(Flavor.Firefox)]
    public async Task Scenario5_popup_in_a_private_window(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), flavor);
        await e.OpenAsync("popup", isPrivate: true);
        Assert.Equal("[null,null]", await e.EvaluateAsync("popup", "[await browser.runtime.getBackgroundPage(), browser.extension.getBackgroundPage()]"));
        Assert.Equal("[1,true]", await e.EvaluateAsync("popup", "(v => [v.length, v[0] === window])(browser.extension.getViews())"));
    }

    [Fact]
    public async Task Scenario5_chrome_spanning_private_popup_reaches_the_regular_background()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), Flavor.Chrome);
        await e.OpenAsync("popup", isPrivate: true);
        Assert.Equal("[true,true]", await e.EvaluateAsync("popup",
            "[(await browser.runtime.getBackgroundPage()).isBackgroundPage, browser.extension.getBackgroundPage().isBackgroundPage]"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario6_background_views_are_identical_to_both_apis(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("[1,true,true]", await e.EvaluateAsync("popup", """
            (async () => {
              // Both browsers' schemas refuse {type: "background"} (ViewType is tab, popup, sidebar): pick it from all views.
              const views = browser.extension.getViews().filter(view => view.isBackgroundPage);
              const bg = await browser.runtime.getBackgroundPage();
              return [views.length, views[0] === bg, views[0] === browser.extension.getBackgroundPage()];
            })()
            """));
    }
}
