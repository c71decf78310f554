using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>The entry points a worker context runs its script through, on a realm made directly (no actors).</summary>
public sealed class EntryScriptsTests : IDisposable
{
    private readonly List<ExtensionFolder> _folders = [];
    private readonly List<ConsoleEntry> _console = [];

    private ContextRealm Realm(Dictionary<string, string> files)
    {
        files.TryAdd("manifest.json", """{ "manifest_version": 3, "name": "t", "version": "1", "background": { "service_worker": "sw.js", "type": "module" } }""");
        var folder = new ExtensionFolder(files);
        _folders.Add(folder);
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig) with { Console = _console.Add };
        var kernel = new ExtensionKernel(ExtensionPackage.Load(folder.Path), Flavor.Chrome, options);
        var info = new ContextInfo("background", ContextKind.Background, false, kernel.Identity.BaseUrl + "sw.js");
        var realm = new ContextRealm(info, kernel);
        kernel.Register(realm);
        return realm;
    }

    private IEnumerable<string> Lines => _console.Select(l => l.Text);

    /// <summary>Runs an entry as a context's turn does: with the turn's budget armed.</summary>
    private static string? Turn(ContextRealm realm, Func<ContextRealm, string, string?> run, string path)
    {
        realm.Extension.Budget.Arm();
        return run(realm, path);
    }

    /// <summary>Five of the seven are Jint internals read by name: a rename in Jint must fail here, not in a page.</summary>
    [Theory]
    [InlineData("Error")]
    [InlineData("TypeError")]
    [InlineData("RangeError")]
    [InlineData("SyntaxError")]
    [InlineData("ReferenceError")]
    [InlineData("EvalError")]
    [InlineData("URIError")]
    public void The_realms_error_constructors_are_the_engines_own_even_after_a_script_replaced_the_global(string name)
    {
        var realm = Realm(new() { ["sw.js"] = "" });
        realm.Extension.Budget.Arm();
        var intrinsic = realm.Engine.GetValue(name);
        realm.Engine.Execute($"globalThis.{name} = function Impostor() {{}};");
        var constructor = realm.ErrorConstructor(name);
        Assert.NotNull(constructor);
        Assert.Same(intrinsic, constructor);
        var made = realm.Engine.Construct(constructor!, [new Jint.Native.JsString("x")]);
        Assert.Equal(name, Jint.Runtime.TypeConverter.ToString(made.Get("name")));
    }

    [Fact]
    public void A_module_entry_runs_its_graph_and_its_synchronous_part_before_returning()
    {
        var realm = Realm(new()
        {
            ["sw.js"] = "import { start } from './lib/start.js';\nglobalThis.log = [start];\nawait null;\nlog.push('after await');\nawait new Promise(() => {});\nlog.push('never');",
            ["lib/start.js"] = "export const start = 'start:' + import.meta.url.split('/').slice(3).join('/');",
        });
        Assert.True(realm.Extension.Package.Manifest.Background.IsModule);
        Assert.Null(Turn(realm, EntryScripts.RunModule, "/sw.js"));
        Assert.Equal("""["start:lib/start.js","after await"]""", realm.Format(realm.Engine.Evaluate("log")));
    }

    [Fact]
    public void A_module_entry_reports_a_failing_graph_or_what_it_throws()
    {
        var realm = Realm(new() { ["sw.js"] = "import './missing.js';", ["throws.js"] = "throw new Error('top');" });
        Assert.StartsWith("Loading failed for the module with source \"missing.js\" (imported by sw.js:1:1): ", Turn(realm, EntryScripts.RunModule, "sw.js"));
        Assert.Equal("Uncaught Error: top (throws.js:1:7)", Turn(realm, EntryScripts.RunModule, "throws.js"));
        Assert.StartsWith("Loading failed for the module with source \"nothing.js\"", Turn(realm, EntryScripts.RunModule, "nothing.js"));
        Assert.Contains("Uncaught Error: top (throws.js:1:7)", Lines);
    }

    [Fact]
    public void Dynamic_import_is_refused_once_the_worker_flag_is_set_and_static_imports_still_load()
    {
        var realm = Realm(new()
        {
            ["sw.js"] = "import { value } from './lib.js';\nglobalThis.result = [value];\nimport('./other.js').then(() => result.push('loaded'), (error) => result.push(error instanceof TypeError, error.message));",
            ["lib.js"] = "export const value = 1;",
            ["other.js"] = "export default 2;",
        });
        realm.DynamicImportDisallowed = true;
        Assert.Null(Turn(realm, EntryScripts.RunModule, "sw.js"));
        Assert.Equal("""[1,true,"import() is disallowed on ServiceWorkerGlobalScope by the HTML specification. See https://github.com/w3c/ServiceWorker/issues/1356."]""",
            realm.Format(realm.Engine.Evaluate("result")));
    }

    [Fact]
    public void A_classic_entry_runs_or_reports_why_not()
    {
        var realm = Realm(new() { ["sw.js"] = "globalThis.ran = true; Promise.resolve().then(() => globalThis.job = true);", ["bad.js"] = "var = 1;" });
        Assert.Null(Turn(realm, EntryScripts.RunClassic, "sw.js"));
        Assert.Equal("[true,true]", realm.Format(realm.Engine.Evaluate("[ran, job]")));
        Assert.StartsWith("Uncaught SyntaxError: ", Turn(realm, EntryScripts.RunClassic, "bad.js"));
        Assert.StartsWith("Loading failed for the script with source \"gone.js\"", Turn(realm, EntryScripts.RunClassic, "gone.js"));
        Assert.StartsWith("Loading failed for the script with source \"../out.js\"", Turn(realm, EntryScripts.RunClassic, "../out.js"));
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
    }
}
