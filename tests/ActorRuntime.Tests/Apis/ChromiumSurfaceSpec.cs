using System.Text.Json;
using ActorRuntime.Apis.Schema;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// What Chromium has beyond Firefox's schema (Apis/Schema/chromium-api.json, from chrome-types): present in the chrome
/// flavour alone, gated by Chromium's permissions, manifest versions and contexts; unimplemented functions fail naming
/// themselves, and arguments are checked with Chromium's texts.
/// </summary>
public class ChromiumSurfaceSpec : RuntimeSpec
{
    private const string Page = "https://example.com/";
    private const string ContentLabel = "content:" + Page;

    private static Dictionary<string, string> Extension(int manifestVersion, string permissions, bool serviceWorker = false) => new()
    {
        ["manifest.json"] = $$"""
            {
              "manifest_version": {{manifestVersion}}, "name": "chromium", "version": "1.0",
              {{(serviceWorker ? "\"background\": { \"service_worker\": \"sw.js\" }," : "\"background\": { \"scripts\": [\"background.js\"] },")}}
              {{(manifestVersion == 3 ? "\"action\"" : "\"browser_action\"")}}: { "default_popup": "popup.html" },
              "permissions": [{{permissions}}],
              "content_scripts": [{ "matches": ["https://*/*"], "js": ["content.js"] }]
            }
            """,
        ["background.js"] = "",
        ["sw.js"] = "",
        ["content.js"] = "",
        ["popup.html"] = ExtensionFolder.Html(),
    };

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(object value) => JsonSerializer.Serialize(value, Relaxed);

    private const string AllThree = "\"declarativeContent\", \"sidePanel\", \"offscreen\"";

    private const string Probe = "[typeof chrome.declarativeContent, typeof chrome.sidePanel, typeof chrome.offscreen, typeof chrome.dom]";

    [Theory]
    [InlineData(Flavor.Chrome, 3, AllThree, "[\"object\",\"object\",\"object\",\"object\"]")]
    [InlineData(Flavor.Chrome, 3, "", "[\"undefined\",\"undefined\",\"undefined\",\"object\"]")]
    [InlineData(Flavor.Chrome, 3, "\"sidePanel\"", "[\"undefined\",\"object\",\"undefined\",\"object\"]")]
    // sidePanel and offscreen are MV3's (@chrome-min-manifest MV3); declarativeContent is MV2's too.
    [InlineData(Flavor.Chrome, 2, AllThree, "[\"object\",\"undefined\",\"undefined\",\"object\"]")]
    [InlineData(Flavor.Firefox, 3, AllThree, "[\"undefined\",\"undefined\",\"undefined\",\"undefined\"]")]
    [InlineData(Flavor.Firefox, 2, AllThree, "[\"undefined\",\"undefined\",\"undefined\",\"undefined\"]")]
    [InlineData(Flavor.Mdn, 3, AllThree, "[\"undefined\",\"undefined\",\"undefined\",\"undefined\"]")]
    public async Task Chromium_only_namespaces_exist_in_the_chrome_flavour_with_their_permission_and_manifest_version(
        Flavor flavor, int manifestVersion, string permissions, string expected)
    {
        var e = await Load(Extension(manifestVersion, permissions), flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background", Probe));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Dom_is_for_content_scripts_and_extension_pages_in_chromium_only(Flavor flavor)
    {
        var e = await Load(Extension(3, AllThree), flavor);
        await e.OpenAsync("tab:" + Page);
        var expected = flavor == Flavor.Chrome ? "function" : "undefined";
        Assert.Equal(Json(expected), await e.EvaluateAsync(ContentLabel, "typeof chrome.dom?.openOrClosedShadowRoot"));
        Assert.Equal(Json(expected), await e.EvaluateAsync("background", "typeof chrome.dom?.openOrClosedShadowRoot"));
        // The other Chromium namespaces are extension pages' only (Chromium's features give them blessed_extension).
        Assert.Equal("[\"undefined\",\"undefined\",\"undefined\"]", await e.EvaluateAsync(ContentLabel,
            "[typeof chrome.declarativeContent, typeof chrome.sidePanel, typeof chrome.offscreen]"));
    }

    [Fact]
    public async Task A_chromium_permission_is_granted_in_the_chrome_flavour_only()
    {
        Assert.True(ApiSchema.Instance.ChromiumPermissions.Contains("sidePanel"));
        Assert.False(ApiSchema.Instance.KnownPermissions.Contains("sidePanel"));
        Assert.Equal("[\"sidePanel\"]", await (await Load(Extension(3, "\"sidePanel\""), Flavor.Chrome)).EvaluateAsync("background",
            "new Promise(r => chrome.permissions.getAll(p => r(p.permissions)))"));
        Assert.Equal("[]", await (await Load(Extension(3, "\"sidePanel\""), Flavor.Firefox)).EvaluateAsync("background",
            "browser.permissions.getAll().then(p => p.permissions)"));
    }

    [Fact]
    public async Task An_unimplemented_chromium_function_fails_naming_itself_in_every_form()
    {
        var e = await Load(Extension(3, AllThree), Flavor.Chrome);
        const string message = "chrome.sidePanel.close is not available in ActorRuntime: provide it with the host API";
        Assert.Equal(Json(message), await e.EvaluateAsync("background",
            "chrome.sidePanel.close({ windowId: 1 }).then(() => 'resolved', e => e.message)"));
        Assert.Equal(Json("chrome.sidePanel.getLayout is not available in ActorRuntime: provide it with the host API"),
            await e.EvaluateAsync("background", "new Promise(r => chrome.sidePanel.getLayout(() => r(chrome.runtime.lastError.message)))"));
        await e.OpenAsync("tab:" + Page);
        Assert.Equal(Json(new[] { "Error", "chrome.dom.openOrClosedShadowRoot is not available in ActorRuntime: provide it with the host API" }),
            await e.EvaluateAsync(ContentLabel,
                "(() => { try { chrome.dom.openOrClosedShadowRoot(document.body); return []; } catch (e) { return [e.constructor.name, e.message]; } })()"));
    }

    [Fact]
    public async Task The_host_provides_a_chromium_function_by_its_name()
    {
        var e = await Load(Extension(3, AllThree), Flavor.Chrome);
        var seen = new List<string>();
        e.Provide("sidePanel.getOptions", arguments =>
        {
            seen.Add(arguments);
            return Task.FromResult<string?>("""{"enabled": true, "path": "panel.html"}""");
        });
        e.Provide("declarativeContent.onPageChanged.getRules", _ => Task.FromResult<string?>("[]"));
        Assert.Equal("""[{"enabled":true,"path":"panel.html"},[]]""", await e.EvaluateAsync("background", """
            Promise.all([chrome.sidePanel.getOptions({ tabId: 3 }), new Promise(r => chrome.declarativeContent.onPageChanged.getRules(r))])
            """));
        Assert.Equal("""[{"tabId":3}]""", seen.Single());
    }

    [Theory]
    [InlineData("chrome.sidePanel.setOptions(1)",
        "Error in invocation of sidePanel.setOptions(sidePanel.PanelOptions options, optional function callback): No matching signature.")]
    [InlineData("chrome.sidePanel.setOptions({ tabId: 'x' })",
        "Error in invocation of sidePanel.setOptions(sidePanel.PanelOptions options, optional function callback): Error at parameter 'options': Error at property 'tabId': Invalid type: expected number, found string.")]
    [InlineData("chrome.sidePanel.setOptions({ side: 'left' })",
        "Error in invocation of sidePanel.setOptions(sidePanel.PanelOptions options, optional function callback): Error at parameter 'options': Unexpected property: 'side'.")]
    [InlineData("chrome.offscreen.createDocument({ reasons: ['NOPE'], url: 'o.html', justification: 'j' })",
        "Error in invocation of offscreen.createDocument(offscreen.CreateParameters parameters, optional function callback): Error at parameter 'parameters': Error at property 'reasons': Error at index 0: Value must be one of AUDIO_PLAYBACK, BATTERY_STATUS, BLOBS, CLIPBOARD, DISPLAY_MEDIA, DOM_PARSER, DOM_SCRAPING, GEOLOCATION, IFRAME_SCRIPTING, LOCAL_STORAGE, MATCH_MEDIA, TESTING, USER_MEDIA, WEB_RTC, WORKERS.")]
    [InlineData("chrome.offscreen.createDocument({ reasons: ['BLOBS'], url: 'o.html' })",
        "Error in invocation of offscreen.createDocument(offscreen.CreateParameters parameters, optional function callback): Error at parameter 'parameters': Missing required property 'justification'.")]
    public async Task Arguments_of_chromium_functions_are_checked_with_chromium_texts(string call, string message)
    {
        var e = await Load(Extension(3, AllThree), Flavor.Chrome);
        Assert.Equal(Json(new[] { "TypeError", message }), await e.EvaluateAsync("background",
            $"(() => {{ try {{ {call}; return []; }} catch (e) {{ return [e.constructor.name, e.message]; }} }})()"));
    }

    [Fact]
    public async Task Declarative_content_has_its_constructors_and_rule_functions()
    {
        var e = await Load(Extension(3, AllThree), Flavor.Chrome);
        Assert.Equal(
            "[true,\"declarativeContent.PageStateMatcher\",\"example.com\",\"declarativeContent.ShowAction\",\"undefined\",\"function\"]",
            await e.EvaluateAsync("background", """
                const dc = chrome.declarativeContent;
                const matcher = new dc.PageStateMatcher({ pageUrl: { hostEquals: 'example.com' } });
                [matcher instanceof dc.PageStateMatcher, matcher.instanceType, matcher.pageUrl.hostEquals, new dc.ShowAction().instanceType,
                 typeof dc.onPageChanged.addListener, typeof dc.onPageChanged.addRules]
                """));
        // A bad argument is refused as Chromium refuses arguments; a constructor needs new.
        Assert.Equal(Json(new[] { "TypeError", "TypeError" }), await e.EvaluateAsync("background", """
            [() => new chrome.declarativeContent.PageStateMatcher({ pageUrl: 1 }), () => chrome.declarativeContent.ShowAction()]
              .map(f => { try { f(); return 'no error'; } catch (e) { return e.constructor.name; } })
            """));
        // The runtime keeps the rules (DeclarativeContentSpec has what they do): the callback hears them with their ids.
        Assert.Equal(Json(new[] { "_1_" }),
            await e.EvaluateAsync("background", """
                new Promise(r => chrome.declarativeContent.onPageChanged.addRules(
                  [{ conditions: [new chrome.declarativeContent.PageStateMatcher({ css: ['video'] })], actions: [new chrome.declarativeContent.ShowAction()] }],
                  rules => r(rules.map(rule => rule.id))))
                """));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task Chromium_members_of_shared_namespaces_and_its_enumeration_values_are_the_chrome_flavours(Flavor flavor)
    {
        var chromium = flavor == Flavor.Chrome;
        var mv2 = await Load(Extension(2, "\"tabs\""), flavor);
        // tabs.getSelected is Chromium's, and MV2's only.
        Assert.Equal(Json(chromium ? "function" : "undefined"), await mv2.EvaluateAsync("background", "typeof chrome.tabs.getSelected"));
        var mv3 = await Load(Extension(3, "\"tabs\""), flavor);
        Assert.Equal(Json(new[] { "undefined", chromium ? "unloaded" : "undefined", chromium ? "chrome_update" : "undefined", "install" }),
            await mv3.EvaluateAsync("background",
                "[typeof chrome.tabs.getSelected, String(chrome.tabs.TabStatus.UNLOADED), String(chrome.runtime.OnInstalledReason.CHROME_UPDATE), chrome.runtime.OnInstalledReason.INSTALL]"));
    }

    [Fact]
    public void What_chromium_keeps_from_service_workers_is_absent_there()
    {
        // The runtime runs no service worker script yet: the rule is the access's, checked here on its own.
        var manifest = ExtensionPackage.Load(Folder(Extension(3, "\"tabCapture\"", serviceWorker: true)).Path).Manifest;
        var granted = ApiAccess.GrantedBy(manifest, Flavor.Chrome);
        var worker = new ApiAccess(manifest, isContentScript: false, () => granted, chromium: true, isServiceWorker: true);
        var page = new ApiAccess(manifest, isContentScript: false, () => granted, chromium: true);
        var schema = ApiSchema.Instance;
        var capture = schema.FindFunction("tabCapture.capture")!;
        var directory = schema.FindFunction("runtime.getPackageDirectoryEntry")!;
        var captured = schema.FindFunction("tabCapture.getCapturedTabs")!;
        Assert.Equal([false, false, true], new[] { capture, directory, captured }.Select(worker.Allows));
        Assert.Equal([true, true, true], new[] { capture, directory, captured }.Select(page.Allows));
        Assert.True(page.Allows(schema.Namespaces["tabCapture"]));
    }
}
