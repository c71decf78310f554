using ActorRuntime.Kernel;
using System.Text.RegularExpressions;
using Akka.Configuration;

namespace ActorRuntime.Tests.Configuration;

/// <summary>Every key shipped in <c>config/</c> is documented in <c>HOCON.md</c>, and the embedded defaults are the file's.</summary>
public class HoconDocumentationTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    public static IEnumerable<object[]> ConfigFiles() =>
        Directory.GetFiles(Path.Combine(Root, "config"), "*.hocon").Select(f => new object[] { Path.GetFileName(f) });

    [Theory, MemberData(nameof(ConfigFiles))]
    public void Every_key_is_documented(string file)
    {
        var config = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Root, "config", file)));
        // A key counts as documented when HOCON.md names it in backticks (alone, or in a comma-separated list).
        var documented = Regex.Matches(File.ReadAllText(Path.Combine(Root, "HOCON.md")), "`([^`]+)`")
            .SelectMany(m => m.Groups[1].Value.Split(", "))
            .ToHashSet();
        var keys = Leaves(config.Root, "").ToList();
        Assert.NotEmpty(keys);
        // Map-valued settings (type names as keys) are documented as a whole under their parent key.
        string[] maps = ["akka.actor.serialization-bindings", "akka.actor.serialization-identifiers"];
        var missing = keys.Where(key => !documented.Contains(key) && !maps.Any(map => key.StartsWith(map + ".", StringComparison.Ordinal) && documented.Contains(map))).ToList();
        Assert.True(missing.Count == 0, $"{file}: keys missing from HOCON.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_embedded_defaults_are_config_actorruntime_hocon()
    {
        var onDisk = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Root, "config", "actorruntime.hocon")));
        Assert.Equal(Leaves(onDisk.Root, "").Select(key => key + "=" + onDisk.GetValue(key)),
            Leaves(RuntimeOptions.DefaultConfig.Root, "").Select(key => key + "=" + RuntimeOptions.DefaultConfig.GetValue(key)));
    }

    /// <summary>Full paths of the leaf keys (values that are not objects).</summary>
    private static IEnumerable<string> Leaves(Akka.Configuration.Hocon.HoconValue value, string path)
    {
        if (!value.IsObject())
        {
            yield return path;
            yield break;
        }
        foreach (var (key, child) in value.GetObject().Items)
            foreach (var leaf in Leaves(child, path.Length == 0 ? key : path + "." + key))
                yield return leaf;
    }
}
