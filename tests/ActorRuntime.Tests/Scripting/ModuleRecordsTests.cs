using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Runtime.Modules;

namespace ActorRuntime.Tests.Scripting;

/// <summary>
/// Module records built from entries kept with the parsed module (<see cref="ModuleRecords"/>): the first engine's
/// records come from Jint's factory, later engines' from the kept entries, and both run a graph alike.
/// </summary>
public class ModuleRecordsTests
{
    /// <summary>
    /// Every kind of entry a record keeps: a default, named and namespace import, a local, an indirect (<c>export ... from</c>),
    /// a renamed and a star export, an import cycle, and a module with a top-level <c>await</c>.
    /// </summary>
    private static readonly Dictionary<string, string> Graph = new(StringComparer.Ordinal)
    {
        ["main.js"] = """
            import greet, { shout as loud } from 'lib.js';
            import * as everything from 'lib.js';
            import { late } from 'tla.js';
            import { fromCycle } from 'cycle.js';
            export const result = [greet('a'), loud('b'), Object.keys(everything).sort().join(','), everything.star, late, fromCycle()].join('|');
            export function mainName() { return 'main'; }
            """,
        ["lib.js"] = """
            export default function greet(name) { return 'hi ' + name; }
            function shout(text) { return text.toUpperCase(); }
            export { shout, shout as yell };
            export { relayed } from 'dep.js';
            export * from 'star.js';
            """,
        ["dep.js"] = "export const relayed = 'relayed';",
        ["star.js"] = "export const star = 'star'; export const other = 1;",
        ["tla.js"] = "export const late = await Promise.resolve('awaited');",
        ["cycle.js"] = "import { mainName } from 'main.js';\nexport function fromCycle() { return 'cycle:' + mainName(); }",
    };

    [Fact]
    public void This_Jint_s_module_records_have_the_shape_the_sharing_was_written_for()
    {
        // Fails after a Jint upgrade that changed its record type: the runtime still runs (records then all come from
        // Jint's factory, each walking its module's whole tree), but ModuleRecords must be looked at again.
        Assert.True(ModuleRecords.SharesEntries, "Jint's SourceTextModule is not what ModuleRecords was written for: every record now walks its whole tree");
    }

    [Fact]
    public void A_later_engine_s_records_made_from_the_kept_entries_link_and_evaluate_as_the_first_engine_s()
    {
        var modules = Graph.ToDictionary(kv => kv.Key, kv => PreparedModule.Parse(kv.Key, kv.Value), StringComparer.Ordinal);
        const string expected = "hi a|B|default,other,relayed,shout,star,yell|star|awaited|cycle:main";

        Assert.DoesNotContain(modules.Values, m => m.KeepsRecordEntries);
        var first = Run(modules);
        Assert.Equal(expected, first.Output);
        Assert.Equal(6, first.Loaded);
        // Every module's entries are kept from here on: the next engine's records are made from them.
        Assert.All(modules.Values, m => Assert.True(m.KeepsRecordEntries, m.Path));
        var second = Run(modules);
        Assert.Equal(expected, second.Output);
        Assert.Equal(6, second.Loaded);
        Assert.Equal("main", second.MainName);
        Assert.True(ModuleRecords.SharesEntries);
    }

    [Fact]
    public void Engines_on_several_threads_at_once_share_the_kept_entries()
    {
        var modules = Graph.ToDictionary(kv => kv.Key, kv => PreparedModule.Parse(kv.Key, kv.Value), StringComparer.Ordinal);
        Run(modules);
        var results = new string[16];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Run(modules).Output);
        Assert.All(results, r => Assert.Equal("hi a|B|default,other,relayed,shout,star,yell|star|awaited|cycle:main", r));
    }

    [Fact]
    public void A_later_engine_s_record_keeps_its_own_state_and_a_failure_in_one_engine_leaves_the_next_untouched()
    {
        var modules = new Dictionary<string, PreparedModule>(StringComparer.Ordinal)
        {
            ["main.js"] = PreparedModule.Parse("main.js", "import { bump } from 'counter.js';\nexport const result = String(bump() + bump());"),
            ["counter.js"] = PreparedModule.Parse("counter.js", "let n = 0;\nexport function bump() { n += 1; if (globalThis.failCounter) throw new Error('failed'); return n; }"),
        };
        Assert.Equal("3", Run(modules).Output);
        // A failing evaluation in one engine leaves the kept entries as they were for the next.
        var failing = new Engine(options => options.EnableModules(new Loader(modules)));
        failing.SetValue("failCounter", true);
        Assert.ThrowsAny<Exception>(() => failing.Modules.Import("main.js"));
        Assert.Equal("3", Run(modules).Output);
    }

    private static (string Output, int Loaded, string MainName) Run(Dictionary<string, PreparedModule> modules)
    {
        var loader = new Loader(modules);
        var engine = new Engine(options => options.EnableModules(loader));
        var main = engine.Modules.Import("main.js");
        var mainName = main.Get("mainName") is Jint.Native.Function.Function f ? engine.Call(f).AsString() : "";
        return (main.Get("result").AsString(), loader.Loaded, mainName);
    }

    /// <summary>Every specifier is a key of <paramref name="modules"/>; each record is built as contexts build theirs.</summary>
    private sealed class Loader(Dictionary<string, PreparedModule> modules) : IModuleLoader
    {
        public int Loaded { get; private set; }

        public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest) =>
            new(moduleRequest, moduleRequest.Specifier, null, SpecifierType.RelativeOrAbsolute);

        public Module LoadModule(Engine engine, ResolvedSpecifier resolved)
        {
            Loaded++;
            return modules[resolved.Key].BuildRecord(engine);
        }
    }
}
