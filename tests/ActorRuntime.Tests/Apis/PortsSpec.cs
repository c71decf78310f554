using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Tests.Support;
using Akka.Actor;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>runtime.connect</c>, <c>tabs.connect</c>, <c>tabs.sendMessage</c> and the <c>Port</c> objects.</summary>
public class PortsSpec : RuntimeSpec
{
    private const string EchoServer = """
        var log = [];
        browser.runtime.onConnect.addListener(port => {
          log.push('connect ' + port.name + ' from ' + port.sender.url);
          port.onMessage.addListener((m, p) => { log.push('got ' + JSON.stringify(m)); p.postMessage({ echo: m, same: p === port }); });
          port.onDisconnect.addListener(p => log.push('disconnected, error ' + p.error));
        });
        """;

    private static Dictionary<string, string> Extension(string background, string backgroundKey = Manifests.PersistentScripts)
    {
        var files = new Dictionary<string, string>(Manifests.Standard(backgroundKey, background)) { ["popup.js"] = "", ["options.js"] = "" };
        files["manifest.json"] = files["manifest.json"].Replace("\"manifest_version\": 2,", "\"manifest_version\": 2, \"content_scripts\": [{ \"matches\": [\"https://*/*\"], \"js\": [\"content.js\"] }],");
        files["content.js"] = """
            browser.runtime.onMessage.addListener((m, s, respond) => respond('content got ' + m + ' from ' + s.url));
            browser.runtime.onConnect.addListener(port => port.onMessage.addListener(m => port.postMessage('content echo ' + m)));
            """;
        return files;
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Messages_flow_both_ways_as_copies_with_name_and_sender(Flavor flavor)
    {
        var e = await Load(Extension(EchoServer), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("""{"echo":{"n":1},"same":true}""", await e.EvaluateAsync("popup", """
            window.port = browser.runtime.connect({ name: 'chan' });
            await new Promise(resolve => { port.onMessage.addListener(resolve); port.postMessage({ n: 1 }); })
            """));
        Assert.Equal($$"""["connect chan from {{e.BaseUrl}}popup.html","got {\"n\":1}"]""", await e.EvaluateAsync("background", "log"));
        Assert.Equal("\"chan\"", await e.EvaluateAsync("popup", "port.name"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario_12_connect_with_no_listener_fires_onDisconnect_with_the_error(Flavor flavor)
    {
        var e = await Load(Extension(""), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("\"Could not establish connection. Receiving end does not exist.\"", await e.EvaluateAsync("popup", """
            await new Promise(resolve => browser.runtime.connect().onDisconnect.addListener(p => resolve(p.error.message)))
            """));
    }

    [Fact]
    public async Task Disconnect_fires_the_other_sides_onDisconnect_only_and_a_disconnected_port_refuses_messages()
    {
        var e = await Load(Extension(EchoServer));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "window.mine = []; window.port = browser.runtime.connect({ name: 'x' }); port.onDisconnect.addListener(() => mine.push('own onDisconnect')); port.disconnect(); 0");
        await e.SettleAsync();
        Assert.Equal("""["connect x from """ + e.BaseUrl + """popup.html","disconnected, error null"]""", await e.EvaluateAsync("background", "log"));
        Assert.Equal("[]", await e.EvaluateAsync("popup", "mine"));
        var error = await Assert.ThrowsAsync<ActorRuntime.ScriptFailureException>(() => e.EvaluateAsync("popup", "port.postMessage(1)"));
        Assert.StartsWith("Uncaught Error: Attempt to postMessage on disconnected port", error.Message);
    }

    [Fact]
    public async Task Closing_a_view_disconnects_its_ports()
    {
        var e = await Load(Extension(EchoServer));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "window.port = browser.runtime.connect({ name: 'x' }); 0");
        await e.CloseAsync("popup");
        await e.SettleAsync();
        Assert.EndsWith("\"disconnected, error null\"]", await e.EvaluateAsync("background", "log"));
    }

    [Fact]
    public async Task Firefox_an_idle_open_port_does_not_keep_the_event_page_alive_and_its_end_is_disconnected()
    {
        var e = await Load(Extension(EchoServer, Manifests.EventPageScripts), Flavor.Firefox);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "window.events = []; window.port = browser.runtime.connect({ name: 'x' }); port.onDisconnect.addListener(() => events.push('bg went')); 0");
        await e.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal("[\"bg went\"]", await e.EvaluateAsync("popup", "events"));
    }

    [Fact]
    public async Task Chrome_an_open_port_keeps_the_event_page_alive_until_it_is_disconnected()
    {
        var e = await Load(Extension(EchoServer, Manifests.EventPageScripts), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/");
        await e.EvaluateAsync("content:https://example.com/", "window.port = browser.runtime.connect({ name: 'x' }); 0");
        await e.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await e.EvaluateAsync("content:https://example.com/", "port.disconnect(); 0");
        await e.AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Chrome_a_response_the_background_still_owes_keeps_it_alive_until_given()
    {
        var e = await Load(Extension("browser.runtime.onMessage.addListener((m, s, respond) => { setTimeout(() => respond('late'), 60000); return true; });",
            Manifests.EventPageScripts), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/");
        await e.EvaluateAsync("content:https://example.com/", "window.reply = browser.runtime.sendMessage('slow'); 0");
        await e.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Equal("\"late\"", await e.EvaluateAsync("content:https://example.com/", "await reply"));
        await e.AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Connect_wakes_a_suspended_event_page()
    {
        var e = await Load(Extension(EchoServer, Manifests.EventPageScripts));
        await SuspendIdleEventPage(e);
        await e.OpenAsync("popup");
        Assert.Equal("""{"echo":"hi","same":true}""", await e.EvaluateAsync("popup", """
            await new Promise(resolve => { const p = browser.runtime.connect({ name: 'wake' }); p.onMessage.addListener(resolve); p.postMessage('hi'); })
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, 1)]
    [InlineData(Flavor.Chrome, 2)]
    public async Task Firefox_gives_the_port_to_one_listening_context_Chromium_to_each(Flavor flavor, int ports)
    {
        var e = await Load(Extension("var got = 0; browser.runtime.onConnect.addListener(() => got++);"), flavor);
        await e.OpenAsync("popup");
        await e.OpenAsync("options");
        await e.EvaluateAsync("options", "window.got = 0; browser.runtime.onConnect.addListener(() => got++); 0");
        await e.EvaluateAsync("popup", "browser.runtime.connect(); 0");
        await e.SettleAsync();
        Assert.Equal(ports.ToString(), await e.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).got + browser.extension.getViews().find(v => v.location.href.endsWith('options.html')).got"));
    }

    [Fact]
    public async Task Tabs_sendMessage_and_connect_reach_the_content_scripts_of_that_tab_only()
    {
        var e = await Load(Extension(""));
        await e.OpenAsync("tab:https://example.com/one");
        await e.OpenAsync("tab:https://example.com/two");
        Assert.Equal("\"content got hi from " + e.BaseUrl + "_generated_background_page.html\"",
            await e.EvaluateAsync("background", "await browser.tabs.sendMessage(2, 'hi')"));
        Assert.Equal("\"content echo ping\"", await e.EvaluateAsync("background", """
            await new Promise(resolve => { const p = browser.tabs.connect(1, { name: 't' }); p.onMessage.addListener(resolve); p.postMessage('ping'); })
            """));
        Assert.Equal("\"Could not establish connection. Receiving end does not exist.\"", await e.EvaluateAsync("background", "await browser.tabs.sendMessage(9, 'hi').catch(e => e.message)"));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("content:https://example.com/one", "typeof browser.tabs"));
    }

}
