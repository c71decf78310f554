using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>Pages run their scripts in document order; failures are reported as uncaught errors and later scripts still run.</summary>
public class PageScriptsSpec : RuntimeSpec
{
    [Fact]
    public async Task Scripts_run_in_document_order_and_failures_do_not_stop_the_page_and_inline_scripts_are_blocked()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """
            <html><head><script src="a.js"></script></head>
            <body>
              <script>order.push("inline");</script>
              <script src="missing.js"></script>
              <script src="syntax.js"></script>
              <script src="throws.js"></script>
              <script type="application/json">{"not": "a script"}</script>
              <script src="/b.js"></script>
            </body></html>
            """;
        files["a.js"] = "var order = ['a'];";
        files["syntax.js"] = "var x = ;";
        files["throws.js"] = "order.push('throws');\nnull.f();";
        files["b.js"] = "order.push('b'); console.log('order', order.join(','));";
        var e = await Load(files);
        await e.OpenAsync("popup");
        // The extension content security policy blocks inline scripts: they never run, and the console says so.
        Assert.Equal("[\"a\",\"throws\",\"b\"]", await e.EvaluateAsync("popup", "order"));
        var lines = Lines("popup");
        Assert.Contains(lines, l => l.StartsWith("Loading failed for the script with source \"missing.js\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Uncaught SyntaxError: ", StringComparison.Ordinal) && l.EndsWith("(syntax.js:1:9)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Uncaught TypeError: ", StringComparison.Ordinal) && l.Contains("(throws.js:2:"));
        Assert.Contains("order a,throws,b", lines);
        Assert.Contains(lines, l => l.StartsWith("Content-Security-Policy: The page’s settings blocked an inline script (script-src-elem)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Background_page_runs_its_page_scripts()
    {
        var files = Manifests.Standard("\"background\": { \"page\": \"bg/page.html\" },", "");
        files["bg/page.html"] = ExtensionFolder.Html("one.js", "../two.js");
        files["bg/one.js"] = "var fromOne = 1;";
        files["two.js"] = "var fromTwo = fromOne + 1;";
        var e = await Load(files);
        Assert.Equal("[1,2,\"moz-extension\"]", await e.EvaluateAsync("background", "[fromOne, fromTwo, location.href.split(':')[0]]"));
        Assert.Equal($"\"{e.BaseUrl}bg/one.js\"", await e.EvaluateAsync("background", "browser.runtime.getURL('/bg/one.js')"));
        Assert.Equal("true", await e.EvaluateAsync("background", "browser.extension.getURL('bg/one.js') === browser.runtime.getURL('/bg/one.js')"));
    }

    [Fact]
    public async Task All_background_scripts_share_one_realm_and_each_view_has_its_own()
    {
        var files = Manifests.Standard("\"background\": { \"scripts\": [\"one.js\", \"two.js\"] },", "");
        files["one.js"] = "var shared = 'one';";
        files["two.js"] = "var sawOne = shared;";
        var e = await Load(files);
        Assert.Equal("\"one\"", await e.EvaluateAsync("background", "sawOne"));
        await e.OpenAsync("popup");
        await e.OpenAsync("options");
        await e.EvaluateAsync("popup", "var mine = 'popup'");
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("options", "typeof mine"));
    }

    [Fact]
    public async Task Console_output_is_tagged_with_its_context()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, "console.log('hello', 1, {a: [2]});"));
        await e.OpenAsync("page:tab.html");
        await e.EvaluateAsync("page:tab.html", "console.warn('from the tab')");
        Assert.Equal(["hello 1 {\"a\":[2]}"], Lines("background"));
        Assert.Equal(["from the tab"], Lines("page:tab.html"));
    }

    [Fact]
    public async Task Opening_a_page_that_does_not_exist_fails_clearly()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        var e = await Load(files);
        var failure = await Assert.ThrowsAsync<ActorRuntime.ExtensionRequestException>(() => e.OpenAsync("page:nothing.html"));
        Assert.Equal("cannot open \"page:nothing.html\": Loading failed for the page \"nothing.html\": no such file in the extension", failure.Message);
        Assert.DoesNotContain("page:nothing.html", await e.ContextsAsync());
    }

    [Fact]
    public async Task Unhandled_rejections_are_reported_once_the_task_is_done_and_handled_ones_are_not()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, """
            Promise.reject(new TypeError('nobody listens'));
            Promise.reject(new Error('caught later in the same task')).catch(() => {});
            (async () => { throw new RangeError('async failure'); })();
            """));
        await e.SettleAsync();
        Assert.Equal(["Uncaught (in promise) TypeError: nobody listens", "Uncaught (in promise) RangeError: async failure"], Lines("background"));
    }
}
