using System.Text.Json;
using ActorRuntime.Apis.Schema;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>A wrong call fails as it does in the flavour's browser, with its text; a right call to what nobody implements names it.</summary>
public class ApiArgumentsSpec : RuntimeSpec
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(object value) => JsonSerializer.Serialize(value, Relaxed);

    private static Dictionary<string, string> Extension(string permissions = "\"downloads\", \"storage\", \"alarms\", \"cookies\", \"bookmarks\", \"history\", \"notifications\", \"webNavigation\", \"contextMenus\", \"menus\", \"idle\", \"topSites\", \"sessions\", \"browsingData\", \"management\", \"scripting\", \"webRequest\", \"find\", \"search\", \"dns\", \"identity\", \"privacy\", \"proxy\", \"tabGroups\", \"declarativeNetRequest\", \"browserSettings\", \"pkcs11\", \"captivePortal\", \"contextualIdentities\", \"geckoProfiler\", \"theme\"")
        => new(Manifests.Standard(Manifests.PersistentScripts, "", $"\"permissions\": [{permissions}],"));

    [Theory]
    [InlineData("browser.tabs.query({foo: 1})", "Type error for parameter queryInfo (Unexpected property \"foo\") for tabs.query.")]
    [InlineData("browser.tabs.query({a: 1, b: 2})", "Type error for parameter queryInfo (Unexpected properties: a, b) for tabs.query.")]
    [InlineData("browser.tabs.query(1)", "Incorrect argument types for tabs.query.")]
    [InlineData("browser.tabs.get()", "Incorrect argument types for tabs.get.")]
    [InlineData("browser.tabs.get(1, 2, 3)", "Incorrect argument types for tabs.get.")]
    [InlineData("browser.tabs.query({active: 'yes'})", "Type error for parameter queryInfo (Error processing active: Expected boolean instead of \"yes\") for tabs.query.")]
    [InlineData("browser.tabs.query({status: 'x'})", "Type error for parameter queryInfo (Error processing status: Invalid enumeration value \"x\") for tabs.query.")]
    [InlineData("browser.downloads.download({})", "Type error for parameter options (Property \"url\" is required) for downloads.download.")]
    [InlineData("browser.tabs.get(-1)", "Type error for parameter tabId (Integer -1 is too small (must be at least 0)) for tabs.get.")]
    [InlineData("browser.storage.local.get(5)", "Incorrect argument types for storage.local.get.")]
    [InlineData("browser.storage.local.get([5])", "Type error for parameter keys (Value must either: be a string value, .0 must be a string value, or be an object value) for storage.local.get.")]
    public async Task Firefox_throws_an_Error_with_its_texts(string call, string message)
    {
        var e = await Load(Extension(), Flavor.Firefox);
        Assert.Equal(Json(new[] { "Error", message }), await e.EvaluateAsync("background",
            $"(() => {{ try {{ {call}; return 'no error'; }} catch (e) {{ return [e.constructor.name, e.message]; }} }})()"));
    }

    [Theory]
    [InlineData("chrome.tabs.query({foo: 1}, cb)", "Error in invocation of tabs.query(object queryInfo, function callback): Error at parameter 'queryInfo': Unexpected property: 'foo'.")]
    [InlineData("chrome.tabs.query(1, cb)", "Error in invocation of tabs.query(object queryInfo, function callback): No matching signature.")]
    [InlineData("chrome.tabs.get('x', cb)", "Error in invocation of tabs.get(integer tabId, function callback): No matching signature.")]
    [InlineData("chrome.tabs.get(-1, cb)", "Error in invocation of tabs.get(integer tabId, function callback): Error at parameter 'tabId': Value must be at least 0.")]
    [InlineData("chrome.tabs.query({active: 'yes'})", "Error in invocation of tabs.query(object queryInfo, function callback): Error at parameter 'queryInfo': Error at property 'active': Invalid type: expected boolean, found string.")]
    [InlineData("chrome.downloads.download({})", "Error in invocation of downloads.download(object options, optional function callback): Error at parameter 'options': Missing required property 'url'.")]
    public async Task Chromium_throws_a_TypeError_with_its_texts(string call, string message)
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal(Json(new[] { "TypeError", message }), await e.EvaluateAsync("background",
            $"(() => {{ const cb = () => {{}}; try {{ {call}; return 'no error'; }} catch (e) {{ return [e.constructor.name, e.message]; }} }})()"));
    }

    /// <summary>Fifty functions of Firefox's description, spread over the namespaces the test extension may use, each called with one argument too many.</summary>
    public static IEnumerable<object[]> SampledFunctions()
    {
        var permitted = new HashSet<string>(Extension()["manifest.json"].Split('"').Where(ApiSchema.Instance.KnownPermissions.Contains)) { "manifest:browser_action", "manifest:sidebar_action" };
        var all = ApiSchema.Instance.NamespacesFor(chromium: false)
            .Where(ns => ns.HasMembers && ns.MaxManifestVersion >= 2 && ns.MinManifestVersion <= 2 && !(ns.AllowedContexts ?? []).Contains("devtools_only")
                         && (ns.Permissions is not { Count: > 0 } || ns.Permissions.Any(permitted.Contains)))
            .SelectMany(ns => ns.Functions.Values.Where(f => !f.ChromiumOnly && f.InManifestVersion(2) && !(f.AllowedContexts ?? []).Contains("devtools_only")
                                                             && (f.Permissions is not { Count: > 0 } || f.Permissions.Any(permitted.Contains))
                                                             && !f.AllowAmbiguousOptionalArguments
                                                             // Only what both browsers have (contentScripts.register is Firefox's alone).
                                                             && (ActorRuntime.Apis.ApiImplementations.Find(ns.Name + "." + f.Name)?.OnlyIn is not { } only
                                                                 || (only.Contains(Flavor.Firefox) && only.Contains(Flavor.Chrome))))
                .Select(f => (Namespace: ns.Name, Function: f)))
            .OrderBy(f => f.Namespace + "." + f.Function.Name, StringComparer.Ordinal)
            .ToList();
        var step = Math.Max(1, all.Count / 50);
        return all.Where((_, i) => i % step == 0).Take(50).Select(f => new object[] { f.Namespace, f.Function.Name! });
    }

    [Theory, MemberData(nameof(SampledFunctions))]
    public async Task One_argument_too_many_is_refused_in_each_flavour(string ns, string function)
    {
        var node = ApiSchema.Instance.Namespaces[ns].Functions[function];
        var tooMany = string.Join(", ", Enumerable.Repeat("0", (node.Parameters?.Count ?? 0) + 1));
        var firefox = await Load(Extension(), Flavor.Firefox);
        Assert.Equal(Json(new[] { "Error", $"Incorrect argument types for {ns}.{function}." }), await firefox.EvaluateAsync("background",
            $"(() => {{ try {{ browser.{ns}.{function}({tooMany}); return 'no error'; }} catch (e) {{ return [e.constructor.name, e.message]; }} }})()"));
        var chrome = await Load(Extension(), Flavor.Chrome);
        var result = JsonSerializer.Deserialize<string[]>(await chrome.EvaluateAsync("background",
            $"(() => {{ try {{ chrome.{ns}.{function}({tooMany}); return ['no error', '']; }} catch (e) {{ return [e.constructor.name, e.message]; }} }})()"))!;
        Assert.Equal("TypeError", result[0]);
        Assert.StartsWith($"Error in invocation of {ns}.{function}(", result[1]);
        Assert.EndsWith("): No matching signature.", result[1]);
    }

    [Theory]
    [InlineData(Flavor.Firefox, "browser")]
    [InlineData(Flavor.Chrome, "chrome")]
    public async Task A_function_nobody_implements_fails_naming_itself_in_every_form(Flavor flavor, string root)
    {
        var e = await Load(Extension(), flavor);
        var message = $"{root}.find.find is not available in ActorRuntime: provide it with the host API";
        Assert.Equal(Json(message), await e.EvaluateAsync("background", "browser.find.find('x').then(() => 'resolved', e => e.message)"));
        // The callback form is chrome.*, which names itself so.
        Assert.Equal(Json("chrome.history.search is not available in ActorRuntime: provide it with the host API"), await e.EvaluateAsync("background",
            "new Promise(r => chrome.history.search({ text: '' }, () => r(chrome.runtime.lastError.message)))"));
        // A synchronous function throws at once.
        Assert.Equal(Json($"{root}.runtime.getFrameId is not available in ActorRuntime: provide it with the host API"),
            await e.EvaluateAsync("background", "(() => { try { browser.runtime.getFrameId(1); } catch (e) { return e.message; } })()"));
    }

    [Fact]
    public async Task A_value_nested_deeper_than_any_schema_type_is_refused_and_the_extension_goes_on()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "", "\"user_scripts\": {}, \"permissions\": [],"));
        var e = await Load(files, Flavor.Firefox);
        var message = await e.EvaluateAsync("background", """
            let deep = [];
            for (let i = 0; i < 100000; i++) deep = [deep];
            (() => { try { browser.userScripts.register({ js: [{ code: '1' }], matches: ['<all_urls>'], scriptMetadata: deep }); } catch (e) { return e.message; } })()
            """);
        Assert.StartsWith("\"Type error for parameter userScriptOptions (", message);
        // Each level is a choice of PlainJSONValue: the innermost one says why.
        Assert.Contains(".0 must either [be a null value, be a number value", message);
        Assert.Contains("be nested less than 32 levels deep", message);
        Assert.Equal("2", await e.EvaluateAsync("background", "1 + 1"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "browser.runtime.sendMessage()", "Error", "runtime.sendMessage's message argument is missing")]
    [InlineData(Flavor.Firefox, "browser.runtime.sendMessage(1, 2, 3, 4)", "Error", "runtime.sendMessage received too many arguments")]
    [InlineData(Flavor.Chrome, "chrome.runtime.sendMessage(() => {})", "TypeError",
        "Error in invocation of runtime.sendMessage(optional string extensionId, any message, optional object options, optional function callback): No matching signature.")]
    public async Task SendMessage_checks_the_arguments_it_parses_itself(Flavor flavor, string call, string type, string message)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal(Json(new[] { type, message }), await e.EvaluateAsync("background",
            $"(() => {{ try {{ {call}; return 'no error'; }} catch (e) {{ return [e.constructor.name, e.message]; }} }})()"));
    }
}
