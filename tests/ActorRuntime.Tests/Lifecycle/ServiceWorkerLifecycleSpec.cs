using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>Chromium's MV3 service-worker backgrounds (spec section 7) on the virtual clock: start, idle stop, waking events, limits.</summary>
public class ServiceWorkerLifecycleSpec : RuntimeSpec
{
    private static Dictionary<string, string> Worker(string script, string extraManifest = "", Dictionary<string, string>? more = null, string permissions = "\"storage\"")
    {
        var files = new Dictionary<string, string>
        {
            ["manifest.json"] = $$"""
                {"manifest_version": 3, "name": "sw", "version": "1.0", "permissions": [{{permissions}}],
                 "background": {"service_worker": "sw.js"}, "action": {"default_popup": "popup.html"}{{extraManifest}}}
                """,
            ["sw.js"] = script,
            ["popup.html"] = "<!DOCTYPE html><html><body></body></html>",
        };
        foreach (var (name, text) in more ?? []) files[name] = text;
        return files;
    }

    private Task Advance(LoadedExtension e, double ms) => e.AdvanceAsync(TimeSpan.FromMilliseconds(ms));

    private const string SendFromPopup = "chrome.runtime.sendMessage({n: 1}).then(r => JSON.stringify(r), e => 'error: ' + e.message)";

    [Fact]
    public async Task The_worker_global_scope_has_self_and_no_window_document_localStorage_XMLHttpRequest_or_dialogs()
    {
        var e = await Load(Worker("var seen = 'loaded';"), Flavor.Chrome);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Equal("\"undefined undefined undefined undefined undefined undefined\"", await e.EvaluateAsync("background",
            "[typeof window, typeof document, typeof localStorage, typeof XMLHttpRequest, typeof alert, typeof requestAnimationFrame].join(' ')"));
        Assert.Equal("\"[object ServiceWorkerGlobalScope] true function function object function\"", await e.EvaluateAsync("background",
            "[String(self), self === globalThis, typeof fetch, typeof importScripts, typeof chrome.runtime, typeof Response].join(' ')"));
        Assert.Equal("\"chrome-extension\"", await e.EvaluateAsync("background", "location.protocol.slice(0, -1)"));
        // What hands out windows is not exposed to a worker (Chromium's disallow_for_service_workers).
        Assert.Equal("\"undefined undefined undefined\"", await e.EvaluateAsync("background",
            "[typeof chrome.runtime.getBackgroundPage, typeof chrome.extension.getBackgroundPage, typeof chrome.extension.getViews].join(' ')"));
    }

    [Fact]
    public async Task Install_and_activate_fire_before_runtime_onInstalled_at_install_and_not_at_a_wake()
    {
        var e = await Load(Worker("""
            self.addEventListener('install', e => { console.log('install', e instanceof ExtendableEvent); e.waitUntil(Promise.resolve()); });
            self.addEventListener('activate', () => console.log('activate'));
            chrome.runtime.onInstalled.addListener(d => console.log('onInstalled', d.reason));
            chrome.runtime.onMessage.addListener((m, s, respond) => respond('pong'));
            """), Flavor.Chrome);
        await e.SettleAsync();
        Assert.Equal(["install true", "activate", "onInstalled install"], Lines("background"));
        Assert.True(await e.TerminateAsync("background"));
        await e.OpenAsync("popup");
        Assert.Equal("\"\\\"pong\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        Assert.Equal(["install true", "activate", "onInstalled install"], Lines("background"));
    }

    [Fact]
    public async Task A_listener_added_after_an_await_misses_the_message_that_woke_the_worker_and_hears_the_next()
    {
        var e = await Load(Worker("""
            var early = 0, late = 0;
            chrome.runtime.onMessage.addListener((m, s, respond) => { early++; respond('early ' + early); });
            (async () => {
              await chrome.storage.local.get('x');
              chrome.runtime.onMessage.addListener(() => { late++; console.log('late listener ran'); });
            })();
            """), Flavor.Chrome);
        Assert.True(await e.TerminateAsync("background"));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        await e.OpenAsync("popup");
        Assert.Equal("\"\\\"early 1\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        Assert.Equal("\"1 0\"", await e.EvaluateAsync("background", "early + ' ' + late"));
        // The late listener is added once the storage read answers, which a busy machine may not have done yet.
        await e.SettleAsync();
        // Running now: a later message is no waking event, and every listener hears it.
        Assert.Equal("\"\\\"early 2\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        Assert.Equal("\"2 1\"", await e.EvaluateAsync("background", "early + ' ' + late"));
    }

    [Fact]
    public async Task A_late_listener_is_warned_about_when_it_misses_the_event_that_started_the_worker()
    {
        // The worker started for its install: onInstalled comes after activate, whose handler adds a listener too late.
        var e = await Load(Worker("""
            chrome.runtime.onInstalled.addListener(() => console.log('early onInstalled'));
            self.addEventListener('activate', () => chrome.runtime.onInstalled.addListener(() => console.log('late onInstalled')));
            """), Flavor.Chrome);
        await e.SettleAsync();
        Assert.Equal([
            "runtime.onInstalled: 1 listener(s) added after the service worker's initial evaluation missed the event that started it; add listeners synchronously at the top level of the worker script",
            "early onInstalled"], Lines("background"));
    }

    [Fact]
    public async Task A_waking_message_whose_only_listener_came_late_has_no_receiver()
    {
        var e = await Load(Worker("""
            setTimeout(() => chrome.runtime.onMessage.addListener((m, s, respond) => respond('too late')), 0);
            """), Flavor.Chrome);
        Assert.True(await e.TerminateAsync("background"));
        await e.OpenAsync("popup");
        Assert.Equal("\"error: Could not establish connection. Receiving end does not exist.\"", await e.EvaluateAsync("popup", SendFromPopup));
    }

    [Fact]
    public async Task State_is_gone_after_30_s_idle_while_storage_session_survives()
    {
        var e = await Load(Worker("""
            var counter = 0;
            chrome.runtime.onMessage.addListener((m, s, respond) => {
              counter++;
              chrome.storage.session.get('total').then(({ total = 0 }) => chrome.storage.session.set({ total: total + 1 }).then(() => respond(counter + '/' + (total + 1))));
              return true;
            });
            """), Flavor.Chrome);
        await e.OpenAsync("popup");
        Assert.Equal("\"\\\"1/1\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        Assert.Equal("\"\\\"2/2\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        // The open popup does not hold a worker: 30 s without events or API calls stop it.
        await Advance(e, 29_999);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal("\"\\\"1/3\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
    }

    [Fact]
    public async Task An_extension_API_call_at_29_s_keeps_the_worker_alive_for_another_30_s()
    {
        var e = await Load(Worker("""
            var state = 'kept';
            setTimeout(() => chrome.storage.local.get('x'), 29_000);
            """), Flavor.Chrome);
        await Advance(e, 58_999);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Timers_alone_do_not_keep_the_worker_alive()
    {
        var e = await Load(Worker("setInterval(() => {}, 5_000);"), Flavor.Chrome);
        await Advance(e, 30_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task An_event_still_being_handled_after_5_minutes_stops_the_worker()
    {
        var e = await Load(Worker("""
            // Activity every 20 s: the idle rule alone would keep it running.
            setInterval(() => chrome.storage.session.get('x'), 20_000);
            chrome.runtime.onMessage.addListener(() => new Promise(() => {}));
            """), Flavor.Chrome);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "chrome.runtime.sendMessage('hang'); 0");
        await Advance(e, 299_000);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await Advance(e, 1_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Contains("service worker stopped: its runtime.onMessage event was still being handled after 5 min", Lines("background"));
    }

    [Fact]
    public async Task A_fetch_whose_response_takes_longer_than_30_s_stops_the_worker_and_a_quicker_one_does_not()
    {
        var e = await Load(Worker("""
            setInterval(() => chrome.storage.session.get('x'), 10_000);
            var got = [];
            var load = url => fetch(url).then(r => r.json()).then(v => got.push(v.n));
            """, extraManifest: ", \"host_permissions\": [\"https://api.example/*\"]"), Flavor.Chrome);
        e.Respond("https://api.example/quick", ResponseSpec.Json("{\"n\": 1}") with { Delay = TimeSpan.FromSeconds(20) });
        e.Respond("https://api.example/slow", ResponseSpec.Json("{\"n\": 2}") with { Delay = TimeSpan.FromSeconds(40) });
        await e.EvaluateAsync("background", "load('https://api.example/quick'); 0");
        await Advance(e, 20_000);
        Assert.Equal("\"1\"", await e.EvaluateAsync("background", "got.join()"));
        await e.EvaluateAsync("background", "load('https://api.example/slow'); 0");
        await Advance(e, 29_999);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await Advance(e, 1);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Contains("service worker stopped: the response to fetch(\"https://api.example/slow\") had not arrived after 30 s", Lines("background"));
        // The response still comes at 40 s, to a worker that is gone: nothing waits for it, and the extension settles.
        await Advance(e, 10_000);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task A_rejected_listener_promise_in_a_worker_is_reported_as_uncaught()
    {
        var e = await Load(Worker("chrome.runtime.onMessage.addListener(async () => { throw new Error('listener failed'); });"), Flavor.Chrome);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "chrome.runtime.sendMessage('x').catch(() => {}); 0");
        await e.SettleAsync();
        Assert.Single(Lines("background"), line => line.StartsWith("Uncaught (in promise) Error: listener failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_pending_event_steady_activity_keeps_the_worker_past_5_minutes()
    {
        var e = await Load(Worker("setInterval(() => chrome.storage.session.get('x'), 20_000);"), Flavor.Chrome);
        await Advance(e, 600_000);
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
    }

    [Fact]
    public async Task ImportScripts_runs_during_the_initial_evaluation_and_is_refused_afterwards_for_new_scripts()
    {
        var e = await Load(Worker("""
            importScripts('lib/a.js');
            var late = () => { try { importScripts('lib/b.js'); return 'ran'; } catch (err) { return err.name + ': ' + err.message; } };
            var again = () => { importScripts('lib/a.js'); return fromA; };
            var outside = () => { try { importScripts('https://example.com/x.js'); } catch (err) { return err.name; } };
            """, more: new() { ["lib/a.js"] = "var fromA = 'a ran';", ["lib/b.js"] = "var fromB = 'b ran';" }), Flavor.Chrome);
        Assert.Equal("\"a ran\"", await e.EvaluateAsync("background", "fromA"));
        var id = (await e.EvaluateAsync("background", "chrome.runtime.id")).Trim('"');
        Assert.Equal($"\"NetworkError: Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at 'chrome-extension://{id}/lib/b.js' failed to load.\"",
            await e.EvaluateAsync("background", "late()"));
        Assert.Equal("\"a ran\"", await e.EvaluateAsync("background", "again()"));
        Assert.Equal("\"NetworkError\"", await e.EvaluateAsync("background", "outside()"));
    }

    [Fact]
    public async Task A_module_worker_imports_its_graph_refuses_importScripts_and_dynamic_import_and_misses_waking_events_after_a_top_level_await()
    {
        var e = await Load(new Dictionary<string, string>
        {
            ["manifest.json"] = """
                {"manifest_version": 3, "name": "sw", "version": "1.0", "permissions": ["storage"],
                 "background": {"service_worker": "sw.js", "type": "module"}, "action": {"default_popup": "popup.html"}}
                """,
            ["sw.js"] = """
                import { greet } from './lib/greet.js';
                chrome.runtime.onMessage.addListener((m, s, respond) => respond(greet(m.n)));
                globalThis.tryImportScripts = () => { try { importScripts('lib/greet.js'); } catch (err) { return err.name + ': ' + err.message; } };
                globalThis.tryImport = () => import('./lib/other.js').then(() => 'loaded', err => err.name + ': ' + err.message);
                await chrome.storage.local.get('x');
                chrome.runtime.onMessage.addListener(() => console.log('late listener ran'));
                """,
            ["lib/greet.js"] = "import { suffix } from './suffix.js'; export const greet = n => 'hello ' + n + suffix;",
            ["lib/suffix.js"] = "export const suffix = '!';",
            ["lib/other.js"] = "export const other = 1;",
            ["popup.html"] = "<!DOCTYPE html><html><body></body></html>",
        }, Flavor.Chrome);
        Assert.Equal("\"TypeError: Failed to execute 'importScripts' on 'WorkerGlobalScope': Module scripts don't support importScripts().\"",
            await e.EvaluateAsync("background", "tryImportScripts()"));
        Assert.Equal("\"TypeError: import() is disallowed on ServiceWorkerGlobalScope by the HTML specification. See https://github.com/w3c/ServiceWorker/issues/1356.\"",
            await e.EvaluateAsync("background", "tryImport()"));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof greet"));
        Assert.True(await e.TerminateAsync("background"));
        await e.OpenAsync("popup");
        Assert.Equal("\"\\\"hello 1!\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        await e.SettleAsync();
        Assert.DoesNotContain("late listener ran", Lines("background"));
        // The worker runs now: the next message reaches both listeners.
        Assert.Equal("\"\\\"hello 1!\\\"\"", await e.EvaluateAsync("popup", SendFromPopup));
        await e.SettleAsync();
        Assert.Contains("late listener ran", Lines("background"));
    }

    [Fact]
    public async Task A_request_wakes_a_stopped_worker_that_listened_to_webRequest_and_only_its_first_listeners_hear_it()
    {
        var e = await Load(Worker("""
            chrome.webRequest.onBeforeRequest.addListener(d => console.log('heard ' + d.url), { urls: ['<all_urls>'] });
            setTimeout(() => chrome.webRequest.onBeforeRequest.addListener(d => console.log('late ' + d.url), { urls: ['<all_urls>'] }), 0);
            """, extraManifest: ", \"host_permissions\": [\"<all_urls>\"]", permissions: "\"storage\", \"webRequest\""), Flavor.Chrome);
        Assert.True(await e.TerminateAsync("background"));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        await e.RequestAsync("https://example.com/page");
        Assert.Contains("heard https://example.com/page", Lines("background"));
        Assert.DoesNotContain(Lines("background"), line => line.StartsWith("late ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_importing_itself_ends_with_a_RangeError_not_a_crash()
    {
        var e = await Load(Worker("var depth = (self.depth || 0) + 1; self.depth = depth; importScripts('sw.js');"), Flavor.Chrome);
        await e.SettleAsync();
        Assert.Contains(Lines("background"), line => line.StartsWith("Uncaught RangeError: Maximum call stack size exceeded", StringComparison.Ordinal));
        Assert.Contains("Service worker registration failed. Status code: 15", Lines("background"));
        Assert.Equal("33", await e.EvaluateAsync("background", "self.depth"));
    }

    [Fact]
    public async Task A_worker_script_that_throws_fails_its_registration()
    {
        var e = await Load(Worker("throw new Error('boom');"), Flavor.Chrome);
        await e.SettleAsync();
        Assert.Contains("Service worker registration failed. Status code: 15", Lines("background"));
    }

    [Fact]
    public async Task An_event_handler_added_after_the_initial_evaluation_is_warned_about()
    {
        var e = await Load(Worker("setTimeout(() => self.addEventListener('message', () => {}), 0);"), Flavor.Chrome);
        await e.SettleAsync();
        Assert.Contains("Event handler of 'message' event must be added on the initial evaluation of worker script.", Lines("background"));
    }

    [Theory]
    [InlineData(Flavor.Mdn)]
    [InlineData(Flavor.Firefox)]
    public async Task Firefox_runs_no_service_worker_and_says_so(Flavor flavor)
    {
        var e = await Load(Worker("console.log('ran');"), flavor);
        await e.SettleAsync();
        Assert.Contains("background.service_worker is currently disabled. Add background.scripts.", Lines("extension"));
        Assert.Empty(Lines("background"));
        Assert.DoesNotContain("background", await e.ContextsAsync());
    }

    [Theory]
    [InlineData(Flavor.Chrome, "worker")]
    [InlineData(Flavor.Firefox, "scripts")]
    public async Task A_cross_browser_manifest_runs_the_worker_in_Chromium_and_the_scripts_in_Firefox(Flavor flavor, string expected)
    {
        var e = await Load(new Dictionary<string, string>
        {
            ["manifest.json"] = """
                {"manifest_version": 3, "name": "x", "version": "1", "background": {"service_worker": "sw.js", "scripts": ["bg.js"]}}
                """,
            ["sw.js"] = "console.log('worker');",
            ["bg.js"] = "console.log('scripts');",
        }, flavor);
        await e.SettleAsync();
        Assert.Equal([expected], Lines("background"));
    }

    [Fact]
    public async Task GetContexts_lists_a_running_worker_without_document_fields_and_not_a_stopped_one()
    {
        var e = await Load(Worker(""), Flavor.Chrome);
        await e.OpenAsync("popup");
        var id = (await e.EvaluateAsync("popup", "chrome.runtime.id")).Trim('"');
        var running = await e.RuntimeContextsAsync();
        Assert.StartsWith("[{\"contextType\":\"BACKGROUND\",\"contextId\":", running);
        Assert.Contains("\"tabId\":-1,\"windowId\":-1,\"frameId\":-1,\"incognito\":false},{\"contextType\":\"POPUP\"", running);
        Assert.Contains($"\"documentUrl\":\"chrome-extension://{id}/popup.html\"", running);
        Assert.Equal("\"BACKGROUND,POPUP\"", await e.EvaluateAsync("popup", "chrome.runtime.getContexts({}).then(list => list.map(c => c.contextType).join())"));
        Assert.True(await e.TerminateAsync("background"));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.DoesNotContain("BACKGROUND", await e.RuntimeContextsAsync());
    }

    [Fact]
    public async Task A_page_posts_to_the_worker_which_wakes_hears_a_message_event_and_answers_its_client()
    {
        var e = await Load(Worker("""
            var heard = [];
            self.addEventListener('message', event => {
              heard.push(event.data.n);
              console.log('message', event instanceof ExtendableMessageEvent, event.source.type, event.origin === location.origin);
              event.waitUntil(event.source.postMessage({ echo: event.data.n * 2 }));
            });
            """), Flavor.Chrome);
        Assert.True(await e.TerminateAsync("background"));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", """
            navigator.serviceWorker.onmessage = event => console.log('page got', JSON.stringify(event.data), event.source === navigator.serviceWorker.controller);
            navigator.serviceWorker.controller.postMessage({ n: 21 }); 0
            """);
        await e.SettleAsync();
        Assert.Equal(["message true window true"], Lines("background"));
        Assert.Equal(["page got {\"echo\":42} true"], Lines("popup"));
        Assert.Equal("\"21\"", await e.EvaluateAsync("background", "heard.join()"));
        Assert.Equal("true", await e.EvaluateAsync("popup", "navigator.serviceWorker.ready.then(r => r.active.scriptURL.endsWith('/sw.js'))"));
    }

    [Fact]
    public async Task Clients_lists_the_extension_pages()
    {
        var e = await Load(Worker(""), Flavor.Chrome);
        await e.OpenAsync("popup");
        var clients = await e.EvaluateAsync("background", "clients.matchAll().then(list => list.map(c => c.type + ' ' + c.url.split('/').pop()).join())");
        Assert.Equal("\"window popup.html\"", clients);
        Assert.Equal("true", await e.EvaluateAsync("background", "clients.matchAll().then(async ([c]) => (await clients.get(c.id)).url === c.url)"));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task Terminating_an_event_page_runs_onSuspend_first_and_the_next_wake_starts_afresh(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, """
            var counter = 0;
            browser.runtime.onSuspend.addListener(() => console.log('suspending'));
            """), flavor);
        await e.EvaluateAsync("background", "counter = 5");
        Assert.True(await e.TerminateAsync("background"));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.Equal(["suspending"], Lines("background"));
        Assert.False(await e.TerminateAsync("background"));
        Assert.Equal("0", await e.EvaluateAsync("background", "counter"));
    }

    [Fact]
    public async Task A_persistent_background_or_a_view_cannot_be_terminated()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        var persistent = await Assert.ThrowsAsync<ExtensionRequestException>(() => e.TerminateAsync("background"));
        Assert.Contains("persistent background page", persistent.Message);
        var view = await Assert.ThrowsAsync<ExtensionRequestException>(() => e.TerminateAsync("popup"));
        Assert.Contains("only a background can be terminated", view.Message);
    }
}
