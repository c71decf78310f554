using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>Chromium's offscreen documents: one per extension, a page labelled <c>offscreen</c> that sees <c>runtime</c> alone; and runtime.getContexts around it.</summary>
public class OffscreenDocumentSpec : RuntimeSpec
{
    internal static Dictionary<string, string> Extension() => new()
    {
        ["manifest.json"] = """
            { "manifest_version": 3, "name": "panels", "version": "1.0", "permissions": ["offscreen", "sidePanel", "storage"],
              "background": { "scripts": ["background.js"] },
              "action": { "default_title": "Panels" },
              "side_panel": { "default_path": "panel.html" } }
            """,
        ["background.js"] = """
            chrome.runtime.onMessage.addListener((message, sender, reply) => { reply('pong to ' + message + ' from ' + sender.url.split('/').pop()); });
            chrome.action.onClicked.addListener(() => console.log('action clicked'));
            """,
        ["offscreen.html"] = ExtensionFolder.Html("offscreen.js"),
        ["offscreen.js"] = "globalThis.offscreenLoaded = true;",
        ["panel.html"] = ExtensionFolder.Html(),
        ["other.html"] = ExtensionFolder.Html(),
        ["page.html"] = "<!DOCTYPE html><html><body><button id=\"open\">open</button><script src=\"page.js\"></script></body></html>",
        ["page.js"] = """
            document.querySelector('#open').onclick = () => {
              globalThis.opened = chrome.sidePanel.open({ tabId: 1 }).then(() => 'opened', e => e.message);
            };
            """,
    };

    private const string Create = "await chrome.offscreen.createDocument({ url: 'offscreen.html', reasons: ['DOM_PARSER'], justification: 'parse' })";

    [Fact]
    public async Task CreateDocument_opens_one_offscreen_page_that_hasDocument_sees_and_closeDocument_closes()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("false", await e.EvaluateAsync("background", "await chrome.offscreen.hasDocument()"));
        Assert.Equal("[\"created\",true]", await e.EvaluateAsync("background", Create + "; ['created', await chrome.offscreen.hasDocument()]"));
        Assert.Contains("offscreen", await e.ContextsAsync());
        Assert.Equal("[true,\"" + e.BaseUrl + "offscreen.html\"]", await e.EvaluateAsync("offscreen", "[offscreenLoaded, location.href]"));
        Assert.Equal("\"Only a single offscreen document may be created.\"", await e.EvaluateAsync("background",
            "await chrome.offscreen.createDocument({ url: 'other.html', reasons: ['BLOBS'], justification: 'again' }).then(() => 'created', e => e.message)"));

        Assert.Equal("\"closed\"", await e.EvaluateAsync("background", "await chrome.offscreen.closeDocument(); 'closed'"));
        Assert.DoesNotContain("offscreen", await e.ContextsAsync());
        Assert.Equal("[false,\"No current offscreen document.\"]", await e.EvaluateAsync("background",
            "[await chrome.offscreen.hasDocument(), await chrome.offscreen.closeDocument().then(() => 'closed', e => e.message)]"));
        // Once closed, another may be created.
        Assert.Equal("true", await e.EvaluateAsync("background", Create + "; await chrome.offscreen.hasDocument()"));
    }

    [Theory]
    [InlineData("{ url: 'https://example.com/offscreen.html', reasons: ['BLOBS'], justification: 'j' }", "Invalid URL.")]
    [InlineData("{ url: '../outside.html', reasons: ['BLOBS'], justification: 'j' }", "Invalid URL.")]
    [InlineData("{ url: 'offscreen.html', reasons: [], justification: 'j' }", "A `reason` must be provided.")]
    [InlineData("{ url: 'offscreen.html', reasons: ['TESTING'], justification: 'j' }",
        "The `TESTING` reason is only available with the --offscreen-document-testing commandline switch applied.")]
    [InlineData("{ url: 'missing.html', reasons: ['BLOBS'], justification: 'j' }", "Page failed to load.")]
    public async Task CreateDocument_refuses_what_Chromium_refuses(string parameters, string message)
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal($"[\"{message}\",false]", await e.EvaluateAsync("background",
            $"[await chrome.offscreen.createDocument({parameters}).then(() => 'created', e => e.message), await chrome.offscreen.hasDocument()]"));
    }

    [Fact]
    public async Task A_full_url_of_the_extension_names_its_page()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background",
            "await chrome.offscreen.createDocument({ url: chrome.runtime.getURL('/offscreen.html?mode=x'), reasons: ['BLOBS'], justification: 'j' })");
        Assert.Equal("[true,\"?mode=x\"]", await e.EvaluateAsync("offscreen", "[offscreenLoaded, location.search]"));
    }

    [Fact]
    public async Task The_document_sees_runtime_alone_and_its_messages_reach_the_background()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background", Create);
        Assert.Equal("[\"runtime\"]", await e.EvaluateAsync("offscreen", "Object.keys(chrome)"));
        Assert.Equal("[\"undefined\",\"undefined\",\"undefined\"]", await e.EvaluateAsync("offscreen",
            "[typeof chrome.storage, typeof chrome.offscreen, typeof chrome.tabs]"));
        Assert.Equal("\"pong to ping from offscreen.html\"", await e.EvaluateAsync("offscreen", "await chrome.runtime.sendMessage('ping')"));
    }

    [Fact]
    public async Task Window_close_in_the_document_closes_it()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background", Create);
        await e.EvaluateAsync("offscreen", "window.close(); 1");
        await e.SettleAsync();
        Assert.DoesNotContain("offscreen", await e.ContextsAsync());
        Assert.Equal("false", await e.EvaluateAsync("background", "await chrome.offscreen.hasDocument()"));
    }

    [Fact]
    public async Task GetContexts_lists_the_offscreen_document_while_it_is_open_and_the_host_sees_the_same()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background", Create);
        var during = await e.EvaluateAsync("background", "JSON.stringify(await chrome.runtime.getContexts({}))");
        Assert.Equal(await e.RuntimeContextsAsync(), System.Text.Json.JsonSerializer.Deserialize<string>(during));
        Assert.Equal("[[\"BACKGROUND\",-1,-1,-1],[\"OFFSCREEN_DOCUMENT\",-1,-1,0]]", await e.EvaluateAsync("background",
            "(await chrome.runtime.getContexts({})).map(c => [c.contextType, c.tabId, c.windowId, c.frameId])"));
        Assert.Equal($"[[\"{e.BaseUrl}offscreen.html\",\"{e.BaseUrl.TrimEnd('/')}\",true,true,false]]", await e.EvaluateAsync("background", """
            (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).map(c => [c.documentUrl, c.documentOrigin,
              /^[0-9A-F]{32}$/.test(c.documentId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(c.contextId), c.incognito])
            """));
        Assert.Equal("1", await e.EvaluateAsync("background", """
            const [doc] = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
            (await chrome.runtime.getContexts({ documentIds: [doc.documentId], documentUrls: [doc.documentUrl] })).length
            """));

        await e.EvaluateAsync("background", "await chrome.offscreen.closeDocument()");
        Assert.Equal("[\"BACKGROUND\"]", await e.EvaluateAsync("background", "(await chrome.runtime.getContexts({})).map(c => c.contextType)"));
        Assert.Equal("[]", await e.EvaluateAsync("background", "await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })"));
    }

    [Fact]
    public async Task A_tab_is_listed_with_its_browser_window()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background", "await chrome.windows.create({ url: 'about:blank' }); 1");
        var label = await e.OpenAsync("page:page.html");
        var window = await e.EvaluateAsync(label, "(await chrome.tabs.getCurrent()).windowId");
        Assert.NotEqual("1", window);
        Assert.Equal($"[[\"TAB\",{window}]]", await e.EvaluateAsync("background",
            "(await chrome.runtime.getContexts({ contextTypes: ['TAB'] })).map(c => [c.contextType, c.windowId])"));
    }

    [Fact]
    public async Task Only_the_chrome_flavour_has_offscreen_documents()
    {
        var e = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof browser.offscreen"));
    }
}
