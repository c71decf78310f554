using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>Promise and callback forms, one rule for every asynchronous function, per flavour; runtime.lastError and the unchecked-error lines.</summary>
public class ApiFormsSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension(int manifestVersion = 2)
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "", "\"permissions\": [\"history\"],"));
        if (manifestVersion == 3)
            files["manifest.json"] = files["manifest.json"].Replace("\"manifest_version\": 2", "\"manifest_version\": 3").Replace("browser_action", "action");
        return files;
    }

    private const string Missing = "history.search is not available in ActorRuntime: provide it with the host API";

    [Fact]
    public async Task Firefox_mv2_chrome_takes_callbacks_only_and_browser_takes_both()
    {
        var e = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("[false,\"undefined\",true]", await e.EvaluateAsync("background",
            "[chrome === browser, typeof chrome.history.search({ text: '' }), browser.history.search({ text: '' }).catch(() => {}) instanceof Promise]"));
        await e.SettleAsync();
        // No callback and no promise: the error has nowhere to go but the console.
        Assert.Contains($"Unchecked lastError value: Error: chrome.{Missing}", Lines("background"));
        Assert.Equal($"[\"Error\",\"browser.{Missing}\"]", await e.EvaluateAsync("background",
            "new Promise(r => browser.history.search({ text: '' }, () => r([browser.runtime.lastError.constructor.name, browser.runtime.lastError.message])))"));
    }

    [Fact]
    public async Task Firefox_mv3_chrome_is_browser_with_promises()
    {
        var e = await Load(Extension(3), Flavor.Firefox);
        Assert.Equal($"[true,\"browser.{Missing}\"]", await e.EvaluateAsync("background",
            "[chrome === browser, await chrome.history.search({ text: '' }).catch(e => e.message)]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "Unchecked lastError value: Error: chrome." + Missing)]
    [InlineData(Flavor.Chrome, "Unchecked runtime.lastError: chrome." + Missing)]
    public async Task A_callback_that_ignores_the_error_gets_the_flavours_console_line_and_one_that_reads_it_does_not(Flavor flavor, string line)
    {
        var e = await Load(Extension(), flavor);
        await e.EvaluateAsync("background", "new Promise(r => chrome.history.search({ text: '' }, () => r()))");
        await e.SettleAsync();
        Assert.Equal([line], Lines("background"));
        await e.EvaluateAsync("background", "new Promise(r => chrome.history.search({ text: '' }, () => r(chrome.runtime.lastError)))");
        await e.SettleAsync();
        Assert.Single(Lines("background"));
        // Outside a failed call's callback there is no lastError.
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof chrome.runtime.lastError"));
    }

    [Fact]
    public async Task Chromium_browser_is_chrome_with_promises_and_its_lastError_is_a_plain_object()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal($"[true,\"chrome.{Missing}\",\"Object\"]", await e.EvaluateAsync("background", """
            [browser === chrome,
             await chrome.history.search({ text: '' }).catch(e => e.message),
             await new Promise(r => chrome.history.search({ text: '' }, () => r(chrome.runtime.lastError.constructor.name)))]
            """));
    }
}
