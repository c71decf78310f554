using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>menus</c> / <c>contextMenus</c>: the tree kept with the extension (through suspensions), each flavour's ids, defaults
/// and errors, and clicks the host fires as a user's (<c>menus.onClicked</c>), with the browser's part done first.
/// </summary>
public class MenusSpec : RuntimeSpec
{
    private const string Permissions = "\"permissions\": [\"menus\", \"contextMenus\"],";

    private static Dictionary<string, string> Extension(string background = "", string backgroundKey = Manifests.PersistentScripts) =>
        Manifests.Standard(backgroundKey, background, Permissions);

    /// <summary>What a callback's lastError said, or "ok".</summary>
    private const string LastError = "new Promise(r => {0}, () => r(chrome.runtime.lastError ? chrome.runtime.lastError.message : 'ok')))";

    private static string Created(string api, string properties) => string.Format(LastError, $"{api}.create({properties}");

    private static string Json(params string[] texts) =>
        System.Text.Json.JsonSerializer.Serialize(texts, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public async Task Firefox_returns_the_given_id_or_numbers_the_item_and_keeps_the_tree_with_its_defaults()
    {
        var e = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("""["root",1,2,true]""", await e.EvaluateAsync("background", """
            [browser.menus.create({ id: 'root', title: 'Root' }), browser.menus.create({ title: 'A', parentId: 'root', contexts: ['link', 'link'] }),
             browser.contextMenus.create({ title: 'B', parentId: 'root' }), browser.menus.onClicked === browser.contextMenus.onClicked]
            """));
        await e.SettleAsync();
        // A child without contexts takes its parent's; Firefox's default is every context.
        Assert.Equal("""[{"id":"root","title":"Root","contexts":["all"],"children":[{"id":1,"title":"A","contexts":["link"],"children":[]},{"id":2,"title":"B","contexts":["all"],"children":[]}]}]""",
            e.Menus());
    }

    [Theory]
    [InlineData(Flavor.Firefox, "ID already exists: root", "Cannot find menu item with id nope", "MenuItem cannot be an ancestor (or self) of its new parent.", "Invalid url pattern: nope")]
    [InlineData(Flavor.Chrome, "Cannot create item with duplicate id root", "Cannot find menu item with id nope", "", "Invalid url pattern 'nope'")]
    public async Task Each_flavour_refuses_a_duplicate_an_unknown_parent_a_cycle_and_a_bad_pattern_with_its_text(Flavor flavor, string duplicate,
        string unknownParent, string cycle, string pattern)
    {
        var e = await Load(Extension(), flavor);
        await e.EvaluateAsync("background", "chrome.contextMenus.create({ id: 'root', title: 'Root' }); chrome.contextMenus.create({ id: 'child', title: 'C', parentId: 'root' }); 1");
        var api = flavor == Flavor.Chrome ? "chrome.contextMenus" : "browser.menus";
        Assert.Equal(Json(duplicate, unknownParent, pattern), await e.EvaluateAsync("background", $$"""
            [await {{Created("chrome.contextMenus", "{ id: 'root', title: 'again' }")}},
             await {{Created("chrome.contextMenus", "{ id: 'x', title: 'X', parentId: 'nope' }")}},
             await {{Created("chrome.contextMenus", "{ id: 'y', title: 'Y', documentUrlPatterns: ['nope'] }")}}]
            """));
        Assert.Equal(Json(cycle, "Cannot find menu item with id nope", "Cannot find menu item with id nope"),
            await e.EvaluateAsync("background", $$"""
            [await {{api}}.update('root', { parentId: 'child' }).then(() => 'moved', e => e.message),
             await {{api}}.update('nope', { title: 'T' }).then(() => 'updated', e => e.message),
             await {{api}}.remove('nope').then(() => 'removed', e => e.message)]
            """));
        // What failed changed nothing.
        Assert.Equal(2, e.State.Host.Menus.Count);
    }

    [Fact]
    public async Task An_error_nobody_checks_is_printed_as_the_flavour_prints_it()
    {
        var e = await Load(Extension("""
            chrome.contextMenus.create({ id: 'a', title: 'A' });
            chrome.contextMenus.create({ id: 'a', title: 'A' });
            """), Flavor.Chrome);
        await e.SettleAsync();
        Assert.Contains("Unchecked runtime.lastError: Cannot create item with duplicate id a", Lines("background"));
    }

    [Fact]
    public async Task Chromium_defaults_to_the_page_requires_titles_checks_parents_and_keeps_one_radio_item_checked()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("""["All menu items except for separators must have a title","Parent items must have type \"normal\"","Only items with type \"radio\" or \"checkbox\" can be checked"]""",
            await e.EvaluateAsync("background", $$"""
            chrome.contextMenus.create({ id: 'r1', type: 'radio', title: 'R1' });
            chrome.contextMenus.create({ id: 'r2', type: 'radio', title: 'R2', checked: true });
            chrome.contextMenus.create({ id: 'r3', type: 'radio', title: 'R3' });
            chrome.contextMenus.create({ id: 'sep', type: 'separator' });
            chrome.contextMenus.create({ id: 'plain', title: 'Plain' });
            [await {{Created("chrome.contextMenus", "{ id: 'untitled' }")}},
             await {{Created("chrome.contextMenus", "{ id: 'under', title: 'U', parentId: 'r1' }")}},
             await chrome.contextMenus.update('plain', { checked: true }).then(() => 'ok', e => e.message)]
            """));
        // The last checked radio item keeps its group's check; the separator needed no title.
        Assert.Equal("""[{"id":"r1","title":"R1","type":"radio","contexts":["page"],"checked":false,"children":[]},{"id":"r2","title":"R2","type":"radio","contexts":["page"],"checked":true,"children":[]},{"id":"r3","title":"R3","type":"radio","contexts":["page"],"checked":false,"children":[]},{"id":"sep","title":null,"type":"separator","contexts":["page"],"children":[]},{"id":"plain","title":"Plain","contexts":["page"],"children":[]}]""",
            e.Menus());
        await e.EvaluateAsync("background", "await chrome.contextMenus.remove('r2'); 1");
        Assert.Contains("\"id\":\"r1\",\"title\":\"R1\",\"type\":\"radio\",\"contexts\":[\"page\"],\"checked\":true", e.Menus());
    }

    [Theory]
    [InlineData(Flavor.Firefox, "menus.create requires an id for non-persistent background scripts.", "The menu id a already exists in menus.create.")]
    [InlineData(Flavor.Chrome, "Extensions using event pages or Service Workers must pass an id parameter to chrome.contextMenus.create", "Cannot create item with duplicate id a")]
    public async Task An_event_page_must_name_its_items_and_its_menu_outlives_its_suspension(Flavor flavor, string idRequired, string duplicate)
    {
        var e = await Load(Extension("""
            chrome.runtime.onInstalled.addListener(() => chrome.contextMenus.create({ id: 'a', title: 'A', type: 'checkbox' }));
            chrome.contextMenus.onClicked.addListener(info => { console.log('clicked ' + JSON.stringify(info)); return 'heard'; });
            """, Manifests.EventPageScripts), flavor);
        await e.SettleAsync();
        Assert.Equal(Json(idRequired, duplicate), await e.EvaluateAsync("background", $$"""
            [await {{Created("chrome.contextMenus", "{ title: 'nameless' }")}}, await {{Created("chrome.contextMenus", "{ id: 'a', title: 'again' }")}}]
            """));
        await SuspendIdleEventPage(e);
        Assert.Contains("\"id\":\"a\"", e.Menus());
        // The click wakes the page that listened; the checkbox was toggled before it fired.
        Assert.Equal("[\"heard\"]", await e.FireAsync("menus.onClicked", """[{"menuItemId": "a", "pageUrl": "https://example.com/"}]"""));
        var modifiers = flavor == Flavor.Chrome ? "" : ",\"modifiers\":[],\"button\":0";
        Assert.Contains($"clicked {{\"menuItemId\":\"a\",\"pageUrl\":\"https://example.com/\",\"editable\":false{modifiers},\"wasChecked\":false,\"checked\":true}}", Lines("background"));
        Assert.Contains("\"checked\":true", e.Menus());
    }

    [Theory]
    [InlineData(Flavor.Firefox, "Property \\\"onclick\\\" cannot be used in contextMenus.create, replace with an \\\"onClicked\\\" event listener.")]
    [InlineData(Flavor.Chrome, "Extensions using event pages or Service Workers cannot pass an onclick parameter to chrome.contextMenus.create. Instead, use the chrome.contextMenus.onClicked event.")]
    public async Task An_event_page_cannot_give_an_onclick(Flavor flavor, string refusal)
    {
        var e = await Load(Extension(backgroundKey: Manifests.EventPageScripts), flavor);
        // Firefox refuses it at once, Chromium in the browser (the callback's lastError).
        Assert.Equal($"\"{refusal}\"", await e.EvaluateAsync("background", $$"""
            (async () => { try { return await {{Created("chrome.contextMenus", "{ id: 'a', title: 'A', onclick: () => {} }")}}; } catch (e) { return e.message; } })()
            """));
        Assert.Equal(0, e.State.HostIfAny?.MenusIfAny?.Count ?? 0);
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_persistent_background_s_onclick_hears_its_item_s_clicks_before_onClicked(Flavor flavor)
    {
        var e = await Load(Extension("""
            chrome.contextMenus.create({ id: 'a', title: 'A', onclick: (info, tab) => console.log('onclick ' + info.menuItemId + ' ' + tab.id) });
            chrome.contextMenus.create({ id: 'b', title: 'B' });
            chrome.contextMenus.onClicked.addListener(info => console.log('onClicked ' + info.menuItemId));
            """), flavor);
        await e.SettleAsync();
        await e.FireAsync("contextMenus.onClicked", """[{"menuItemId": "a"}, {"id": 7}]""");
        await e.FireAsync("contextMenus.onClicked", """[{"menuItemId": "b"}]""");
        Assert.Equal(["onclick a 7", "onClicked a", "onClicked b"], Lines("background"));
    }

    [Fact]
    public async Task A_click_on_what_a_user_could_not_click_is_refused_with_one_line()
    {
        var e = await Load(Extension("""
            browser.menus.create({ id: 'parent', title: 'P' });
            browser.menus.create({ id: 'child', title: 'C', parentId: 'parent', enabled: false });
            browser.menus.create({ id: 'sep', type: 'separator' });
            """), Flavor.Firefox);
        await e.SettleAsync();
        async Task<string> Refusal(string id) =>
            (await Assert.ThrowsAsync<ExtensionRequestException>(() => e.FireAsync("menus.onClicked", $$"""[{"menuItemId": {{id}}}]"""))).Message;
        Assert.Equal("the extension has no menu item with id \"nope\"", await Refusal("\"nope\""));
        Assert.Equal("menu item \"parent\" opens a submenu: a user clicks the items in it", await Refusal("\"parent\""));
        Assert.Equal("menu item \"child\" is disabled", await Refusal("\"child\""));
        Assert.Equal("menu item \"sep\" is a separator: a user cannot click it", await Refusal("\"sep\""));
        Assert.StartsWith("a menu click is fired with [info, tab?]", (await Assert.ThrowsAsync<ExtensionRequestException>(() => e.FireAsync("menus.onClicked", "[{}]"))).Message);
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_radio_click_selects_its_item_and_unchecks_its_group(Flavor flavor)
    {
        var e = await Load(Extension("""
            for (const id of ['r1', 'r2']) chrome.contextMenus.create({ id, title: id, type: 'radio', checked: id === 'r1' });
            chrome.contextMenus.create({ id: 'after', title: 'After', type: 'separator' });
            chrome.contextMenus.create({ id: 'r3', title: 'r3', type: 'radio', checked: true });
            chrome.contextMenus.onClicked.addListener(info => [info.wasChecked, info.checked]);
            """), flavor);
        await e.SettleAsync();
        Assert.Equal("[[false,true]]", await e.FireAsync("contextMenus.onClicked", """[{"menuItemId": "r2"}]"""));
        var menus = e.Menus();
        Assert.Contains("\"id\":\"r1\",\"title\":\"r1\",\"type\":\"radio\",\"contexts\":", menus);
        Assert.Matches("\"id\":\"r1\"[^}]*\"checked\":false", menus);
        Assert.Matches("\"id\":\"r2\"[^}]*\"checked\":true", menus);
        // Another group, past the separator, is untouched.
        Assert.Matches("\"id\":\"r3\"[^}]*\"checked\":true", menus);
    }

    [Fact]
    public async Task The_limits_on_items_and_depth_are_refused_naming_their_keys()
    {
        var options = Options(Flavor.Firefox) with { BrowserUi = BrowserUiLimits.Default with { MaxMenuItems = 3, MaxMenuDepth = 2 } };
        var e = await Load(Extension(), options);
        Assert.Equal("""["menu items may nest at most 2 levels deep (actorruntime.menus.max-depth)","menus.create: the extension already has 3 menu items, the most it may (actorruntime.menus.max-items)"]""",
            await e.EvaluateAsync("background", $$"""
            browser.menus.create({ id: 'a', title: 'A' });
            browser.menus.create({ id: 'b', title: 'B', parentId: 'a' });
            const deep = await {{Created("chrome.contextMenus", "{ id: 'c', title: 'C', parentId: 'b' }")}};
            browser.menus.create({ id: 'd', title: 'D' });
            [deep, await {{Created("chrome.contextMenus", "{ id: 'e', title: 'E' }")}}]
            """));
    }

    [Fact]
    public async Task A_host_script_reads_the_tree_and_clicks_an_item()
    {
        var e = await Load(Extension("""
            browser.menus.create({ id: 'a', title: 'A' });
            browser.menus.onClicked.addListener(info => console.log('clicked ' + info.menuItemId + ' on ' + info.pageUrl));
            """), Flavor.Firefox);
        await e.SettleAsync();
        e.RunHostScript("console.log(host.menus().map(m => m.id + ':' + m.title).join()); host.fire('menus.onClicked', { menuItemId: 'a', pageUrl: 'https://example.com/' }); host.fire('menus.onClicked', { menuItemId: 'b' });", "menus.js");
        await e.SettleAsync();
        Assert.Equal(["a:A", "host.fire: the extension has no menu item with id \"b\""], Lines("host"));
        Assert.Equal(["clicked a on https://example.com/"], Lines("background"));
    }

    [Fact]
    public async Task An_extension_that_never_makes_a_menu_keeps_nothing_for_it()
    {
        var e = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("\"done\"", await e.EvaluateAsync("background", "await browser.menus.removeAll(); 'done'"));
        Assert.Equal("[]", e.Menus());
        Assert.Null(e.State.HostIfAny?.MenusIfAny);
    }

    [Theory]
    [InlineData(Flavor.Firefox, Manifests.EventPageScripts, "[]")]
    [InlineData(Flavor.Chrome, Manifests.PersistentScripts, "[]")]
    [InlineData(Flavor.Chrome, Manifests.EventPageScripts, "[{\"id\":\"a\",\"title\":\"A\",\"contexts\":[\"page\"],\"children\":[]}]")]
    public async Task A_reload_takes_the_menu_away_except_where_Chromium_restores_a_lazy_background_s(Flavor flavor, string background, string after)
    {
        var e = await Load(Extension("chrome.runtime.onInstalled.addListener(d => { if (d.reason === 'install') chrome.contextMenus.create({ id: 'a', title: 'A' }); });", background), flavor);
        await e.SettleAsync();
        Assert.Contains("\"id\":\"a\"", e.Menus());
        await e.EvaluateAsync("background", "chrome.runtime.reload(); 1");
        await e.SettleAsync();
        Assert.Equal(after, e.Menus());
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[\"function\",\"object\",\"object\"]")]
    [InlineData(Flavor.Chrome, "[\"undefined\",\"undefined\",\"undefined\"]")]
    public async Task Chromium_s_contextMenus_has_none_of_Firefox_s_own_members(Flavor flavor, string types)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal(types, await e.EvaluateAsync("background", "[typeof chrome.contextMenus.refresh, typeof chrome.contextMenus.onShown, typeof chrome.contextMenus.onHidden]"));
    }
}
