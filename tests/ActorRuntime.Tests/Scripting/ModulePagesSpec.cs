using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>Module scripts in pages (deferred, in order), <c>import()</c>, module backgrounds, and one parse per extension.</summary>
public class ModulePagesSpec : RuntimeSpec
{
    [Fact]
    public async Task Module_scripts_are_deferred_and_run_in_document_order_with_defer_scripts_before_DOMContentLoaded()
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """
            <!DOCTYPE html><html><head>
            <script src="first.js"></script>
            <script type="module" src="mod1.js"></script>
            <script src="deferred.js" defer></script>
            <script type="module" src="mod2.js"></script>
            <script type="module" src="async.js" async></script>
            <script src="legacy.js" nomodule></script>
            </head><body><p id="late">p</p>
            <script src="last.js"></script>
            </body></html>
            """;
        all["first.js"] = "var order = []; document.addEventListener('DOMContentLoaded', () => order.push('DOMContentLoaded'));";
        all["mod1.js"] = "import { tag } from './tag.js';\norder.push(tag('mod1') + ':' + !!document.getElementById('late') + ':' + document.currentScript);";
        all["mod2.js"] = "import { tag } from './tag.js';\norder.push(tag('mod2'));";
        all["tag.js"] = "order.push('tag');\nexport const tag = (name) => name;";
        all["deferred.js"] = "order.push('deferred');";
        all["async.js"] = "order.push('async');";
        all["legacy.js"] = "order.push('legacy');";
        all["last.js"] = "order.push('last');";
        var e = await Load(all);
        await e.OpenAsync("popup");
        Assert.Equal("""["last","async","tag","mod1:true:null","deferred","mod2","DOMContentLoaded"]""", await e.EvaluateAsync("popup", "order"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "Content-Security-Policy: The page’s settings blocked an inline script (script-src-elem)")]
    [InlineData(Flavor.Chrome, "Refused to execute inline script because it violates the following Content Security Policy directive")]
    public async Task Inline_module_scripts_in_extension_pages_are_blocked_by_the_extension_policy(Flavor flavor, string line)
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script type="module">window.inlineRan = true;</script><script type="module" src="mod.js"></script></body></html>""";
        all["mod.js"] = "window.externalRan = true;";
        var e = await Load(all, flavor);
        await e.OpenAsync("popup");
        Assert.Equal("[false,true]", await e.EvaluateAsync("popup", "['inlineRan' in window, window.externalRan === true]"));
        Assert.Contains(Lines("popup"), l => l.StartsWith(line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dynamic_import_in_a_page_resolves_against_the_importing_file()
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = ExtensionFolder.Html("ui/popup.js");
        all["ui/popup.js"] = "var loaded = import('./parts/part.js').then((ns) => ns.describe());";
        all["ui/parts/part.js"] = "import { name } from '../../shared/name.js';\nexport const describe = () => name + ' from ' + import.meta.url;";
        all["shared/name.js"] = "export const name = 'part';";
        var e = await Load(all);
        await e.OpenAsync("popup");
        Assert.Equal($"\"part from {e.BaseUrl}ui/parts/part.js\"", await e.EvaluateAsync("popup", "loaded"));
        // The module is this context's now: importing it again (here by its full URL) gives the same namespace.
        Assert.Equal("true", await e.EvaluateAsync("popup", $"Promise.all([import('{e.BaseUrl}ui/parts/part.js'), import('/ui/parts/part.js')]).then(([a, b]) => a === b)"));
        Assert.Equal("\"TypeError: Failed to resolve module specifier \\\"lodash\\\". Relative references must start with either \\\"/\\\", \\\"./\\\", or \\\"../\\\".\"",
            await e.EvaluateAsync("popup", "import('lodash').then(() => 'loaded', (error) => String(error))"));
        Assert.Equal("true", await e.EvaluateAsync("popup", "import('./missing.js').then(() => false, (error) => error instanceof TypeError && error.message.startsWith('Loading failed for the module with source \"missing.js\"'))"));
    }

    [Fact]
    public async Task Dynamic_import_is_refused_with_Chromium_words_where_the_worker_flag_is_set()
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["lib.js"] = "export const value = 42;";
        var e = await Load(all, Flavor.Chrome);
        await e.OpenAsync("popup");
        Assert.Equal("42", await e.EvaluateAsync("popup", "import('./lib.js').then((ns) => ns.value)"));
        var popup = Assert.Single(e.State.Realms, r => r.Label == "popup");
        popup.DynamicImportDisallowed = true;
        Assert.Equal(
            "\"TypeError: import() is disallowed on ServiceWorkerGlobalScope by the HTML specification. See https://github.com/w3c/ServiceWorker/issues/1356.\"",
            await e.EvaluateAsync("popup", "import('./other.js').then(() => 'loaded', (error) => String(error))"));
    }

    [Fact]
    public async Task A_module_background_shows_getBackgroundPage_only_what_it_puts_on_the_window()
    {
        var files = new Dictionary<string, string>
        {
            ["manifest.json"] = """
                { "manifest_version": 3, "name": "t", "version": "1",
                  "background": { "scripts": ["bg.js", "second.js"], "type": "module" },
                  "action": { "default_popup": "popup.html" },
                  "browser_specific_settings": { "gecko": { "id": "modules@example.org" } } }
                """,
            ["bg.js"] = "import { helper } from './lib.js';\nconst hidden = 'module binding';\nvar alsoHidden = 1;\nfunction notGlobal() {}\nwindow.shown = helper();\nglobalThis.order = ['bg'];",
            ["second.js"] = "import './lib.js';\norder.push('second');",
            ["lib.js"] = "export const helper = () => 'from lib';\nglobalThis.libRuns = (globalThis.libRuns || 0) + 1;",
            ["popup.html"] = ExtensionFolder.Html(),
        };
        var e = await Load(files, Flavor.Firefox);
        await e.OpenAsync("popup");
        Assert.Equal("""["from lib",["bg","second"],1,false,false,false]""", await e.EvaluateAsync("popup",
            "browser.runtime.getBackgroundPage().then((w) => [w.shown, w.order, w.libRuns, 'hidden' in w, 'alsoHidden' in w, 'notGlobal' in w])"));
    }

    [Fact]
    public async Task A_module_is_read_and_parsed_once_for_the_extension_and_shared_by_its_contexts()
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script type="module" src="view.js"></script></body></html>""";
        all["options.html"] = all["popup.html"];
        all["view.js"] = "import { version } from './shared.js';\nwindow.version = version;";
        all["shared.js"] = "export const version = 1;";
        var e = await Load(all);
        await e.OpenAsync("popup");
        var first = e.State.Catalog.GetModule("shared.js");
        // Changed on disk after the first reading: the other context (and a reopened one) runs what was parsed then.
        File.WriteAllText(Path.Combine(e.Package.Directory, "shared.js"), "export const version = 2;");
        await e.OpenAsync("options");
        Assert.Equal("1", await e.EvaluateAsync("options", "window.version"));
        Assert.Same(first, e.State.Catalog.GetModule("shared.js"));
        Assert.Equal("1", await e.EvaluateAsync("popup", "window.version"));
    }

    [Fact]
    public async Task A_content_script_imports_the_extensions_modules_by_their_full_url_and_a_web_page_runs_its_inline_modules()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "", """
            "content_scripts": [ { "matches": ["https://shop.example/*"], "js": ["content.js"] } ],
            """);
        files["content.js"] = "var viaUrl = import(browser.runtime.getURL('lib/tool.js')).then((ns) => ns.tool());\nvar relative = import('./lib/tool.js').then(() => 'loaded', (error) => error.constructor.name);";
        files["lib/tool.js"] = "import { part } from './part.js';\nexport const tool = () => 'tool+' + part;";
        files["lib/part.js"] = "export const part = 'part';";
        var e = await Load(files);
        var label = await e.OpenAsync("tab:https://shop.example/item", pageHtml: """
            <!DOCTYPE html><html><body><script>document.body.dataset.log = 'classic';</script>
            <script type="module">document.body.dataset.log += ',inline module:' + import.meta.url;</script>
            <script type="module">import '/lib/part.js'; document.body.dataset.log += ',reached the extension';</script>
            <script>document.body.dataset.log += ',classic after';</script></body></html>
            """);
        Assert.Equal("""["tool+part","TypeError"]""", await e.EvaluateAsync(label, "Promise.all([viaUrl, relative])"));
        // The page's own world ran its inline module after its classic scripts (the content script sees the shared document).
        // Its modules' imports name the web, never the extension's files.
        Assert.Equal("\"classic,classic after,inline module:https://shop.example/item\"", await e.EvaluateAsync(label, "document.body.dataset.log"));
        Assert.Contains(Lines("tab:https://shop.example/item"), l => l.StartsWith("Uncaught TypeError: Failed to load module script \"/lib/part.js\": a web page's modules come from the web", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_a_module_throws_is_reported_with_its_place_also_after_a_top_level_await()
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script type="module" src="throws.js"></script><script type="module" src="later.js"></script><script src="after.js"></script></body></html>""";
        all["throws.js"] = "window.before = true;\n  throw new RangeError('at once');";
        all["later.js"] = "await new Promise((resolve) => setTimeout(resolve, 1000));\nwindow.awaited = true;\nnull.f();";
        all["after.js"] = "var after = true;";
        var e = await Load(all);
        await e.OpenAsync("popup");
        Assert.Equal("[true,true,false]", await e.EvaluateAsync("popup", "[window.before, after, 'awaited' in window]"));
        Assert.Contains("Uncaught RangeError: at once (throws.js:2:9)", Lines("popup"));
        await e.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("true", await e.EvaluateAsync("popup", "window.awaited"));
        Assert.Contains(Lines("popup"), l => l.StartsWith("Uncaught TypeError: ", StringComparison.Ordinal) && l.EndsWith("(later.js:3:1)", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines("popup"), l => l.StartsWith("Uncaught (in promise)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_background_type_other_than_classic_or_module_is_refused()
    {
        var files = Manifests.Standard("\"background\": { \"scripts\": [\"background.js\"], \"type\": \"esm\" },", "");
        var folder = Folder(files);
        var error = Assert.Throws<ManifestException>(() => ActorRuntime.Manifest.ExtensionPackage.Load(folder.Path));
        Assert.EndsWith("$.background.type: expected \"classic\" or \"module\", got \"esm\"", error.Message);
        await Task.CompletedTask;
    }
}
