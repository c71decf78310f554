using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>runtime.onInstalled</c> and <c>runtime.onStartup</c> at load, and the event objects every extension page has.</summary>
public class LifecycleEventsSpec : RuntimeSpec
{
    private const string Listeners = """
        browser.runtime.onInstalled.addListener(details => console.log('installed', JSON.stringify(details)));
        chrome.runtime.onStartup.addListener(() => console.log('startup'));
        """;

    [Theory]
    [InlineData(Flavor.Mdn, """installed {"reason":"install","temporary":false}""")]
    [InlineData(Flavor.Firefox, """installed {"reason":"install","temporary":false}""")]
    [InlineData(Flavor.Chrome, """installed {"reason":"install"}""")]
    public async Task Persistent_background_gets_onInstalled_then_onStartup_once_at_load(Flavor flavor, string installed)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Listeners), flavor);
        await e.SettleAsync();
        Assert.Equal([installed, "startup"], Lines("background"));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "1");
        Assert.Equal([installed, "startup"], Lines("background"));
    }

    [Fact]
    public async Task Listeners_added_by_a_view_are_not_called_for_an_install_that_already_happened()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, ""))
        {
            ["popup.js"] = Listeners,
        };
        var e = await Load(files);
        await e.OpenAsync("popup");
        await e.SettleAsync();
        Assert.Empty(Lines("popup"));
    }

    [Fact]
    public async Task Split_incognito_background_gets_neither_event()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, Listeners, "\"incognito\": \"split\",");
        var e = await Load(files, Flavor.Chrome);
        await e.OpenAsync("popup", isPrivate: true);
        await e.SettleAsync();
        Assert.Equal(2, Lines("background").Count);
        Assert.Empty(Lines("background:incognito"));
    }

    [Fact]
    public async Task Event_objects_add_remove_and_report_listeners_and_refuse_non_functions()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        Assert.Equal("[false,true,false,false]", await e.EvaluateAsync("background", """
            var ev = browser.runtime.onStartup, f = () => {};
            var seen = ['hasListeners' in ev];
            ev.addListener(f); ev.addListener(f);
            seen.push(ev.hasListener(f));
            ev.removeListener(f);
            seen.push(ev.hasListener(f), ev.hasListener(() => {}));
            seen
            """));
        var error = await Assert.ThrowsAsync<ActorRuntime.ScriptFailureException>(() => e.EvaluateAsync("background", "browser.runtime.onInstalled.addListener('nope')"));
        Assert.StartsWith("Uncaught Error: Invalid listener for runtime.onInstalled.", error.Message);
        error = await Assert.ThrowsAsync<ActorRuntime.ScriptFailureException>(() => e.EvaluateAsync("background", "browser.runtime.onInstalled.addListener(() => {}, {})"));
        Assert.StartsWith("Uncaught Error: Incorrect argument types for runtime.onInstalled.", error.Message);
        Assert.Equal("true", await e.EvaluateAsync("background", "browser.runtime.onSuspend === chrome.runtime.onSuspend"));
    }

    [Fact]
    public async Task Chromium_event_objects_have_hasListeners_and_ignore_non_functions()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Chrome);
        Assert.Equal("[false,true,false]", await e.EvaluateAsync("background", """
            var ev = chrome.runtime.onStartup, f = () => {};
            var seen = [ev.hasListeners()];
            ev.addListener(f);
            seen.push(ev.hasListeners());
            ev.addListener('nope'); ev.removeListener(f);
            seen.push(ev.hasListeners());
            seen
            """));
    }

    [Fact]
    public async Task A_throwing_listener_is_reported_and_the_next_listener_still_runs()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, """
            browser.runtime.onInstalled.addListener(() => { throw new Error('first'); });
            browser.runtime.onInstalled.addListener(() => console.log('second ran'));
            """));
        await e.SettleAsync();
        Assert.Equal(2, Lines("background").Count);
        Assert.StartsWith("Uncaught Error: first", Lines("background")[0]);
        Assert.Equal("second ran", Lines("background")[1]);
    }
}
