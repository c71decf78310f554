using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using ActorRuntime.Tests.Support;
using Akka.Configuration;

namespace ActorRuntime.Tests.Scripting;

/// <summary>A runtime parses a script once for every extension that has the same file (same path, same text), within its bound.</summary>
public sealed class SharedScriptParsesTests
{
    private const string Code = "var answer = 42; function twice(x) { return x * 2; }";

    [Fact]
    public void The_same_path_and_text_are_parsed_once()
    {
        var shared = new SharedScriptParses(1024 * 1024);
        Assert.Same(shared.Get("background.js", Code), shared.Get("background.js", Code));
    }

    [Fact]
    public void Another_text_or_another_path_is_parsed_on_its_own()
    {
        var shared = new SharedScriptParses(1024 * 1024);
        var first = shared.Get("background.js", Code);
        Assert.NotSame(first, shared.Get("background.js", Code + " "));
        Assert.NotSame(first, shared.Get("other.js", Code));
        Assert.Equal("other.js", shared.Get("other.js", Code).Path);
    }

    [Fact]
    public void A_syntax_error_is_kept_as_the_answer_for_that_text()
    {
        var shared = new SharedScriptParses(1024 * 1024);
        var broken = shared.Get("broken.js", "var = ;");
        Assert.StartsWith("Uncaught SyntaxError:", broken.Error);
        Assert.Same(broken, shared.Get("broken.js", "var = ;"));
    }

    [Fact]
    public void When_full_it_starts_afresh_and_a_text_over_the_bound_is_never_kept()
    {
        // Room for one copy of Code (two bytes a character), not two.
        var shared = new SharedScriptParses(2L * Code.Length + 10);
        var first = shared.Get("a.js", Code);
        var second = shared.Get("b.js", Code);
        Assert.Same(second, shared.Get("b.js", Code));
        Assert.NotSame(first, shared.Get("a.js", Code)); // a.js was dropped when b.js came
        var large = Code + new string(' ', Code.Length * 2);
        Assert.NotSame(shared.Get("c.js", large), shared.Get("c.js", large));
    }

    [Fact]
    public void Extensions_of_one_runtime_share_the_parse_of_the_same_file_and_zero_turns_the_sharing_off()
    {
        using var folder = new ExtensionFolder(new Dictionary<string, string>
        {
            ["manifest.json"] = """{ "manifest_version": 2, "name": "t", "version": "1", "background": { "scripts": ["bg.js"] } }""",
            ["bg.js"] = Code,
        });
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig);
        Assert.NotNull(options.SharedScripts);
        PreparedScript Parse(RuntimeOptions o) => new ExtensionKernel(ExtensionPackage.Load(folder.Path), Flavor.Mdn, o).Catalog.Get("bg.js");
        Assert.Same(Parse(options), Parse(options with { Flavor = Flavor.Chrome }));

        var off = RuntimeOptions.FromConfig(ConfigurationFactory.ParseString("actorruntime.script.shared-parse-cache-size = 0"));
        Assert.Null(off.SharedScripts);
        Assert.NotSame(Parse(off), Parse(off));
    }
}
