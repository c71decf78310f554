using ActorRuntime.Contexts;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;
using Akka.Configuration;

namespace ActorRuntime.Tests.Storage;

/// <summary><c>browser.storage</c> over a real SQLite file: durable writes, onChanged everywhere, quotas, restarts.</summary>
public sealed class StorageSpec : RuntimeSpec, IDisposable
{
    private static readonly string Database = Path.Combine(Path.GetTempPath(), "actorruntime-tests", "storage-" + Guid.NewGuid().ToString("N") + ".db");

    public StorageSpec() : base($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{Database}\" }}")
    {
    }

    private static Dictionary<string, string> Extension(string background = "", string name = "") =>
        new(Manifests.Standard(Manifests.PersistentScripts, background)) { ["popup.js"] = "" };

    [Fact]
    public async Task Set_get_remove_clear_and_bytes_in_use()
    {
        var e = await Load(Extension());
        Assert.Equal("""[{"a":1,"b":{"x":[1,"two"]}},{"a":1},{"a":1,"zz":"default"},{"b":{"x":[1,"two"]}},16,{}]""", await e.EvaluateAsync("background", """
            const local = browser.storage.local;
            await local.set({ a: 1, b: { x: [1, 'two'] }, skipped: undefined });
            const all = await local.get(null);
            const one = await local.get('a');
            const withDefaults = await local.get({ a: 0, zz: 'default' });
            await local.remove('a');
            const afterRemove = await local.get();
            const bytes = await local.getBytesInUse(['b']);
            await local.clear();
            [all, one, withDefaults, afterRemove, bytes, await local.get()]
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[\"DataCloneError: Function object could not be cloned.\",\"DataCloneError: Function object could not be cloned.\",{}]")]
    [InlineData(Flavor.Mdn, "[\"DataCloneError: Function object could not be cloned.\",\"DataCloneError: Function object could not be cloned.\",{}]")]
    [InlineData(Flavor.Chrome, "[\"stored\",\"stored\",{\"nested\":{\"a\":1}}]")]
    public async Task Functions_are_refused_by_Firefoxs_structured_clone_and_dropped_by_Chromium(Flavor flavor, string expected)
    {
        var e = await Load(Extension(), Options(flavor));
        Assert.Equal(expected, await e.EvaluateAsync("background", """
            const outcome = p => p.then(() => 'stored', error => `${error.name}: ${error.message}`);
            [await outcome(browser.storage.local.set({ top: () => 1 })), await outcome(browser.storage.local.set({ nested: { a: 1, f() {} } })),
             await browser.storage.local.get(null)]
            """));
    }

    [Fact]
    public async Task A_cyclic_value_is_refused_with_the_key_named()
    {
        var e = await Load(Extension());
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background",
            "const cyclic = { a: 1 }; cyclic.self = cyclic; browser.storage.local.set({ loop: cyclic })"));
        Assert.StartsWith("Uncaught TypeError: storage.local.set: the value of \"loop\" cannot be stored: ", failure.Message);
        Assert.Equal("{}", await e.EvaluateAsync("background", "await browser.storage.local.get(null)"));
    }

    [Fact]
    public async Task A_page_that_replaced_JSON_still_gets_its_change_events_arguments()
    {
        var e = await Load(Extension("var seen = []; JSON.parse = () => 'replaced'; browser.storage.onChanged.addListener((c, area) => seen.push(area, c.k.newValue));"));
        await e.EvaluateAsync("background", "await browser.storage.local.set({ k: 5 })");
        Assert.Equal("[\"local\",5]", await e.EvaluateAsync("background", "seen"));
    }

    [Fact]
    public async Task Areas_are_separate_and_onChanged_fires_in_every_context_with_old_and_new_values()
    {
        var e = await Load(Extension("var changes = []; browser.storage.onChanged.addListener((c, area) => changes.push([area, c]));"));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "window.localChanges = []; browser.storage.local.onChanged.addListener(c => localChanges.push(c)); 0");
        await e.EvaluateAsync("popup", "await browser.storage.local.set({ k: 1 }); await browser.storage.local.set({ k: 2 }); await browser.storage.sync.set({ s: true }); 0");
        await e.SettleAsync();
        Assert.Equal("""[["local",{"k":{"newValue":1}}],["local",{"k":{"newValue":2,"oldValue":1}}],["sync",{"s":{"newValue":true}}]]""",
            await e.EvaluateAsync("background", "changes"));
        Assert.Equal("""[{"k":{"newValue":1}},{"k":{"newValue":2,"oldValue":1}}]""", await e.EvaluateAsync("popup", "localChanges"));
        Assert.Equal("""[{"k":2},{"s":true},{}]""", await e.EvaluateAsync("popup",
            "[await browser.storage.local.get(), await browser.storage.sync.get(), await browser.storage.session.get()]"));
    }

    [Fact]
    public async Task A_change_wakes_a_suspended_event_page_that_listens_for_it_and_only_such_a_page()
    {
        var listening = new Dictionary<string, string>(Manifests.Standard(Manifests.EventPageScripts,
            "console.log('started'); browser.storage.onChanged.addListener((changes, area) => console.log('changed', area, JSON.stringify(changes)));"))
            { ["popup.js"] = "" };
        var e = await Load(listening, name: "listening-" + Guid.NewGuid().ToString("N")[..6]);
        await SuspendIdleEventPage(e);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "await browser.storage.local.set({ k: 1 }); 0");
        await e.SettleAsync();
        Assert.Equal(["started", "started", "changed local {\"k\":{\"newValue\":1}}"], Lines("background"));

        var deaf = await Load(new Dictionary<string, string>(Manifests.Standard(Manifests.EventPageScripts, "")) { ["popup.js"] = "" });
        await SuspendIdleEventPage(deaf);
        await deaf.OpenAsync("popup");
        await deaf.EvaluateAsync("popup", "await browser.storage.local.set({ k: 1 }); 0");
        Assert.DoesNotContain("background", await deaf.ContextsAsync());
    }

    [Fact]
    public async Task Stored_data_survives_a_restart_of_the_whole_runtime_but_session_data_does_not()
    {
        using var folder = new ExtensionFolder(Extension(), "durable-" + Guid.NewGuid().ToString("N")[..8]);
        var config = ConfigurationFactory.ParseString($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{Database}\" }}");
        await using (var first = ExtensionRuntime.Start(Options(Flavor.Mdn), config))
        {
            var e = await first.LoadAsync(folder.Path);
            await e.EvaluateAsync("background", "await browser.storage.local.set({ kept: 'yes' }); await browser.storage.session.set({ gone: 1 }); 0");
        }
        await using var second = ExtensionRuntime.Start(Options(Flavor.Mdn), config);
        var again = await second.LoadAsync(folder.Path);
        Assert.Equal("""[{"kept":"yes"},{}]""", await again.EvaluateAsync("background", "[await browser.storage.local.get(), await browser.storage.session.get()]"));
    }

    [Fact]
    public async Task A_remembered_install_fires_onInstalled_once_per_version_and_onStartup_on_every_start()
    {
        using var folder = new ExtensionFolder(Extension("""
            browser.runtime.onInstalled.addListener(d => console.log('installed', d.reason, d.previousVersion));
            browser.runtime.onStartup.addListener(() => console.log('startup'));
            """), "installs-" + Guid.NewGuid().ToString("N")[..8]);
        var config = ConfigurationFactory.ParseString($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{Database}\" }}");
        async Task<List<string>> StartOnce()
        {
            var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var options = Options(Flavor.Chrome) with { Console = entry => lines.Enqueue(entry.Text) };
            await using var runtime = ExtensionRuntime.Start(options, config);
            var router = runtime.System.ActorOf(ActorRuntime.Lifecycle.ExtensionRouter.Props(options));
            await Akka.Actor.Futures.Ask<ActorRuntime.Lifecycle.ExtensionRouter.Protocol.Loaded>(router, new ActorRuntime.Lifecycle.ExtensionRouter.Protocol.Load(folder.Path), AskTimeout);
            await Akka.Actor.Futures.Ask<ActorRuntime.Contexts.ContextActor.Protocol.Evaluated>(router,
                new ActorRuntime.Lifecycle.ExtensionRouter.Protocol.ExtensionEnvelope(Path.GetFileName(folder.Path), new ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.Evaluate("background", "0")), AskTimeout);
            return lines.ToList();
        }

        Assert.Equal(["installed install undefined", "startup"], await StartOnce());
        Assert.Equal(["startup"], await StartOnce());
        var manifest = Path.Combine(folder.Path, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"version\": \"1.0\"", "\"version\": \"2.0\""));
        Assert.Equal(["installed update 1.0", "startup"], await StartOnce());
    }

    [Theory]
    [InlineData(Flavor.Chrome, "sync", "{ big: 'x'.repeat(9000) }", "QUOTA_BYTES_PER_ITEM quota exceeded")]
    [InlineData(Flavor.Firefox, "sync", "{ big: 'x'.repeat(9000) }", "QuotaExceededError: storage.sync API call exceeded its quota limitations.")]
    [InlineData(Flavor.Chrome, "sync", "Object.fromEntries(Array.from({ length: 513 }, (_, i) => ['k' + i, i]))", "MAX_ITEMS quota exceeded")]
    [InlineData(Flavor.Chrome, "local", "{ big: 'x'.repeat(10485760) }", "QUOTA_BYTES quota exceeded")]
    public async Task Quotas_refuse_the_whole_write_with_the_browsers_text(Flavor flavor, string area, string items, string error)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal($"[\"{error}\",{{}}]", await e.EvaluateAsync("background",
            $"[await browser.storage.{area}.set({items}).then(() => 'stored', e => e.message), await browser.storage.{area}.get()]"));
    }

    [Fact]
    public async Task Quota_constants_per_flavour_and_values_that_cannot_be_stored_are_refused_clearly()
    {
        var chrome = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("[10485760,102400,8192,512]", await chrome.EvaluateAsync("background",
            "[browser.storage.local.QUOTA_BYTES, browser.storage.sync.QUOTA_BYTES, browser.storage.sync.QUOTA_BYTES_PER_ITEM, browser.storage.sync.MAX_ITEMS]"));
        var firefox = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("\"undefined\"", await firefox.EvaluateAsync("background", "typeof browser.storage.local.QUOTA_BYTES"));
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => firefox.EvaluateAsync("background", "const o = {}; o.self = o; browser.storage.local.set({ o })"));
        Assert.StartsWith("Uncaught TypeError: storage.local.set: the value of \"o\" cannot be stored:", failure.Message);
        Assert.Equal("{}", await firefox.EvaluateAsync("background", "await browser.storage.local.get()"));
    }

    [Fact]
    public async Task Content_scripts_get_local_and_sync_but_not_session_and_chrome_callbacks_work()
    {
        var files = Extension();
        files["manifest.json"] = files["manifest.json"].Replace("\"manifest_version\": 2,", "\"manifest_version\": 2, \"content_scripts\": [{ \"matches\": [\"https://*/*\"], \"js\": [\"content.js\"] }],");
        files["content.js"] = "";
        var e = await Load(files, Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/");
        Assert.Equal("[\"object\",\"undefined\",{\"c\":3}]", await e.EvaluateAsync("content:https://example.com/", """
            await new Promise(r => chrome.storage.local.set({ c: 3 }, r));
            [typeof chrome.storage.sync, typeof chrome.storage.session, await new Promise(r => chrome.storage.local.get('c', r))]
            """));
    }

    public new void Dispose()
    {
        base.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (File.Exists(Database)) File.Delete(Database);
    }
}
