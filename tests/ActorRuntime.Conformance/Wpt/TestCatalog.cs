using System.Text.RegularExpressions;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>How a WPT test is written: an HTML page, or a script that WPT's server wraps in a page.</summary>
public enum TestKind
{
    /// <summary>An .html/.htm page that loads testharness.js.</summary>
    Html,

    /// <summary>A <c>.any.js</c> script, run here in its window variant (<c>.any.html</c>).</summary>
    AnyJs,

    /// <summary>A <c>.window.js</c> script (<c>.window.html</c>).</summary>
    WindowJs,

    /// <summary>A file that is counted but never run (XML documents, worker scripts).</summary>
    Other,
}

/// <summary>
/// One test as WPT reports it: a page, or one variant of it (<c>?query</c>). <see cref="Id"/> is WPT's test URL path
/// (<c>url/url-constructor.any.html?include=file</c>); <see cref="PagePath"/> the page of the generated extension that
/// runs it; <see cref="NotRun"/> the category of what the runtime lacks when it is counted but not run.
/// </summary>
public sealed record TestFile(string Id, string Directory, string SourcePath, string PagePath, string Variant, TestKind Kind, string? NotRun)
{
    /// <summary>The META lines of a .any.js/.window.js (<c>// META: key=value</c>), in order.</summary>
    public IReadOnlyList<(string Key, string Value)> Meta { get; init; } = [];
}

/// <summary>The tests of the directories asked for, and what was left aside.</summary>
public sealed record Catalog(IReadOnlyList<TestFile> Tests, IReadOnlyDictionary<string, int> NotTestharness);

/// <summary>
/// Finds the testharness.js tests under a WPT directory and sorts out those the runtime cannot run at all, by
/// category (see <see cref="Categories"/>). Reftests, crash tests and support pages (no testharness.js) are not
/// tests of this harness: they are only counted, as <see cref="Catalog.NotTestharness"/>.
/// </summary>
public static class TestCatalog
{
    public const string XmlDocument = "XML document (.xhtml/.xht/.svg): the runtime parses HTML pages only";
    public const string Worker = "worker global scope (.worker.js, or a .any.js without the window global)";
    public const string Manual = "manual test (needs a person)";
    public const string Server = "needs the WPT server (.sub. substitution, Python handlers, other hosts or origins, /interfaces/ IDL files)";
    public const string TestDriver = "needs testdriver.js (automated user input, a WebDriver backend)";
    public const string Frames = "needs iframes, frames, objects or other windows (browsing contexts)";
    public const string Layout = "needs layout (computed style, geometry, scrolling)";

    /// <summary>The not-run categories, in the order they are tested (the first that applies is the one counted).</summary>
    public static readonly IReadOnlyList<string> Categories = [XmlDocument, Worker, Manual, Server, TestDriver, Frames, Layout];

    /// <summary>
    /// Categories found by what a test's page and scripts mention, which often holds for a few of its subtests only
    /// (a test of createElement with one iframe case): such tests are counted as not run all the same, and run anyway
    /// for information (their results are reported apart, never in the counts).
    /// </summary>
    public static bool RunsForInformation(string category) => category is Frames or Layout;

    private static readonly Regex ServerUse = new(@"\.sub\.|get-host-info|\.py\b|pipe=|/common/dispatcher/|idlharness|WebIDLParser", RegexOptions.CultureInvariant);
    private static readonly Regex FrameUse = new(
        @"<iframe|<frame\b|<frameset|createElement\(\s*[""'`](iframe|frame|object|embed)[""'`]|\bcontentWindow\b|\bcontentDocument\b|window\.open\(|<object\b|<embed\b|\bwith_iframe\(",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex LayoutUse = new(
        @"getComputedStyle\(|elementFromPoint|elementsFromPoint|getClientRects|getBoundingClientRect|\.offset(Width|Height|Top|Left|Parent)\b|\.client(Width|Height|Top|Left)\b|\.scroll(Top|Left|Width|Height|X|Y)\b|scrollIntoView|scrollBy\(|scrollTo\(|IntersectionObserver|ResizeObserver",
        RegexOptions.CultureInvariant);
    private static readonly Regex VariantMeta = new(@"<meta\s+name=[""']?variant[""']?\s+content=[""']?(?<v>[^""'>\s]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex Testharness = new(@"<script[^>]*src=[""']?[^""'>]*/resources/testharness\.js", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>The tests under <paramref name="directory"/> (a path of the WPT tree such as <c>dom/nodes</c>), sorted by id.</summary>
    public static Catalog Discover(string root, string directory)
    {
        directory = directory.Trim('/');
        var full = Path.Combine(root, directory);
        if (!System.IO.Directory.Exists(full)) throw new DirectoryNotFoundException($"no directory {directory} in the WPT tree {root}");
        var tests = new List<TestFile>();
        var notTestharness = new Dictionary<string, int>();
        foreach (var path in System.IO.Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var segments = relative.Split('/');
            if (segments.Any(s => s is "resources" or "support" or "reference" or "tools")) continue;
            var name = segments[^1];
            if (name.EndsWith(".any.js", StringComparison.Ordinal)) tests.AddRange(Scripted(root, directory, relative, TestKind.AnyJs));
            else if (name.EndsWith(".window.js", StringComparison.Ordinal)) tests.AddRange(Scripted(root, directory, relative, TestKind.WindowJs));
            else if (name.EndsWith(".worker.js", StringComparison.Ordinal))
                tests.Add(new TestFile(relative[..^3] + ".html", directory, relative, relative, "", TestKind.Other, Worker));
            else if (name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".htm", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(path);
                if (!Testharness.IsMatch(text))
                {
                    Count(notTestharness, Kind(name));
                    continue;
                }
                var loaded = WptPaths.LocalScriptText(root, Path.GetDirectoryName(relative)!.Replace('\\', '/'), WptPaths.ScriptSources(text));
                var notRun = Classify(relative, text + "\n" + loaded);
                foreach (var variant in Variants(VariantMeta.Matches(text).Select(m => m.Groups["v"].Value)))
                    tests.Add(new TestFile(relative + variant, directory, relative, relative, variant, TestKind.Html, notRun));
            }
            else if (name.EndsWith(".xhtml", StringComparison.Ordinal) || name.EndsWith(".xht", StringComparison.Ordinal) || name.EndsWith(".svg", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(path);
                if (!text.Contains("/resources/testharness.js", StringComparison.Ordinal))
                {
                    Count(notTestharness, Kind(name));
                    continue;
                }
                tests.Add(new TestFile(relative, directory, relative, relative, "", TestKind.Other, XmlDocument));
            }
        }
        tests.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new Catalog(tests, notTestharness);
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>What a page without testharness.js is, by WPT's naming conventions.</summary>
    private static string Kind(string name) =>
        name.Contains("-ref.", StringComparison.Ordinal) || name.Contains("-notref.", StringComparison.Ordinal) ? "reftest references"
        : name.Contains("-crash.", StringComparison.Ordinal) ? "crash tests"
        : name.Contains("-manual.", StringComparison.Ordinal) ? "manual tests without testharness"
        : "reftests, support pages and other non-testharness pages";

    private static IEnumerable<string> Variants(IEnumerable<string> declared)
    {
        var list = declared.Where(v => v.Length > 0).Distinct().ToList();
        return list.Count == 0 ? [""] : list;
    }

    private static IEnumerable<TestFile> Scripted(string root, string directory, string relative, TestKind kind)
    {
        var text = File.ReadAllText(Path.Combine(root, relative));
        var meta = ReadMeta(text);
        var page = relative[..^".js".Length] + ".html";
        string? notRun = null;
        if (kind == TestKind.AnyJs)
        {
            var globals = meta.Where(m => m.Key == "global").SelectMany(m => m.Value.Split(',', StringSplitOptions.TrimEntries)).ToList();
            if (globals.Count > 0 && !globals.Any(g => g is "window" or "default")) notRun = Worker;
        }
        var loaded = WptPaths.LocalScriptText(root, Path.GetDirectoryName(relative)!.Replace('\\', '/'), meta.Where(m => m.Key == "script").Select(m => m.Value));
        notRun ??= Classify(relative, text + "\n" + loaded);
        foreach (var variant in Variants(meta.Where(m => m.Key == "variant").Select(m => m.Value)))
            yield return new TestFile(page + variant, directory, relative, page, variant, kind, notRun) { Meta = meta };
    }

    /// <summary>The <c>// META:</c> lines at the start of a test script.</summary>
    public static List<(string Key, string Value)> ReadMeta(string text)
    {
        var meta = new List<(string, string)>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (!trimmed.StartsWith("// META:", StringComparison.Ordinal)) break;
            var body = trimmed["// META:".Length..].Trim();
            var eq = body.IndexOf('=');
            if (eq > 0) meta.Add((body[..eq].Trim(), body[(eq + 1)..].Trim()));
        }
        return meta;
    }

    /// <summary>The first not-run category that applies to a page or script (with what it loads), or null.</summary>
    private static string? Classify(string relative, string text)
    {
        if (relative.Contains("-manual.", StringComparison.Ordinal)) return Manual;
        if (relative.Contains(".sub.", StringComparison.Ordinal) || ServerUse.IsMatch(text)) return Server;
        if (text.Contains("testdriver.js", StringComparison.Ordinal)) return TestDriver;
        if (FrameUse.IsMatch(text)) return Frames;
        if (relative.Contains("/scrolling/", StringComparison.Ordinal) || LayoutUse.IsMatch(text)) return Layout;
        return null;
    }
}
