using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary><c>history</c> of a page: a fresh page's single entry, <c>pushState</c>/<c>replaceState</c> within its origin, and traversal with <c>popstate</c>.</summary>
public class HistorySpec : RuntimeSpec
{
    private async Task<LoadedExtension> Tab(Flavor flavor = Flavor.Mdn)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        await e.OpenAsync("page:tab.html");
        return e;
    }

    private const string Label = "page:tab.html";

    [Fact]
    public async Task A_fresh_page_has_one_entry_and_no_state()
    {
        var e = await Tab();
        Assert.Equal("""[1,null,"auto",true,true,"manual","manual"]""", await e.EvaluateAsync(Label, """
            const out = [history.length, history.state, history.scrollRestoration, history instanceof History, window.history === history];
            history.scrollRestoration = 'manual'; out.push(history.scrollRestoration);
            history.scrollRestoration = 'sideways'; out.push(history.scrollRestoration);
            out
            """));
        // A single entry: nowhere to go back or forward to, and nothing fires.
        await e.EvaluateAsync(Label, "var pops = 0; onpopstate = () => pops++; history.back(); history.forward(); history.go(-1); history.go(0); history.go()");
        await e.SettleAsync();
        Assert.Equal("[0,1]", await e.EvaluateAsync(Label, "[pops, history.length]"));
    }

    [Fact]
    public async Task PushState_and_replaceState_change_the_pages_URL_within_its_origin()
    {
        var e = await Tab();
        var page = e.BaseUrl + "tab.html";
        Assert.Equal($$"""
            [2,{"n":1},false,true,"{{page}}?view=2#top","?view=2","#top","{{page}}?view=2#top","{{page}}?view=2#top"]
            """.Trim(), await e.EvaluateAsync(Label, """
            const given = { n: 1 };
            history.pushState(given, '', '?view=2#top');
            [history.length, history.state, history.state === given, history.state === history.state, location.href, location.search, location.hash,
             document.URL, String(location)]
            """));
        Assert.Equal($$"""
            [2,"replaced","{{page}}?view=3",3,"{{e.BaseUrl}}other.html"]
            """.Trim(), await e.EvaluateAsync(Label, """
            history.replaceState('replaced', '', 'tab.html?view=3');
            const out = [history.length, history.state, location.href];
            history.pushState(null, 'title is unused', '/other.html');
            out.concat(history.length, location.href)
            """));
        // Without a URL the entry keeps the page's.
        Assert.Equal($"[4,\"{e.BaseUrl}other.html\"]", await e.EvaluateAsync(Label, "history.pushState({}, ''); [history.length, location.href]"));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "The operation is insecure.")]
    [InlineData(Flavor.Chrome, "Failed to execute 'pushState' on 'History': A history state object with URL 'https://evil.example/' cannot be created in a document with origin '{0}' and URL '{0}/tab.html'.")]
    public async Task Another_origin_is_a_SecurityError_and_a_state_that_cannot_be_cloned_a_DataCloneError(Flavor flavor, string message)
    {
        var e = await Tab(flavor);
        var expected = string.Format(System.Globalization.CultureInfo.InvariantCulture, message, e.BaseUrl.TrimEnd('/'));
        Assert.Equal($"[\"SecurityError\",\"{expected}\",true,18,1]", await e.EvaluateAsync(Label, """
            try { history.pushState(null, '', 'https://evil.example/'); } catch (x) { [x.name, x.message, x instanceof DOMException, x.code, history.length] }
            """));
        Assert.Equal("[\"DataCloneError\",1]", await e.EvaluateAsync(Label, "try { history.pushState(() => 1, ''); } catch (x) { [x.name, history.length] }"));
        Assert.Equal("\"TypeError\"", await e.EvaluateAsync(Label, "try { history.pushState({}); } catch (x) { x.name }"));
    }

    [Fact]
    public async Task Back_and_forward_traverse_on_a_later_task_firing_popstate_and_hashchange()
    {
        var e = await Tab();
        var page = e.BaseUrl + "tab.html";
        Assert.Equal("[\"\",3]", await e.EvaluateAsync(Label, """
            var events = [];
            addEventListener('popstate', ev => events.push(['popstate', ev.state, location.search + location.hash, ev instanceof PopStateEvent, ev.bubbles]));
            addEventListener('hashchange', ev => events.push(['hashchange', ev.oldURL, ev.newURL, ev instanceof HashChangeEvent]));
            history.pushState({ step: 1 }, '', '?a');
            history.pushState({ step: 2 }, '', '?a#b');
            history.back();
            // Traversal is queued: nothing has moved yet.
            [events.length ? 'moved' : '', history.length]
            """));
        await e.SettleAsync();
        Assert.Equal($$"""
            [["popstate",{"step":1},"?a",true,false],["hashchange","{{page}}?a#b","{{page}}?a",true]]
            """.Trim(), await e.EvaluateAsync(Label, "events"));
        Assert.Equal("""[{"step":1},"?a"]""", await e.EvaluateAsync(Label, "[history.state, location.search]"));
        await e.EvaluateAsync(Label, "events = []; history.go(-1)");
        await e.SettleAsync();
        // Back to the page's own entry: its state is null; only the query changed, so no hashchange.
        Assert.Equal("""[[["popstate",null,"",true,false]],null]""", await e.EvaluateAsync(Label, "[events, history.state]"));
        await e.EvaluateAsync(Label, "events = []; history.go(2)");
        await e.SettleAsync();
        Assert.Equal("""[[["popstate",{"step":2},"?a#b",true,false],["hashchange","__page__","__page__?a#b",true]],3]""".Replace("__page__", page),
            await e.EvaluateAsync(Label, "[events, history.length]"));
        // Pushing after going back drops the entries ahead.
        await e.EvaluateAsync(Label, "history.back()");
        await e.SettleAsync();
        Assert.Equal("3", await e.EvaluateAsync(Label, "history.pushState(null, '', '?c'); history.length"));
    }
}
