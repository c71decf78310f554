using ActorRuntime.Tests.Support;
using Akka.Configuration;

namespace ActorRuntime.Tests.Storage;

/// <summary>
/// What browsers keep of an extension across a restart, over a real SQLite file and a whole runtime stopped and started
/// again on the same store: Chromium's alarms (Firefox's last for the browser session only), the registered content
/// scripts that persist across sessions, and the declarativeNetRequest dynamic rules (session rules do not survive).
/// </summary>
public sealed class KeptBrowserStateSpec : RuntimeSpec
{
    private static readonly string Database = Path.Combine(Path.GetTempPath(), "actorruntime-tests", "kept-" + Guid.NewGuid().ToString("N") + ".db");
    private static readonly Config Durable = ConfigurationFactory.ParseString($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{Database}\" }}");

    /// <summary>Loads the folder in a runtime over the durable store, runs <paramref name="steps"/>, waits for the saves, and stops the runtime.</summary>
    private async Task Run(ExtensionFolder folder, Flavor flavor, Func<LoadedExtension, Task> steps)
    {
        await using var runtime = ExtensionRuntime.Start(Options(flavor), Durable);
        var e = await runtime.LoadAsync(folder.Path);
        await steps(e);
        await e.SettleAsync();
    }

    private ExtensionFolder Folder(Dictionary<string, string> files) => Folder(files, "kept-" + Guid.NewGuid().ToString("N")[..8]);

    private IReadOnlyList<string> Alarms() => Lines("background").Where(l => l.StartsWith("alarm ", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(Flavor.Chrome)]
    [InlineData(Flavor.Firefox)]
    public async Task Chromium_keeps_alarms_across_a_restart_and_fires_a_missed_one_once_at_start_Firefox_keeps_none(Flavor flavor)
    {
        // Each firing as "alarm <name> <seconds on the clock since it started>".
        var folder = Folder(Manifests.Standard(Manifests.PersistentScripts, """
            chrome.alarms.onAlarm.addListener(a => console.log('alarm ' + a.name + ' ' + (Date.now() - Date.UTC(2026, 0, 1)) / 1000));
            """, "\"permissions\": [\"alarms\"],"));
        await Run(folder, flavor, e => e.EvaluateAsync("background", """
            chrome.alarms.create('missed', { delayInMinutes: 1 });
            chrome.alarms.create('later', { delayInMinutes: 10, periodInMinutes: 10 });
            0
            """));
        // Five minutes pass while the runtime is stopped: 'missed' was due meanwhile.
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(5), () => Task.CompletedTask);

        await using var runtime = ExtensionRuntime.Start(Options(flavor), Durable);
        var again = await runtime.LoadAsync(folder.Path);
        await again.SettleAsync();
        if (flavor != Flavor.Chrome)
        {
            Assert.Equal("[]", await again.EvaluateAsync("background", "(await browser.alarms.getAll()).map(a => a.name)"));
            await again.AdvanceAsync(TimeSpan.FromMinutes(20));
            Assert.Empty(Alarms());
            return;
        }
        Assert.Equal(["alarm missed 300"], Alarms());
        Assert.Equal("""["later"]""", await again.EvaluateAsync("background", "(await chrome.alarms.getAll()).map(a => a.name)"));
        await again.AdvanceAsync(TimeSpan.FromSeconds(299));
        Assert.Single(Alarms());
        await again.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["alarm missed 300", "alarm later 600"], Alarms());
        await again.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal("alarm later 1200", Alarms()[^1]);
    }

    [Theory]
    [InlineData(Flavor.Chrome)]
    [InlineData(Flavor.Firefox)]
    public async Task Registered_scripts_that_persist_across_sessions_are_injected_after_a_restart_and_only_those(Flavor flavor)
    {
        var folder = Folder(new Dictionary<string, string>
        {
            ["manifest.json"] = """
                { "manifest_version": 3, "name": "kept", "version": "1.0", "background": { "scripts": ["background.js"] },
                  "permissions": ["scripting"], "host_permissions": ["https://example.com/*"] }
                """,
            ["background.js"] = "",
            ["kept.js"] = "var kept = 'yes';",
            ["session.js"] = "var session = 'yes';",
        });
        await Run(folder, flavor, e => e.EvaluateAsync("background", """
            await browser.scripting.registerContentScripts([
              { id: 'kept', matches: ['https://example.com/*'], js: ['kept.js'], runAt: 'document_end' },
              { id: 'session', matches: ['https://example.com/*'], js: ['session.js'], persistAcrossSessions: false }]);
            0
            """));

        await using var runtime = ExtensionRuntime.Start(Options(flavor), Durable);
        var again = await runtime.LoadAsync(folder.Path);
        Assert.Equal("""[["kept","document_end",true]]""", await again.EvaluateAsync("background",
            "(await browser.scripting.getRegisteredContentScripts()).map(s => [s.id, s.runAt, s.persistAcrossSessions])"));
        var tab = await again.OpenAsync("tab:https://example.com/page", pageHtml: "<!DOCTYPE html><html><body>page</body></html>");
        Assert.Equal("""["yes","undefined"]""", await again.EvaluateAsync(tab, "[kept, typeof session]"));
    }

    // A rule without resourceTypes matches every type but main_frame.
    private const string Script = """{"type":"script"}""";

    [Theory]
    [InlineData(Flavor.Chrome, "net::ERR_BLOCKED_BY_CLIENT")]
    [InlineData(Flavor.Firefox, "NS_ERROR_ABORT")]
    public async Task Dynamic_rules_still_decide_requests_right_after_a_restart_and_session_rules_are_gone(Flavor flavor, string blocked)
    {
        var folder = Folder(Manifests.Standard(Manifests.PersistentScripts, "", "\"permissions\": [\"declarativeNetRequest\", \"<all_urls>\"],"));
        await Run(folder, flavor, async e =>
        {
            await e.EvaluateAsync("background", """
                await browser.declarativeNetRequest.updateDynamicRules({ addRules: [
                  { id: 1, condition: { urlFilter: '||dynamic.example^' }, action: { type: 'block' } },
                  { id: 2, condition: { urlFilter: '||dropped.example^' }, action: { type: 'block' } }] });
                await browser.declarativeNetRequest.updateDynamicRules({ removeRuleIds: [2] });
                await browser.declarativeNetRequest.updateSessionRules({ addRules: [
                  { id: 3, condition: { urlFilter: '||session.example^' }, action: { type: 'block' } }] });
                0
                """);
            Assert.True((await e.RequestAsync("https://session.example/a.js", Script)).Cancelled);
        });

        await using var runtime = ExtensionRuntime.Start(Options(flavor), Durable);
        var again = await runtime.LoadAsync(folder.Path);
        // The first thing the restarted extension sees: the kept rule is already there.
        var fate = await again.RequestAsync("https://dynamic.example/a.js", Script);
        Assert.Equal((true, blocked), (fate.Cancelled, fate.Error));
        Assert.False((await again.RequestAsync("https://session.example/a.js", Script)).Cancelled);
        Assert.False((await again.RequestAsync("https://dropped.example/a.js", Script)).Cancelled);
        Assert.Equal("""[[1],[]]""", await again.EvaluateAsync("background",
            "[(await browser.declarativeNetRequest.getDynamicRules()).map(r => r.id), await browser.declarativeNetRequest.getSessionRules()]"));
    }

    [Theory]
    [InlineData(Flavor.Chrome)]
    [InlineData(Flavor.Firefox)]
    public async Task An_update_of_the_extension_starts_without_registered_scripts_but_keeps_its_dynamic_rules(Flavor flavor)
    {
        var folder = Folder(new Dictionary<string, string>
        {
            ["manifest.json"] = """
                { "manifest_version": 3, "name": "kept", "version": "1.0", "background": { "scripts": ["background.js"] },
                  "permissions": ["scripting", "storage", "declarativeNetRequest"], "host_permissions": ["https://example.com/*"] }
                """,
            ["background.js"] = "",
            ["kept.js"] = "var kept = 'yes';",
        });
        Task<string> StartOnce(string code) => StartAsHostsDo(folder.Path, flavor, code);

        const string Count = """
            [(await browser.scripting.getRegisteredContentScripts()).length, (await browser.declarativeNetRequest.getDynamicRules()).length]
            """;
        // A storage write answered after the kept state's save (one storage, in order): the save is durable when it is.
        await StartOnce("""
            await browser.scripting.registerContentScripts([{ id: 'kept', matches: ['https://example.com/*'], js: ['kept.js'] }]);
            await browser.declarativeNetRequest.updateDynamicRules({ addRules: [{ id: 1, condition: { urlFilter: 'x' }, action: { type: 'block' } }] });
            await browser.storage.local.set({ flushed: true });
            0
            """);
        Assert.Equal("[1,1]", await StartOnce(Count));
        var manifest = Path.Combine(folder.Path, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"version\": \"1.0\"", "\"version\": \"2.0\""));
        Assert.Equal("[0,1]", await StartOnce(Count));
    }

    [Theory]
    [InlineData(Flavor.Chrome)]
    [InlineData(Flavor.Firefox)]
    public async Task Enabled_static_rulesets_and_disabled_static_rules_are_kept_until_an_update(Flavor flavor)
    {
        var folder = Folder(new Dictionary<string, string>
        {
            ["manifest.json"] = """
                { "manifest_version": 3, "name": "kept", "version": "1.0", "background": { "scripts": ["background.js"] },
                  "permissions": ["declarativeNetRequest", "storage"], "host_permissions": ["<all_urls>"],
                  "declarative_net_request": { "rule_resources": [
                    { "id": "a", "enabled": true, "path": "a.json" }, { "id": "b", "enabled": false, "path": "b.json" }] } }
                """,
            ["background.js"] = "",
            ["a.json"] = """[{ "id": 1, "condition": { "urlFilter": "||a.example^" }, "action": { "type": "block" } }]""",
            ["b.json"] = """
                [{ "id": 1, "condition": { "urlFilter": "||b.example^" }, "action": { "type": "block" } },
                 { "id": 2, "condition": { "urlFilter": "||c.example^" }, "action": { "type": "block" } }]
                """,
        });
        Task<string> StartOnce(string code) => StartAsHostsDo(folder.Path, flavor, code);

        const string State = """
            [await browser.declarativeNetRequest.getEnabledRulesets(), await browser.declarativeNetRequest.getDisabledRuleIds({ rulesetId: 'b' })]
            """;
        Assert.Equal("""[["a"],[]]""", await StartOnce(State));
        // Written before a storage write answered after it (one storage, in order): the save is durable when that is.
        await StartOnce("""
            await browser.declarativeNetRequest.updateEnabledRulesets({ disableRulesetIds: ['a'], enableRulesetIds: ['b'] });
            await browser.declarativeNetRequest.updateStaticRules({ rulesetId: 'b', disableRuleIds: [2] });
            await browser.storage.local.set({ flushed: true });
            0
            """);
        Assert.Equal("""[["b"],[2]]""", await StartOnce(State));
        var manifest = Path.Combine(folder.Path, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"version\": \"1.0\"", "\"version\": \"2.0\""));
        Assert.Equal("""[["a"],[]]""", await StartOnce(State));
    }

    /// <summary>Starts the extension as hosts start extensions (remembering the installed version), evaluates, stops.</summary>
    private async Task<string> StartAsHostsDo(string folder, Flavor flavor, string code)
    {
        await using var runtime = ExtensionRuntime.Start(Options(flavor), Durable);
        var router = runtime.System.ActorOf(ActorRuntime.Lifecycle.ExtensionRouter.Props(runtime.Options));
        await Akka.Actor.Futures.Ask<ActorRuntime.Lifecycle.ExtensionRouter.Protocol.Loaded>(router, new ActorRuntime.Lifecycle.ExtensionRouter.Protocol.Load(folder), AskTimeout);
        var evaluated = await Akka.Actor.Futures.Ask<ActorRuntime.Contexts.ContextActor.Protocol.Evaluated>(router,
            new ActorRuntime.Lifecycle.ExtensionRouter.Protocol.ExtensionEnvelope(Path.GetFileName(folder), new ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.Evaluate("background", code)), AskTimeout);
        return evaluated.Result;
    }
}
