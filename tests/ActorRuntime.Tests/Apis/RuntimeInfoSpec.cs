using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>runtime</c>'s functions about the extension and its browser, per flavour.</summary>
public class RuntimeInfoSpec : RuntimeSpec
{
    [Theory]
    [InlineData(Flavor.Firefox, "\"Firefox\",\"object\"]")]
    [InlineData(Flavor.Chrome, "\"undefined\",\"undefined\"]")]
    public async Task Platform_and_browser_info_per_flavour(Flavor flavor, string browser)
    {
        // The platform is this machine's (CI's and developers' alike: Linux on x86-64).
        var expected = "[\"linux\",\"x86-64\"," + browser;
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background", """
            const platform = await browser.runtime.getPlatformInfo();
            const info = browser.runtime.getBrowserInfo ? await browser.runtime.getBrowserInfo() : undefined;
            [platform.os, platform.arch, info?.name ?? 'undefined', typeof browser.runtime.getBrowserInfo === 'function' ? 'object' : 'undefined']
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "\"undefined\"")]
    [InlineData(Flavor.Chrome, "{\"status\":\"no_update\"}")]
    public async Task RequestUpdateCheck_is_Chromiums_only(Flavor flavor, string expected)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background",
            "browser.runtime.requestUpdateCheck ? await browser.runtime.requestUpdateCheck() : typeof browser.runtime.requestUpdateCheck"));
    }

    [Fact]
    public async Task GetManifest_gives_the_manifest_as_written()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, "", "\"description\": \"a test\", \"permissions\": [\"storage\"],"));
        Assert.Equal("[\"test\",\"a test\",[\"storage\"],2]", await e.EvaluateAsync("background",
            "const m = browser.runtime.getManifest(); [m.name, m.description, m.permissions, m.manifest_version]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task OpenOptionsPage_opens_the_options_context_once(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        Assert.Equal("\"done\"", await e.EvaluateAsync("background", "await browser.runtime.openOptionsPage(); 'done'"));
        Assert.Contains("options", await e.ContextsAsync());
        Assert.Equal("\"again\"", await e.EvaluateAsync("background", "await browser.runtime.openOptionsPage(); 'again'"));
        Assert.Equal("true", await e.EvaluateAsync("options", "location.href.endsWith('/options.html')"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "No `options_ui` declared")]
    [InlineData(Flavor.Chrome, "Could not create an options page.")]
    public async Task OpenOptionsPage_without_an_options_page_fails_with_the_flavours_text(Flavor flavor, string message)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["manifest.json"] = files["manifest.json"].Replace("\"options_ui\": { \"page\": \"options.html\" },", "");
        var e = await Load(files, flavor);
        Assert.Equal($"\"{message}\"", await e.EvaluateAsync("background", "await browser.runtime.openOptionsPage().then(() => 'opened', e => e.message)"));
    }

    [Fact]
    public async Task GetContexts_lists_the_running_contexts_filtered()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Chrome);
        await e.OpenAsync("popup");
        Assert.Equal("[[\"BACKGROUND\",\"POPUP\"],[\"POPUP\"]]", await e.EvaluateAsync("background", """
            [(await chrome.runtime.getContexts({})).map(c => c.contextType),
             (await chrome.runtime.getContexts({ contextTypes: ['POPUP'] })).map(c => c.contextType)]
            """));
    }

    [Fact]
    public async Task SetUninstallURL_takes_http_urls_and_refuses_others()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        Assert.Equal("[\"set\",\"Invalid URL: ftp://x/\"]", await e.EvaluateAsync("background", """
            [await browser.runtime.setUninstallURL('https://example.com/bye').then(() => 'set'),
             await browser.runtime.setUninstallURL('ftp://x/').catch(e => e.message)]
            """));
        Assert.Equal("https://example.com/bye", e.State.Host.UninstallUrl);
    }

    [Theory]
    [InlineData(Flavor.Firefox, "installed {\"reason\":\"update\",\"previousVersion\":\"1.0\",\"temporary\":false}")]
    [InlineData(Flavor.Chrome, "installed {\"reason\":\"update\",\"previousVersion\":\"1.0\"}")]
    public async Task Reload_closes_every_page_and_starts_the_background_again_as_after_an_update(Flavor flavor, string installed)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, """
            globalThis.loadedAt = (globalThis.loads = 1);
            browser.runtime.onInstalled.addListener(details => console.log('installed ' + JSON.stringify(details)));
            browser.runtime.onStartup.addListener(() => console.log('startup'));
            """), flavor);
        await e.SettleAsync();
        await e.OpenAsync("popup");
        await e.EvaluateAsync("background", "globalThis.marker = 'before'; 1");
        var before = Lines("background").Count;
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("popup", "typeof browser.runtime.reload()"));
        await e.SettleAsync();
        Assert.Equal(["background"], await e.ContextsAsync());
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof globalThis.marker"));
        Assert.Equal([installed], Lines("background").Skip(before));
    }
}
