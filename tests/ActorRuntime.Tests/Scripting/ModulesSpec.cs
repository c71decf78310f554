using ActorRuntime.Tests.Support;
using Akka.Actor;

namespace ActorRuntime.Tests.Scripting;

/// <summary>ES modules in extension pages: imports resolved inside the extension, each module run once per context, failures named with the importing file and line.</summary>
public class ModulesSpec : RuntimeSpec
{
    /// <summary>An extension whose popup loads <c>main.js</c> as a module after a classic script that starts a log.</summary>
    private async Task<LoadedExtension> PopupModule(Dictionary<string, string> files, Flavor flavor = Flavor.Mdn, string main = "main.js")
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = $"""<!DOCTYPE html><html><body><script src="start.js"></script><script type="module" src="{main}"></script></body></html>""";
        all["start.js"] = "var log = []; var errors = []; document.addEventListener('error', (e) => errors.push(e.target.getAttribute('src')), true);";
        foreach (var (name, text) in files) all[name] = text;
        var e = await Load(all, flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task A_graph_with_a_cycle_runs_each_module_once_in_dependency_order()
    {
        var e = await PopupModule(new()
        {
            ["main.js"] = "import { a } from './lib/a.js';\nimport { b } from './lib/b.js';\nimport './lib/a.js';\nlog.push('main:' + a() + b());",
            ["lib/a.js"] = "import { b } from './b.js';\nlog.push('a');\nexport function a() { return 'A' + typeof b; }",
            ["lib/b.js"] = "import { a } from '../lib/a.js';\nlog.push('b');\nexport function b() { return 'B' + typeof a; }",
        });
        // a imports b, b imports a back: b runs first (its import of a is the cycle), each once.
        Assert.Equal("""["b","a","main:AfunctionBfunction"]""", await e.EvaluateAsync("popup", "log"));
    }

    [Fact]
    public async Task A_module_imported_from_two_places_and_two_scripts_runs_once_and_sees_its_own_url()
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script src="start.js"></script><script type="module" src="one.js"></script><script type="module" src="/two.js"></script><script type="module" src="./one.js"></script></body></html>""";
        all["start.js"] = "var runs = {};";
        all["one.js"] = "import { count } from './shared.js';\nruns.one = (runs.one || 0) + 1;";
        all["two.js"] = "import { count, url } from '/shared.js';\nruns.two = count();\nruns.url = url;";
        all["shared.js"] = "runs.shared = (runs.shared || 0) + 1;\nexport const count = () => runs.shared;\nexport const url = import.meta.url;";
        var e = await Load(all);
        await e.OpenAsync("popup");
        Assert.Equal($$"""{"shared":1,"one":1,"two":1,"url":"{{e.BaseUrl}}shared.js"}""", await e.EvaluateAsync("popup", "runs"));
    }

    [Fact]
    public async Task A_popup_opened_again_runs_its_modules_alike_from_the_records_kept_entries()
    {
        // The second popup's engine makes its records from the entries the first one's kept: relative imports from a
        // folder, import.meta.url, source text, eval and import() in module code must read as they did the first time.
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script type="module" src="app/main.js"></script></body></html>""";
        all["app/main.js"] = "import { describe } from './lib/util.js';\nimport * as util from './lib/util.js';\n" +
            "window.report = describe() + '|' + Object.keys(util).join(',') + '|' + eval('1 + 1');\n" +
            "window.loaded = import('./lib/late.js').then(m => m.late);";
        all["app/lib/util.js"] = "export const url = import.meta.url;\nexport function describe() { return url + '|' + describe.toString(); }";
        all["app/lib/late.js"] = "export const late = 'late ' + import.meta.url;";
        var e = await Load(all);
        var expected = $$"""["{{e.BaseUrl}}app/lib/util.js|function describe() { return url + '|' + describe.toString(); }|describe,url|2","late {{e.BaseUrl}}app/lib/late.js"]""";
        await e.OpenAsync("popup");
        Assert.Equal(expected, await e.EvaluateAsync("popup", "loaded.then(late => [report, late])"));
        await e.CloseAsync("popup");
        await e.OpenAsync("popup");
        Assert.Equal(expected, await e.EvaluateAsync("popup", "loaded.then(late => [report, late])"));
    }

    [Fact]
    public async Task A_missing_module_is_reported_with_the_importing_file_and_line_and_nothing_of_the_graph_runs()
    {
        var e = await PopupModule(new()
        {
            ["main.js"] = "log.push('main');\nimport './ok.js';\nimport { x } from './missing.js';",
            ["ok.js"] = "log.push('ok');",
        });
        Assert.Equal("""[[],["main.js"]]""", await e.EvaluateAsync("popup", "[log, errors]"));
        Assert.Contains(Lines("popup"), l => l.StartsWith("Loading failed for the module with source \"missing.js\" (imported by main.js:3:1): ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_syntax_error_in_a_dependency_names_its_place_and_the_import()
    {
        var e = await PopupModule(new()
        {
            ["main.js"] = "import './lib/ok.js';\n  import { y } from './lib/dep.js';\nlog.push('main');",
            ["lib/ok.js"] = "log.push('ok');",
            ["lib/dep.js"] = "export const y = 1;\n\nlet z = ;\n",
        });
        Assert.Equal("[]", await e.EvaluateAsync("popup", "log"));
        var line = Assert.Single(Lines("popup"), l => l.StartsWith("Uncaught SyntaxError: ", StringComparison.Ordinal));
        Assert.Contains("(lib/dep.js:3:", line);
        Assert.EndsWith(", in the module imported by main.js:2:3", line);
    }

    [Fact]
    public async Task A_bare_specifier_is_refused_as_browsers_refuse_it()
    {
        var e = await PopupModule(new() { ["main.js"] = "import _ from 'lodash';\nlog.push('main');", ["lodash"] = "export default 1;" });
        Assert.Equal("[]", await e.EvaluateAsync("popup", "log"));
        Assert.Contains("Uncaught TypeError: Failed to resolve module specifier \"lodash\". Relative references must start with either \"/\", \"./\", or \"../\". (main.js:1:1)", Lines("popup"));
    }

    [Theory]
    [InlineData("../../../../outside.js", "Loading failed for the module with source \"outside.js\" (imported by main.js:1:1): ")]
    [InlineData("./..%2f..%2foutside.js", "Uncaught TypeError: Failed to load module script \"./..%2f..%2foutside.js\": ")]
    [InlineData("https://cdn.example/lib.js", "Uncaught TypeError: Failed to load module script \"https://cdn.example/lib.js\": only the extension's own files can be imported")]
    [InlineData("chrome-extension://abcdefghijklmnopabcdefghijklmnop/lib.js", "Uncaught TypeError: Failed to load module script \"chrome-extension://abcdefghijklmnopabcdefghijklmnop/lib.js\": only the extension's own files")]
    public async Task Nothing_outside_the_extension_folder_is_imported(string specifier, string expected)
    {
        // URLs clamp at the extension's root, the package refuses a path that leaves the folder, other origins are refused.
        var e = await PopupModule(new() { ["main.js"] = $"import '{specifier}';\nlog.push('main');" });
        Assert.Equal("[false,[]]", await e.EvaluateAsync("popup", "['escaped' in globalThis, log]"));
        Assert.Contains(Lines("popup"), l => l.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_out_of_the_folder_is_refused()
    {
        var outside = Folder(new Dictionary<string, string> { ["secret.js"] = "globalThis.escaped = true;" });
        var all = new Dictionary<string, string> { ["main.js"] = "import './link.js';\nlog.push('main');" };
        var e = await PopupModuleWith(all, folder => File.CreateSymbolicLink(Path.Combine(folder, "link.js"), Path.Combine(outside.Path, "secret.js")));
        Assert.Equal("[false,[]]", await e.EvaluateAsync("popup", "['escaped' in globalThis, log]"));
        Assert.Contains(Lines("popup"), l => l.StartsWith("Loading failed for the module with source \"link.js\" (imported by main.js:1:1): ", StringComparison.Ordinal));
    }

    private async Task<LoadedExtension> PopupModuleWith(Dictionary<string, string> files, Action<string> prepare)
    {
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script src="start.js"></script><script type="module" src="main.js"></script></body></html>""";
        all["start.js"] = "var log = [];";
        foreach (var (name, text) in files) all[name] = text;
        var folder = Folder(all);
        prepare(folder.Path);
        var package = ActorRuntime.Manifest.ExtensionPackage.Load(folder.Path);
        var spawned = ActorRuntime.Lifecycle.ExtensionSpawner.Spawn(Sys, ActorRuntime.Lifecycle.ExtensionSpawner.NewState(package, Options(Flavor.Mdn)));
        await spawned.Supervisor.Ask<ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.Started>(ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.Start.Instance, AskTimeout);
        var e = new LoadedExtension(spawned, AskTimeout);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task A_chain_of_5000_imports_stops_at_the_depth_limit_without_overflowing_the_stack()
    {
        var files = new Dictionary<string, string>();
        for (var i = 0; i < 5000; i++) files[$"c{i}.js"] = i + 1 < 5000 ? $"import './c{i + 1}.js';\nlog.push({i});" : "log.push('end');";
        var e = await PopupModule(files, main: "c0.js");
        Assert.Equal("[]", await e.EvaluateAsync("popup", "log"));
        var depth = ActorRuntime.Scripting.ScriptLimits.Default.MaxModuleDepth;
        Assert.Contains($"Loading failed for the module with source \"c{depth}.js\" (imported by c{depth - 1}.js:1:1): static imports nested more than {depth} deep (actorruntime.script.max-module-depth)", Lines("popup"));
        // The page goes on: a classic script after the failed graph still works.
        Assert.Equal("2", await e.EvaluateAsync("popup", "1 + 1"));
    }

    [Fact]
    public async Task A_chain_as_deep_as_the_limit_links_and_runs()
    {
        var depth = ActorRuntime.Scripting.ScriptLimits.Default.MaxModuleDepth;
        var files = new Dictionary<string, string>();
        for (var i = 0; i < depth; i++) files[$"c{i}.js"] = i + 1 < depth ? $"import './c{i + 1}.js';\nlog.push({i});" : "log.push('end');";
        var e = await PopupModule(files, main: "c0.js");
        Assert.Equal($"[{depth},\"end\",0]", await e.EvaluateAsync("popup", "[log.length, log[0], log[log.length - 1]]"));
    }

    [Fact]
    public async Task A_graph_with_more_modules_than_the_limit_is_refused()
    {
        var limits = ActorRuntime.Scripting.ScriptLimits.Default with { MaxModules = 50 };
        var all = Manifests.Standard(Manifests.PersistentScripts, "");
        all["popup.html"] = """<!DOCTYPE html><html><body><script src="start.js"></script><script type="module" src="main.js"></script></body></html>""";
        all["start.js"] = "var log = [];";
        all["main.js"] = string.Concat(Enumerable.Range(0, 60).Select(i => $"import './m{i}.js';\n")) + "log.push('main');";
        for (var i = 0; i < 60; i++) all[$"m{i}.js"] = $"log.push({i});";
        var e = await Load(all, Flavor.Mdn, limits);
        await e.OpenAsync("popup");
        Assert.Equal("[]", await e.EvaluateAsync("popup", "log"));
        Assert.Contains("Loading failed for the module with source \"m49.js\" (imported by main.js:50:1): more than 50 modules in one context (actorruntime.script.max-modules)", Lines("popup"));
    }
}
