using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary><c>window.close()</c>: views the runtime opened close after the turn, as the browser closes them; a background page ignores it.</summary>
public class WindowCloseSpec : RuntimeSpec
{
    private Task<LoadedExtension> Extension(Flavor flavor = Flavor.Mdn) => Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_popup_closes_after_the_turn_that_asked(Flavor flavor)
    {
        var e = await Extension(flavor);
        await e.OpenAsync("popup");
        // The script goes on to the end of its turn; the window is already "closed" to it.
        Assert.Equal("[false,true,\"still running\"]", await e.EvaluateAsync("popup", "const before = closed; close(); close(); [before, closed, 'still running']"));
        await e.SettleAsync();
        Assert.DoesNotContain("popup", await e.ContextsAsync());
        Assert.Equal("[]", await e.EvaluateAsync("background", "browser.extension.getViews({ type: 'popup' })"));
        // Opened again, it is a new page.
        await e.OpenAsync("popup");
        Assert.Equal("false", await e.EvaluateAsync("popup", "closed"));
    }

    [Fact]
    public async Task Another_page_of_the_extension_can_close_the_popup_through_its_window()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        Assert.Equal("[1,true]", await e.EvaluateAsync("background", "var views = browser.extension.getViews({ type: 'popup' }); views[0].close(); [views.length, views[0].closed]"));
        await e.SettleAsync();
        Assert.DoesNotContain("popup", await e.ContextsAsync());
        Assert.Equal("\"can't access dead object\"", await e.EvaluateAsync("background", "try { views[0].document; 'alive' } catch (x) { x.message }"));
    }

    [Fact]
    public async Task A_popup_that_closes_while_it_loads_opens_then_closes()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.js"] = "console.log('acted'); window.close();";
        var e = await Load(files);
        Assert.Equal("popup", await e.OpenAsync("popup"));
        await e.SettleAsync();
        Assert.DoesNotContain("popup", await e.ContextsAsync());
        Assert.Equal(["acted"], Lines("popup"));
    }

    [Fact]
    public async Task The_background_page_ignores_it()
    {
        var e = await Extension();
        Assert.Equal("false", await e.EvaluateAsync("background", "close(); closed"));
        await e.SettleAsync();
        Assert.Contains("background", await e.ContextsAsync());
        Assert.Equal("\"still here\"", await e.EvaluateAsync("background", "'still here'"));
        Assert.Empty(Lines("background"));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "Scripts may not close windows that were not opened by script.")]
    [InlineData(Flavor.Chrome, "Scripts may close only the windows that were opened by them.")]
    public async Task An_extension_tab_closes_unless_its_history_has_grown(Flavor flavor, string warning)
    {
        var e = await Extension(flavor);
        await e.OpenAsync("page:tab.html");
        await e.EvaluateAsync("page:tab.html", "close()");
        await e.SettleAsync();
        Assert.DoesNotContain("page:tab.html", await e.ContextsAsync());

        await e.OpenAsync("page:tab.html?again");
        Assert.Equal("false", await e.EvaluateAsync("page:tab.html?again", "history.pushState(null, '', '?moved'); close(); closed"));
        await e.SettleAsync();
        Assert.Contains("page:tab.html?again", await e.ContextsAsync());
        Assert.Equal([warning], Lines("page:tab.html?again"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, false)]
    [InlineData(Flavor.Chrome, true)]
    public async Task A_sidebar_closes_only_as_Chromiums_side_panel(Flavor flavor, bool closes)
    {
        var e = await Extension(flavor);
        await e.OpenAsync("sidebar");
        await e.EvaluateAsync("sidebar", "close()");
        await e.SettleAsync();
        Assert.Equal(!closes, (await e.ContextsAsync()).Contains("sidebar"));
    }

    [Fact]
    public async Task A_fresh_tab_closes_from_its_content_script_or_its_own_page_and_a_tab_with_history_stays()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "", "\"content_scripts\": [{ \"matches\": [\"https://example.com/*\"], \"js\": [\"cs.js\"] }],");
        files["cs.js"] = "if (location.search === '?cs') close();";
        var e = await Load(files);
        await e.OpenAsync("tab:https://example.com/?cs");
        await e.OpenAsync("tab:https://example.com/?page", pageHtml: "<!DOCTYPE html><body><script>close();</script></body>");
        await e.OpenAsync("tab:https://example.com/?moved", pageHtml: "<!DOCTYPE html><body><script>history.pushState(null, '', '?elsewhere'); close();</script></body>");
        await e.SettleAsync();
        var open = await e.ContextsAsync();
        Assert.DoesNotContain("content:https://example.com/?cs", open);
        Assert.DoesNotContain("content:https://example.com/?page", open);
        Assert.Contains("content:https://example.com/?moved", open);
        Assert.Equal(["Scripts may not close windows that were not opened by script."], Lines("tab:https://example.com/?moved"));
    }
}
