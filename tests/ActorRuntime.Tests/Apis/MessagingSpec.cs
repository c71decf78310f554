using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>runtime.sendMessage</c> / <c>runtime.onMessage</c> between the contexts of an extension (spec section 7).</summary>
public class MessagingSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension(string background, string popup = "", string background_key = Manifests.PersistentScripts)
    {
        var files = new Dictionary<string, string>(Manifests.Standard(background_key, background));
        files["popup.js"] = popup;
        files["options.js"] = "";
        return files;
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task A_synchronous_sendResponse_answers_the_sender_with_id_and_url(Flavor flavor)
    {
        var e = await Load(Extension("""
            browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
              sendResponse({ echo: message.n * 2, from: sender.id, url: sender.url, tab: sender.tab === undefined });
            });
            """), flavor);
        await e.OpenAsync("popup");
        Assert.Equal($$"""{"echo":42,"from":"{{e.RuntimeId}}","url":"{{e.BaseUrl}}popup.html","tab":true}""",
            await e.EvaluateAsync("popup", "await browser.runtime.sendMessage({ n: 21 })"));
    }

    [Fact]
    public async Task Every_other_context_receives_but_never_the_sender_and_the_first_response_wins()
    {
        var e = await Load(Extension(
            "browser.runtime.onMessage.addListener(m => { console.log('bg got', m); });",
            "browser.runtime.onMessage.addListener((m, s, respond) => { console.log('popup got', m); respond('from popup'); });"));
        await e.OpenAsync("popup");
        await e.OpenAsync("options");
        await e.EvaluateAsync("options", "browser.runtime.onMessage.addListener((m, s, respond) => { console.log('options got', m); respond('from options'); }); 0");
        Assert.Equal("\"from popup\"", await e.EvaluateAsync("background", "await browser.runtime.sendMessage('hi')"));
        Assert.Equal(["popup got hi"], Lines("popup"));
        Assert.Equal(["options got hi"], Lines("options"));
        Assert.Empty(Lines("background"));
        Assert.Equal("\"from options\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('again')"));
        Assert.Equal(["bg got again"], Lines("background"));
    }

    [Theory]
    [InlineData("(m, s, respond) => { setTimeout(() => respond('later'), 500); return true; }")]
    [InlineData("async m => { await new Promise(r => setTimeout(r, 500)); return 'later'; }")]
    [InlineData("m => new Promise(r => setTimeout(() => r('later'), 500))")]
    public async Task A_listener_may_answer_later_by_returning_true_or_a_promise(string listener)
    {
        var e = await Load(Extension($"browser.runtime.onMessage.addListener({listener});"));
        await e.OpenAsync("popup");
        Assert.Equal("\"later\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x')"));
    }

    [Fact]
    public async Task The_callback_form_gets_the_response()
    {
        var e = await Load(Extension("browser.runtime.onMessage.addListener((m, s, respond) => respond(m + '!'));"), Flavor.Chrome);
        await e.OpenAsync("popup");
        Assert.Equal("[\"hi!\",\"undefined\"]", await e.EvaluateAsync("popup",
            "await new Promise(r => chrome.runtime.sendMessage('hi', reply => r([reply, typeof chrome.runtime.lastError])))"));
    }

    [Fact]
    public async Task A_listener_may_call_asynchronous_APIs_and_their_answers_come_back_to_its_own_context()
    {
        // The listener runs as a task on the popup's turn; its storage call and wake request must still answer the background.
        var e = await Load(Extension("""
            browser.runtime.onMessage.addListener(async m => {
              await browser.storage.local.set({ last: m });
              const stored = await browser.storage.local.get('last');
              const self = await browser.runtime.getBackgroundPage();
              return [stored.last, self === window];
            });
            """));
        await e.OpenAsync("popup");
        Assert.Equal("[\"hello\",true]", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('hello')"));
    }

    [Fact]
    public async Task A_rejected_listener_promise_rejects_the_sender_with_its_message()
    {
        var e = await Load(Extension("browser.runtime.onMessage.addListener(async () => { throw new Error('bad request'); });"));
        await e.OpenAsync("popup");
        Assert.Equal("\"bad request\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x').catch(e => e.message)"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Scenario_11_no_listener_anywhere_rejects_with_the_exact_text(Flavor flavor)
    {
        var e = await Load(Extension(""), flavor);
        await e.OpenAsync("popup");
        Assert.Equal("\"Could not establish connection. Receiving end does not exist.\"",
            await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x').then(() => 'resolved', e => e.message)"));
        Assert.Equal("\"Could not establish connection. Receiving end does not exist.\"",
            await e.EvaluateAsync("popup", "await new Promise(r => chrome.runtime.sendMessage('x', reply => r(chrome.runtime.lastError.message)))"));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("popup", "typeof chrome.runtime.lastError"));
        // Firefox also takes a trailing callback on browser.*.
        Assert.Equal("\"Could not establish connection. Receiving end does not exist.\"",
            await e.EvaluateAsync("popup", "await new Promise(r => browser.runtime.sendMessage('x', () => r(browser.runtime.lastError.message)))"));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "resolved undefined")]
    [InlineData(Flavor.Firefox, "resolved undefined")]
    [InlineData(Flavor.Chrome, "The message port closed before a response was received.")]
    public async Task Listeners_that_do_not_answer(Flavor flavor, string expected)
    {
        var e = await Load(Extension("browser.runtime.onMessage.addListener(() => {});"), flavor);
        await e.OpenAsync("popup");
        Assert.Equal($"\"{expected}\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x').then(v => 'resolved ' + v, e => e.message)"));
    }

    [Fact]
    public async Task A_receiver_closed_before_answering_releases_the_sender()
    {
        var e = await Load(Extension("", "browser.runtime.onMessage.addListener(() => true);"), Flavor.Chrome);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("background", "window.pending = browser.runtime.sendMessage('x').then(v => 'resolved', e => e.message); 0");
        await e.CloseAsync("popup");
        Assert.Equal("\"The message port closed before a response was received.\"", await e.EvaluateAsync("background", "await pending"));
    }

    [Fact]
    public async Task Scenario_11_a_message_wakes_a_suspended_event_page_even_without_a_listener()
    {
        var e = await Load(Extension("console.log('bg loaded');", background_key: Manifests.EventPageScripts));
        await SuspendIdleEventPage(e);
        await e.OpenAsync("popup");
        Assert.Equal("\"Could not establish connection. Receiving end does not exist.\"",
            await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x').then(() => 'resolved', e => e.message)"));
        Assert.Equal(["bg loaded", "bg loaded"], Lines("background"));
        Assert.Contains("background", await e.ContextsAsync());
    }

    [Fact]
    public async Task A_woken_event_page_gets_the_message_once_its_listeners_are_registered()
    {
        var e = await Load(Extension("var count = 0; browser.runtime.onMessage.addListener((m, s, respond) => respond(++count));", background_key: Manifests.EventPageScripts));
        await SuspendIdleEventPage(e);
        await e.OpenAsync("popup");
        Assert.Equal("1", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x')"));
        Assert.Equal("2", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('x')"));
    }

    [Fact]
    public async Task Scenario_10_a_message_during_an_async_onSuspend_cancels_and_gets_its_reply_and_suspension_proceeds_later()
    {
        var e = await Load(Extension("""
            browser.runtime.onSuspend.addListener(() => new Promise(r => setTimeout(r, 3000)));
            browser.runtime.onSuspendCanceled.addListener(() => console.log('suspend canceled'));
            browser.runtime.onMessage.addListener((m, s, respond) => respond('pong'));
            """, background_key: Manifests.EventPageScripts));
        await e.OpenAsync("popup");
        await e.AdvanceAsync(TimeSpan.FromSeconds(31));
        Assert.Equal(BackgroundPhase.Suspending, await Phase(e));
        Assert.Equal("\"pong\"", await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('ping')"));
        Assert.Equal(["suspend canceled"], Lines("background"));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await e.AdvanceAsync(TimeSpan.FromSeconds(33));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Incoming_messages_reset_Firefox_idle_timer()
    {
        var e = await Load(Extension("browser.runtime.onMessage.addListener((m, s, respond) => respond('ok'));", background_key: Manifests.EventPageScripts), Flavor.Firefox);
        await e.OpenAsync("popup");
        await e.AdvanceAsync(TimeSpan.FromSeconds(20));
        await e.EvaluateAsync("popup", "await browser.runtime.sendMessage('keep alive')");
        await e.AdvanceAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        await e.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task A_pending_async_response_of_the_background_resets_Firefox_idle_timer_when_it_settles()
    {
        var e = await Load(Extension("browser.runtime.onMessage.addListener(() => new Promise(r => setTimeout(() => r('done'), 25000)));",
            background_key: Manifests.EventPageScripts), Flavor.Firefox);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "window.reply = browser.runtime.sendMessage('slow'); 0");
        await e.AdvanceAsync(TimeSpan.FromSeconds(54));
        Assert.Equal(BackgroundPhase.Running, await Phase(e));
        Assert.Equal("\"done\"", await e.EvaluateAsync("popup", "await reply"));
        await e.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
    }

    [Fact]
    public async Task Content_scripts_message_the_extension_with_their_tab_and_do_not_receive_runtime_messages()
    {
        var files = Extension("browser.runtime.onMessage.addListener((m, s, respond) => respond([s.tab.id, s.tab.url, s.frameId, s.url]));");
        files["manifest.json"] = files["manifest.json"].Replace("\"manifest_version\": 2,", "\"manifest_version\": 2, \"content_scripts\": [{ \"matches\": [\"https://*/*\"], \"js\": [\"content.js\"] }],");
        files["content.js"] = "browser.runtime.onMessage.addListener(() => console.log('content got a runtime message'));";
        var e = await Load(files);
        await e.OpenAsync("tab:https://example.com/a");
        Assert.Equal("""[1,"https://example.com/a",0,"https://example.com/a"]""",
            await e.EvaluateAsync("content:https://example.com/a", "await browser.runtime.sendMessage('hello')"));
        await e.EvaluateAsync("background", "await browser.runtime.sendMessage('x').catch(() => 0)");
        Assert.Empty(Lines("content:https://example.com/a"));
    }

}
