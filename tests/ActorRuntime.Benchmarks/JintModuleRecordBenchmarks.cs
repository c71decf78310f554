using ActorRuntime.Scripting;
using Acornima.Ast;
using BenchmarkDotNet.Attributes;
using Jint;
using Jint.Runtime.Modules;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Jint alone, no runtime around it: what a fresh engine pays to run the service-worker benchmark's code as 10 modules
/// (20 KB, parsed once) against the same code as one classic script (parsed once), and how much of the modules' share is
/// the engine building its record of each module (<c>ModuleFactory.BuildSourceTextModule</c>, which walks the whole
/// tree for the module's imports and exports on every engine), against the records the runtime builds from the entries
/// kept with each parsed module (<see cref="ModuleRecords"/>), as a worker's every start after the first does
/// (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class JintModuleRecordBenchmarks
{
    private readonly Dictionary<string, Prepared<Acornima.Ast.Module>> _modules = new(StringComparer.Ordinal);
    private Prepared<Script> _classic;
    private readonly Dictionary<string, PreparedModule> _kept = new(StringComparer.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        var entry = new System.Text.StringBuilder();
        var classic = new System.Text.StringBuilder();
        for (var m = 1; m < 10; m++)
        {
            var code = WorkerExtensions.Module($"registry{m}", 2000);
            entry.Append($"import {{ registry{m} }} from './m{m}.js';\n");
            Add($"./m{m}.js", $"m{m}.js", code);
            classic.Append(code.Replace("export ", "", StringComparison.Ordinal));
        }
        var own = WorkerExtensions.Module("registry0", 2000 - entry.Length);
        Add("./sw.js", "sw.js", entry + own);
        _classic = Engine.PrepareScript(classic + own.Replace("export ", "", StringComparison.Ordinal));
        // The runtime's first records keep their entries: its rows below build from them.
        new Engine(options => options.EnableModules(new KeptLoader(_kept))).Modules.Import("./sw.js");
    }

    /// <summary>Both ways of a module; the kept one parsed as the runtime parses (keeping its functions' source text).</summary>
    private void Add(string key, string path, string code)
    {
        _modules[key] = Engine.PrepareModule(code, path);
        _kept[key] = PreparedModule.Parse(path, code);
    }

    [Benchmark(Baseline = true, Description = "new engine, the code as one classic script (20 KB)")]
    public object Classic() => new Engine().Execute(in _classic);

    [Benchmark(Description = "new engine, the code as 10 modules (20 KB): records built, linked, evaluated")]
    public object Modules()
    {
        var engine = new Engine(options => options.EnableModules(new Loader(_modules)));
        return engine.Modules.Import("./sw.js");
    }

    [Benchmark(Description = "the same with records made from the kept entries (the runtime's way)")]
    public object ModulesFromKeptEntries()
    {
        var engine = new Engine(options => options.EnableModules(new KeptLoader(_kept)));
        return engine.Modules.Import("./sw.js");
    }

    [Benchmark(Description = "part: a new engine alone (in each row above and below)")]
    public object NewEngine() => new Engine();

    [Benchmark(Description = "part: the 10 module records built on a new engine")]
    public object Records()
    {
        var engine = new Engine();
        Jint.Runtime.Modules.Module? last = null;
        foreach (var prepared in _modules.Values) last = ModuleFactory.BuildSourceTextModule(engine, in prepared);
        return last!;
    }

    [Benchmark(Description = "part: the 10 module records made on a new engine from the kept entries")]
    public object RecordsFromKeptEntries()
    {
        var engine = new Engine();
        Jint.Runtime.Modules.Module? last = null;
        foreach (var module in _kept.Values) last = module.BuildRecord(engine);
        return last!;
    }

    /// <summary>Every specifier is a key of the prepared modules.</summary>
    private sealed class Loader(Dictionary<string, Prepared<Acornima.Ast.Module>> modules) : IModuleLoader
    {
        public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest) =>
            new(moduleRequest, moduleRequest.Specifier, null, SpecifierType.RelativeOrAbsolute);

        public Jint.Runtime.Modules.Module LoadModule(Engine engine, ResolvedSpecifier resolved)
        {
            var prepared = modules[resolved.Key];
            return ModuleFactory.BuildSourceTextModule(engine, in prepared);
        }
    }

    /// <summary>The same, each record built as the runtime's contexts build theirs.</summary>
    private sealed class KeptLoader(Dictionary<string, PreparedModule> modules) : IModuleLoader
    {
        public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest) =>
            new(moduleRequest, moduleRequest.Specifier, null, SpecifierType.RelativeOrAbsolute);

        public Jint.Runtime.Modules.Module LoadModule(Engine engine, ResolvedSpecifier resolved) => modules[resolved.Key].BuildRecord(engine);
    }
}
