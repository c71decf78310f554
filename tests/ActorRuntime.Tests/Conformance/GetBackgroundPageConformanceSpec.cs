using ActorRuntime.Apis;
using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Conformance;

/// <summary>One test per row of the spec's tables 2 and 3, in every flavour.</summary>
public class GetBackgroundPageConformanceSpec : RuntimeSpec
{
    private const string Bg = "var isBackgroundPage = true; function foo() { return 'foo'; }";

    /// <summary>What the async API gives a popup: "window", "null", "undefined" or "rejected: message".</summary>
    private static async Task<string> AsyncResult(LoadedExtension e, string label) => await e.EvaluateAsync(label, """
        browser.runtime.getBackgroundPage().then(
          w => w === null ? "null" : w === undefined ? "undefined" : (w.isBackgroundPage ? "window" : "other"),
          err => "rejected: " + err.message)
        """);

    private static async Task<string> SyncResult(LoadedExtension e, string label) => await e.EvaluateAsync(label, """
        (w => w === null ? "null" : w === undefined ? "undefined" : (w.isBackgroundPage ? "window" : "other"))(browser.extension.getBackgroundPage())
        """);

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Caller_is_the_background_itself_gets_its_own_window(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), flavor);
        Assert.Equal("true", await e.EvaluateAsync("background", "(await browser.runtime.getBackgroundPage()) === window"));
        Assert.Equal("true", await e.EvaluateAsync("background", "browser.extension.getBackgroundPage() === window"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Views_get_the_running_background(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), flavor);
        foreach (var view in new[] { "popup", "options", "sidebar", "page:tab.html" })
        {
            await e.OpenAsync(view);
            Assert.Equal("\"window\"", await AsyncResult(e, view));
            Assert.Equal("\"window\"", await SyncResult(e, view));
        }
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Event_page_not_running_is_woken_by_the_async_api_only(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg + " console.log('bg ran');"), flavor);
        await SuspendIdleEventPage(e);
        await e.OpenAsync("popup");
        Assert.DoesNotContain("background", await e.ContextsAsync());
        // extension.getBackgroundPage never wakes anything.
        Assert.Equal(flavor == Flavor.Chrome ? "\"undefined\"" : "\"null\"", await SyncResult(e, "popup"));
        Assert.DoesNotContain("background", await e.ContextsAsync());
        Assert.Equal("\"window\"", await AsyncResult(e, "popup"));
        Assert.Equal(["bg ran", "bg ran"], Lines("background"));
        Assert.Equal("\"window\"", await SyncResult(e, "popup"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Background_that_fails_to_load(Flavor flavor)
    {
        var files = Manifests.Standard("\"background\": { \"scripts\": [\"missing.js\"], \"persistent\": false },", "");
        var e = await Load(files, flavor);
        await e.OpenAsync("popup");
        Assert.Equal(flavor == Flavor.Chrome ? $"\"rejected: {BackgroundPagePolicy.ChromeFailedToLoad}\"" : "\"other\"", await AsyncResult(e, "popup"));
        Assert.Contains(Lines("background"), l => l.Contains("missing.js"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public Task No_background_key(Flavor flavor) =>
        ExpectNoBackgroundPage(Manifests.NoBackground, flavor, BackgroundPagePolicy.MdnNoBackground);

    [Theory, MemberData(nameof(AllFlavors))]
    public Task Service_worker_background(Flavor flavor) =>
        ExpectNoBackgroundPage(Manifests.ServiceWorker, flavor, BackgroundPagePolicy.MdnServiceWorker);

    /// <summary>Both rows: Firefox resolves null, Chromium rejects with its verbatim text, mdn rejects; the sync API gives null or undefined.</summary>
    private async Task ExpectNoBackgroundPage(string background, Flavor flavor, string mdnMessage)
    {
        var e = await Load(Manifests.Standard(background, ""), flavor);
        await e.OpenAsync("popup");
        var expected = flavor switch
        {
            Flavor.Firefox => "\"null\"",
            Flavor.Chrome => "\"rejected: You do not have a background page.\"",
            _ => $"\"rejected: {mdnMessage}\"",
        };
        Assert.Equal(expected, await AsyncResult(e, "popup"));
        Assert.Equal(flavor == Flavor.Chrome ? "\"undefined\"" : "\"null\"", await SyncResult(e, "popup"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Private_window_caller_spanning(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, Bg), flavor);
        await SuspendIdleEventPage(e);
        await e.OpenAsync("popup", isPrivate: true);
        var expected = flavor == Flavor.Chrome ? "\"window\"" : "\"null\"";
        Assert.Equal(expected, await AsyncResult(e, "popup"));
        // Firefox wakes the background first even though it resolves null; mdn does not.
        Assert.Equal(flavor != Flavor.Mdn, (await e.ContextsAsync()).Contains("background"));
        Assert.Equal(expected, await SyncResult(e, "popup"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Private_window_caller_split(Flavor flavor)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, Bg + " var profile = browser.extension.inIncognitoContext ? 'incognito' : 'regular';", "\"incognito\": \"split\",");
        var e = await Load(files, flavor);
        if (flavor != Flavor.Chrome)
        {
            // Firefox (and so the documented contract here) treats split as not_allowed.
            var refused = await Assert.ThrowsAsync<ExtensionRequestException>(() => e.OpenAsync("popup", isPrivate: true));
            Assert.Contains("does not run in private windows", refused.Message);
            return;
        }
        await e.OpenAsync("popup", isPrivate: true);
        Assert.Equal("\"incognito\"", await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).profile"));
        Assert.Equal("\"incognito\"", await e.EvaluateAsync("popup", "browser.extension.getBackgroundPage().profile"));
        Assert.Equal("\"regular\"", await e.EvaluateAsync("background", "profile"));
        await e.OpenAsync("options");
        Assert.Equal("\"regular\"", await e.EvaluateAsync("options", "browser.extension.getBackgroundPage().profile"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Not_allowed_extensions_never_run_in_private_windows(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg, "\"incognito\": \"not_allowed\","), flavor);
        var refused = await Assert.ThrowsAsync<ExtensionRequestException>(() => e.OpenAsync("popup", isPrivate: true));
        Assert.Contains("not_allowed", refused.Message);
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Content_scripts_have_neither_api(Flavor flavor)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, Bg,
            "\"content_scripts\": [ { \"matches\": [\"*://*.example.com/*\"], \"js\": [\"content.js\"] } ],");
        files["content.js"] = "var injected = location.href;";
        var e = await Load(files, flavor);
        var label = await e.OpenAsync("tab:https://www.example.com/page");
        Assert.Equal("content:https://www.example.com/page", label);
        Assert.Equal("\"https://www.example.com/page\"", await e.EvaluateAsync(label, "injected"));
        Assert.Equal("[\"undefined\",\"undefined\",\"undefined\",\"object\"]", await e.EvaluateAsync(label,
            "[typeof browser.runtime.getBackgroundPage, typeof browser.extension.getBackgroundPage, typeof browser.extension.getViews, typeof browser.runtime]"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Callback_form(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Bg), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("true", await e.EvaluateAsync("popup",
            "new Promise(r => chrome.runtime.getBackgroundPage(w => r(w.isBackgroundPage && chrome.runtime.lastError === undefined)))"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Callback_form_on_error_sets_lastError_during_the_callback(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.NoBackground, ""), flavor);
        await e.OpenAsync("popup");
        var result = await e.EvaluateAsync("popup", """
            new Promise(r => chrome.runtime.getBackgroundPage(function (w) {
              r([arguments.length, chrome.runtime.lastError ? chrome.runtime.lastError.message : null, w === null]);
            })).then(v => v.concat([chrome.runtime.lastError === undefined]))
            """);
        Assert.Equal(flavor switch
        {
            Flavor.Firefox => "[1,null,true,true]",
            Flavor.Chrome => "[0,\"You do not have a background page.\",false,true]",
            _ => $"[0,\"{BackgroundPagePolicy.MdnNoBackground}\",false,true]",
        }, result);
    }
}
