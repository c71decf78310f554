using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Pages load as browsers load them, under the extension content security policy.</summary>
public class PageLoadingSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(string html, Dictionary<string, string> scripts, Flavor flavor = Flavor.Mdn, int manifestVersion = 2)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        if (manifestVersion == 3)
            files["manifest.json"] = """{ "manifest_version": 3, "name": "t", "version": "1", "action": { "default_popup": "popup.html" } }""";
        files["popup.html"] = html;
        foreach (var (name, text) in scripts) files[name] = text;
        var e = await Load(files, flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Scripts_see_the_tree_built_so_far_and_loading_moves_through_its_states()
    {
        var e = await Popup("""
            <!DOCTYPE html><html><head>
            <script src="head.js"></script>
            <script src="deferred.js" defer></script>
            <script src="async.js" async></script>
            </head><body><p id="first">1</p>
            <script src="middle.js"></script>
            <p id="second">2</p></body></html>
            """, new()
        {
            ["head.js"] = """
                var log = [`head:${document.readyState}:${document.body}:${document.currentScript.src.split('/').pop()}`];
                document.addEventListener('readystatechange', () => log.push('state:' + document.readyState));
                document.addEventListener('DOMContentLoaded', () => log.push('DOMContentLoaded'));
                window.addEventListener('load', (e) => log.push(`load:${document.readyState}:${e.target === document || e.target === window}`));
                """,
            ["middle.js"] = "log.push(`middle:${!!document.getElementById('first')}:${!!document.getElementById('second')}`);",
            ["deferred.js"] = "log.push(`deferred:${document.readyState}:${!!document.getElementById('second')}`);",
            ["async.js"] = "log.push('async');",
        });
        Assert.Equal("""["head:loading:null:head.js","middle:true:false","state:interactive","async","deferred:interactive:true","DOMContentLoaded","state:complete","load:complete:true"]""",
            await e.EvaluateAsync("popup", "log"));
    }

    [Theory]
    [InlineData(Flavor.Mdn, 2, "Content-Security-Policy: The page’s settings blocked an inline script (script-src-elem) from being executed because it violates the following directive: “script-src 'self' 'wasm-unsafe-eval'”. Consider using a hash ('sha256-")]
    [InlineData(Flavor.Firefox, 3, "Content-Security-Policy: The page’s settings blocked an inline script (script-src-elem) from being executed because it violates the following directive: “script-src 'self'”. Consider using a hash ('sha256-")]
    [InlineData(Flavor.Chrome, 2, "Refused to execute inline script because it violates the following Content Security Policy directive: \"script-src 'self' blob: filesystem:\". Either the 'unsafe-inline' keyword, a hash ('sha256-")]
    [InlineData(Flavor.Chrome, 3, "Refused to execute inline script because it violates the following Content Security Policy directive: \"script-src 'self'\". Either the 'unsafe-inline' keyword, a hash ('sha256-")]
    public async Task Inline_scripts_and_handlers_never_run_and_the_console_says_why(Flavor flavor, int manifestVersion, string line)
    {
        var e = await Popup("""
            <!DOCTYPE html><html><body>
            <script>window.inlineRan = true;</script>
            <button id="b" onclick="window.handlerRan = true">b</button>
            <script src="popup.js"></script>
            </body></html>
            """, new() { ["popup.js"] = "document.getElementById('b').click();" }, flavor, manifestVersion);
        Assert.Equal("[false,false]", await e.EvaluateAsync("popup", "['inlineRan' in window, 'handlerRan' in window]"));
        var lines = Lines("popup");
        Assert.Contains(lines, l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(flavor == Flavor.Chrome ? "Refused to execute inline event handler" : "blocked an event handler (script-src-attr)"));
        // The hash named is the script's own, so an author can see what a policy would have to allow.
        Assert.Contains(lines, l => l.Contains("sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("window.inlineRan = true;"u8))));
    }

    [Fact]
    public async Task A_missing_script_is_reported_fires_error_on_its_element_and_the_rest_runs()
    {
        var e = await Popup("""
            <!DOCTYPE html><html><body>
            <script src="first.js"></script>
            <script id="gone" src="missing.js"></script>
            <script src="last.js"></script>
            </body></html>
            """, new()
        {
            ["first.js"] = "var errors = []; document.addEventListener('error', (e) => errors.push(e.target.id), true);",
            ["last.js"] = "var lastRan = true;",
        });
        Assert.Equal("[true,[\"gone\"]]", await e.EvaluateAsync("popup", "[lastRan, errors]"));
        Assert.Contains(Lines("popup"), l => l.StartsWith("Loading failed for the script with source \"missing.js\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Module_scripts_run_after_the_parser_and_nomodule_scripts_do_not()
    {
        var e = await Popup("""<!DOCTYPE html><html><body><script type="module" src="mod.js"></script><script src="legacy.js" nomodule></script><script src="after.js"></script></body></html>""",
            new() { ["mod.js"] = "window.moduleRan = typeof after;", ["legacy.js"] = "window.legacyRan = true;", ["after.js"] = "var after = true;" });
        Assert.Equal("[\"boolean\",false]", await e.EvaluateAsync("popup", "[window.moduleRan, 'legacyRan' in window]"));
    }

    [Fact]
    public async Task Microtasks_run_between_scripts()
    {
        var e = await Popup("""<!DOCTYPE html><html><body><script src="a.js"></script><script src="b.js"></script></body></html>""",
            new() { ["a.js"] = "var order = []; Promise.resolve().then(() => order.push('microtask'));", ["b.js"] = "order.push('b');" });
        Assert.Equal("[\"microtask\",\"b\"]", await e.EvaluateAsync("popup", "order"));
    }
}
