using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>localStorage</c> and <c>sessionStorage</c> of extension pages: one per extension origin, shared synchronously by all
/// its pages, not by other extensions; the Storage interface with its named properties, the 5 MiB quota and the
/// <c>storage</c> event on the other pages; content scripts see their web page's origin instead.
/// </summary>
public sealed class WebStorageSpec : RuntimeSpec
{
    private Task<LoadedExtension> Extension(string background = "", Flavor flavor = Flavor.Mdn) =>
        Load(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, background)) { ["popup.js"] = "" }, flavor);

    [Fact]
    public async Task A_value_set_in_the_popup_is_read_in_the_background_at_once_and_another_extension_does_not_see_it()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "localStorage.setItem('shared', 'from popup'); sessionStorage.setItem('session', 'too'); 0");
        // Synchronously, as browsers share one storage among the pages of an origin: no await, no event in between.
        Assert.Equal("""["from popup","too",1]""", await e.EvaluateAsync("background",
            "[localStorage.getItem('shared'), sessionStorage.getItem('session'), localStorage.length]"));

        var other = await Extension();
        Assert.Equal("[null,null,0]", await other.EvaluateAsync("background",
            "[localStorage.getItem('shared'), sessionStorage.getItem('session'), localStorage.length]"));
    }

    [Fact]
    public async Task Items_are_strings_and_named_properties_reach_them_as_in_browsers()
    {
        var e = await Extension();
        Assert.Equal("""["1","[object Object]","null",3,"n",null,true]""", await e.EvaluateAsync("background", """
            localStorage.setItem('n', 1);
            localStorage.setItem('o', {});
            localStorage.z = null;
            [localStorage.getItem('n'), localStorage.o, localStorage['z'], localStorage.length, localStorage.key(0), localStorage.key(3), 'n' in localStorage]
            """));
        // Assigning any name stores an item; an item named as a member of Storage is stored but not visible as a property.
        Assert.Equal("""["x","function",["n","o","z"],{"n":"1","o":"[object Object]","z":"null"},4]""", await e.EvaluateAsync("background", """
            localStorage.key = 'x';
            [localStorage.getItem('key'), typeof localStorage.key, Object.keys(localStorage), JSON.parse(JSON.stringify(localStorage)), localStorage.length]
            """));
        Assert.Equal("""[null,false,3,"o",true,"Storage",true]""", await e.EvaluateAsync("background", """
            delete localStorage.n;
            [localStorage.getItem('n'), 'n' in localStorage, localStorage.length, localStorage.key(0), localStorage instanceof Storage,
             Object.prototype.toString.call(localStorage).slice(8, -1), localStorage === window.localStorage]
            """));
        Assert.Equal("[0,null]", await e.EvaluateAsync("background", "localStorage.clear(); [localStorage.length, localStorage.getItem('o')]"));
    }

    [Fact]
    public async Task Other_pages_hear_each_change_as_a_storage_event_and_the_page_that_made_it_does_not()
    {
        var e = await Extension("""
            var seen = [];
            addEventListener('storage', ev => seen.push([ev.type, ev.key, ev.oldValue, ev.newValue, ev.url.endsWith('/popup.html'),
              ev.storageArea === localStorage ? 'local' : ev.storageArea === sessionStorage ? 'session' : 'other', ev.isTrusted, ev instanceof StorageEvent]));
            """);
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", """
            window.own = 0; addEventListener('storage', () => own++);
            localStorage.setItem('k', 'a');
            localStorage.setItem('k', 'a');   // no change, no event
            localStorage.k = 'b';
            sessionStorage.setItem('s', '1');
            localStorage.removeItem('k');
            localStorage.removeItem('k');     // nothing to remove, no event
            localStorage.setItem('x', '1');
            localStorage.clear();
            0
            """);
        await e.SettleAsync();
        Assert.Equal("""[["storage","k",null,"a",true,"local",true,true],["storage","k","a","b",true,"local",true,true],["storage","s",null,"1",true,"session",true,true],["storage","k","b",null,true,"local",true,true],["storage","x",null,"1",true,"local",true,true],["storage",null,null,null,true,"local",true,true]]""",
            await e.EvaluateAsync("background", "seen"));
        Assert.Equal("0", await e.EvaluateAsync("popup", "own"));
    }

    [Fact]
    public async Task The_storage_event_is_a_task_after_the_change_and_reaches_onstorage_handlers()
    {
        var e = await Extension("var order = []; onstorage = ev => order.push('event ' + ev.key);");
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "const bg = chrome.extension.getBackgroundPage(); localStorage.a = '1'; bg.order.push('after set'); 0");
        await e.SettleAsync();
        Assert.Equal("""["after set","event a"]""", await e.EvaluateAsync("background", "order"));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "localStorage.setItem('big', 'x'.repeat(5 * 1024 * 1024))", "QuotaExceededError: Failed to execute 'setItem' on 'Storage': Setting the value of 'big' exceeded the quota.")]
    [InlineData(Flavor.Chrome, "localStorage.big = 'x'.repeat(5 * 1024 * 1024)", "QuotaExceededError: Failed to set a named property 'big' on 'Storage': Setting the value of 'big' exceeded the quota.")]
    [InlineData(Flavor.Firefox, "sessionStorage.setItem('big', 'x'.repeat(5 * 1024 * 1024))", "QuotaExceededError: The quota has been exceeded.")]
    [InlineData(Flavor.Mdn, "localStorage.setItem('big', 'x'.repeat(5 * 1024 * 1024))", "QuotaExceededError: The quota has been exceeded.")]
    public async Task Five_MiB_of_keys_and_values_fit_and_one_more_is_refused_whole(Flavor flavor, string write, string error)
    {
        var e = await Extension(flavor: flavor);
        // Keys and values count in UTF-16 code units: 5 MiB of them in all.
        Assert.Equal("[true,1]", await e.EvaluateAsync("background",
            "localStorage.setItem('a', 'x'.repeat(5 * 1024 * 1024 - 2)); sessionStorage.setItem('b', 'x'.repeat(5 * 1024 * 1024 - 2)); [localStorage.a.length === 5 * 1024 * 1024 - 2, localStorage.length]"));
        await e.EvaluateAsync("background", "localStorage.clear(); sessionStorage.clear(); localStorage.small = 'y'; sessionStorage.small = 'y'; 0");
        Assert.Equal($$"""["{{error}}",22,true,null,"y",1]""", await e.EvaluateAsync("background", $$"""
            let caught;
            try { {{write}}; } catch (err) { caught = err; }
            [caught.name + ': ' + caught.message, caught.code, caught instanceof DOMException, localStorage.getItem('big') ?? sessionStorage.getItem('big'), localStorage.small, localStorage.length]
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[null,\"private\"]")]
    [InlineData(Flavor.Chrome, "[\"regular\",\"private\"]")]
    public async Task Private_windows_have_their_own_storage_except_in_a_spanning_Chromium_extension(Flavor flavor, string seen)
    {
        var e = await Extension(flavor: flavor);
        await e.EvaluateAsync("background", "localStorage.who = 'regular'; 0");
        var label = await e.OpenAsync("popup", isPrivate: true);
        Assert.Equal(seen, await e.EvaluateAsync(label, "const before = localStorage.getItem('who'); localStorage.who = 'private'; [before, localStorage.who]"));
        Assert.Equal(flavor == Flavor.Chrome ? "\"private\"" : "\"regular\"", await e.EvaluateAsync("background", "localStorage.who"));
    }

    [Fact]
    public async Task Content_scripts_see_their_pages_origin_not_the_extensions()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "localStorage.ext = 'extension';", """
            "content_scripts": [{ "matches": ["https://example.com/*", "https://other.org/*"], "js": ["content.js"] }],
            """))
        {
            ["content.js"] = "",
        };
        var e = await Load(files);
        await e.OpenAsync("tab:https://example.com/a");
        await e.OpenAsync("tab:https://example.com/b");
        await e.OpenAsync("tab:https://other.org/");
        await e.EvaluateAsync("content:https://example.com/a", "localStorage.page = 'example'; sessionStorage.tab = 'a'; 0");
        Assert.Equal("""[null,"example",null]""", await e.EvaluateAsync("content:https://example.com/b",
            "[localStorage.getItem('ext'), localStorage.getItem('page'), sessionStorage.getItem('tab')]"));
        Assert.Equal("[null,0]", await e.EvaluateAsync("content:https://other.org/", "[localStorage.getItem('page'), localStorage.length]"));
        Assert.Equal("""["extension",null]""", await e.EvaluateAsync("background", "[localStorage.ext, localStorage.getItem('page')]"));
    }

    [Fact]
    public async Task A_tabs_web_page_shares_its_storage_with_the_content_scripts_in_it_and_hears_other_tabs_changes_only()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "", """
            "content_scripts": [{ "matches": ["https://shop.example/*"], "js": ["content.js"] }],
            """))
        {
            ["content.js"] = "",
        };
        var e = await Load(files);
        e.Respond("https://shop.example/api/*", ResponseSpec.Text("price 10"));
        const string page = """
            <!DOCTYPE html><html><body><script>
            localStorage.fromPage = 'p';
            addEventListener('storage', ev => console.log('page heard', ev.key, ev.newValue, ev.storageArea === localStorage));
            fetch('/api/price').then(r => r.text()).then(t => console.log('page fetched', t));
            </script></body></html>
            """;
        var first = await e.OpenAsync("tab:https://shop.example/a", pageHtml: page);
        await e.SettleAsync();
        Assert.Equal("\"p\"", await e.EvaluateAsync(first, "localStorage.fromPage"));
        await e.EvaluateAsync(first, "window.heard = []; addEventListener('storage', ev => heard.push(ev.key, ev.storageArea === localStorage)); localStorage.fromContent = 'c'; 0");
        var second = await e.OpenAsync("tab:https://shop.example/b");
        await e.EvaluateAsync(second, "localStorage.fromOtherTab = 'o'; 0");
        await e.SettleAsync();
        // The content script's change is the page's own window's: no event there; the other tab's is heard once, by both
        // worlds of the window, each with its own Storage object.
        Assert.Equal("[\"fromOtherTab\",true]", await e.EvaluateAsync(first, "heard"));
        Assert.Equal(["page fetched price 10", "page heard fromOtherTab o true"], Lines("tab:https://shop.example/a"));
    }
}
