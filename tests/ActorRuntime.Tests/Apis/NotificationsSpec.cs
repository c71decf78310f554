using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>notifications</c>: what the extension shows is kept with it and printed on the console; each flavour's ids, answers
/// and events (<c>onClosed</c> on clear, Firefox's <c>onShown</c>); the host's clicks and closes.
/// </summary>
public class NotificationsSpec : RuntimeSpec
{
    private const string Listeners = """
        chrome.notifications.onClosed.addListener((id, byUser) => console.log('closed ' + id + ' ' + byUser));
        if (chrome.notifications.onShown) chrome.notifications.onShown.addListener(id => console.log('shown ' + id));
        chrome.notifications.onClicked.addListener(id => console.log('clicked ' + id));
        """;

    private static Dictionary<string, string> Extension(string background = Listeners, string backgroundKey = Manifests.PersistentScripts) =>
        Manifests.Standard(backgroundKey, background, "\"permissions\": [\"notifications\"],");

    private const string Basic = "{ type: 'basic', iconUrl: 'icon.png', title: 'Hello', message: 'World' }";

    [Theory]
    [InlineData(Flavor.Firefox, "[\"shown 0\",\"shown mine\",\"closed mine true\"]")]
    [InlineData(Flavor.Mdn, "[\"shown 0\",\"shown mine\",\"closed mine false\"]")]
    public async Task Firefox_numbers_its_notifications_gives_their_options_and_fires_onShown_and_onClosed(Flavor flavor, string events)
    {
        var e = await Load(Extension(), flavor);
        await e.SettleAsync();
        // Each notification's options, as they were given (the keys put in one order here).
        Assert.Equal("""["0","mine",["0","mine"],{"iconUrl":"icon.png","message":"World","title":"Hello","type":"basic"},{"message":"Two","title":"Second","type":"basic"}]""",
            await e.EvaluateAsync("background", $"""
            const sorted = o => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a < b ? -1 : 1));
            const ids = [await browser.notifications.create({Basic}), await browser.notifications.create('mine', {"{"} type: 'basic', title: 'Second', message: 'Two' {"}"})];
            const all = await browser.notifications.getAll();
            [...ids, Object.keys(all), sorted(all['0']), sorted(all.mine)]
            """));
        Assert.Equal("[true,false,\"undefined\",\"undefined\"]", await e.EvaluateAsync("background",
            "[await browser.notifications.clear('mine'), await browser.notifications.clear('mine'), typeof browser.notifications.update, typeof browser.notifications.getPermissionLevel]"));
        await e.SettleAsync();
        Assert.Equal(events, System.Text.Json.JsonSerializer.Serialize(Lines("background")));
        Assert.Contains("notification 0: Hello - World", Lines("runtime"));
        Assert.Contains("notification mine: Second - Two", Lines("runtime"));
    }

    [Fact]
    public async Task Chromium_gives_a_GUID_answers_true_per_id_updates_and_closes_as_the_extension_not_the_user()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.SettleAsync();
        var id = System.Text.Json.JsonSerializer.Deserialize<string>(await e.EvaluateAsync("background", $"await chrome.notifications.create({Basic})"))!;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", id);
        Assert.Equal($$"""[true,false,{"{{id}}":true},"granted","undefined"]""", await e.EvaluateAsync("background", $$"""
            [await chrome.notifications.update('{{id}}', { title: 'Changed' }), await chrome.notifications.update('nope', { title: 'X' }),
             await chrome.notifications.getAll(), await chrome.notifications.getPermissionLevel(), typeof chrome.notifications.onShown]
            """));
        Assert.Equal($"notification {id}: Changed - World", Lines("runtime").Last());
        Assert.Equal("true", await e.EvaluateAsync("background", $"await chrome.notifications.clear('{id}')"));
        await e.SettleAsync();
        Assert.Equal([$"closed {id} false"], Lines("background"));
    }

    [Fact]
    public async Task Chromium_checks_what_its_browser_checks()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("""["Some of the required properties are missing: type, iconUrl, title and message.","List items provided for notification type != list","The progress value should not be specified for non-progress notification","The notification's ID should be 500 characters or less"]""",
            await e.EvaluateAsync("background", $$"""
            const failure = p => p.then(() => 'created', e => e.message);
            [await failure(chrome.notifications.create({ type: 'basic', title: 'T', message: 'M' })),
             await failure(chrome.notifications.create({ type: 'basic', iconUrl: 'i.png', title: 'T', message: 'M', items: [{ title: 'a', message: 'b' }] })),
             await failure(chrome.notifications.create({ type: 'basic', iconUrl: 'i.png', title: 'T', message: 'M', progress: 50 })),
             await failure(chrome.notifications.create('x'.repeat(501), {{Basic}}))]
            """));
        Assert.Empty(Lines("runtime"));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task The_host_clicks_and_closes_a_notification_the_user_closed_is_gone(Flavor flavor)
    {
        var e = await Load(Extension(), flavor);
        await e.EvaluateAsync("background", $"await browser.notifications.create('n', {Basic}); 1");
        await e.FireAsync("notifications.onClicked", "[\"n\"]");
        Assert.Equal("[null]", await e.FireAsync("notifications.onClosed", "[\"n\", true]"));
        Assert.Contains("clicked n", Lines("background"));
        Assert.Contains("closed n true", Lines("background"));
        Assert.Equal("{}", await e.EvaluateAsync("background", "await browser.notifications.getAll()"));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task Notifications_outlive_a_suspended_event_page(Flavor flavor)
    {
        var e = await Load(Extension("chrome.runtime.onInstalled.addListener(() => chrome.notifications.create('kept', { type: 'basic', iconUrl: 'i.png', title: 'T', message: 'M' }));",
            Manifests.EventPageScripts), flavor);
        await e.SettleAsync();
        await SuspendIdleEventPage(e);
        Assert.Equal("[\"kept\"]", await e.EvaluateAsync("background", "Object.keys(await browser.notifications.getAll())"));
    }

    [Fact]
    public async Task Past_the_limit_of_shown_notifications_creating_one_more_is_refused_naming_the_key()
    {
        var e = await Load(Extension(), Options(Flavor.Firefox) with { BrowserUi = BrowserUiLimits.Default with { MaxNotifications = 2 } });
        Assert.Equal("\"notifications.create: the extension already shows 2 notifications, the most it may (actorruntime.notifications.max-shown)\"",
            await e.EvaluateAsync("background", $$"""
            await browser.notifications.create('a', {{Basic}});
            await browser.notifications.create('b', {{Basic}});
            // Replacing one is no more.
            await browser.notifications.create('a', {{Basic}});
            await browser.notifications.create('c', {{Basic}}).then(() => 'created', e => e.message)
            """));
        Assert.Null(e.State.HostIfAny?.MenusIfAny);
    }
}
