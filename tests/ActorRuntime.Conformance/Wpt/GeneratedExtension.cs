using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>
/// The extension folder the tests run in: the parts of the WPT tree they load (<c>resources/</c>, <c>common/</c>,
/// the directories under test and the loose files of their parent directories) copied to a temporary folder, with
/// a manifest, the harness's <c>resources/testharnessreport.js</c> in place of WPT's, and every test page made
/// runnable under the extension CSP (<see cref="PageRewriter"/>). A <c>.any.js</c>/<c>.window.js</c> test gets the
/// page WPT's server would generate for it (<c>.any.html</c>/<c>.window.html</c>), with its <c>META</c> title,
/// timeout and scripts. A page whose scripts fetch JSON data files of the tree (url/'s
/// <c>resources/urltestdata.json</c> and the like) also loads a small script, right after the reporter, that answers
/// those fetches with the files' text (and passes any other request to the runtime's own <c>fetch</c>, if it has one):
/// what those tests measure is URL parsing, not fetch. Deleted when disposed.
/// </summary>
public sealed class GeneratedExtension : IDisposable
{
    private static readonly Regex FetchedJson = new(@"fetch\(\s*[""'](?<path>[^""']+\.json)[""']", RegexOptions.CultureInvariant);
    private static readonly Regex ReporterTag = new(@"<script[^>]*src=[""']?/resources/testharnessreport\.js[""']?[^>]*>\s*</script>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex HarnessTag = new(@"<script[^>]*src=[""']?[^""'>]*/resources/testharness\.js[""']?[^>]*>\s*</script>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly string _root;

    private GeneratedExtension(string folder, string root)
    {
        Folder = folder;
        _root = root;
    }

    /// <summary>A folder <see cref="Build"/> made (by the parent of a child process); not deleted by this instance.</summary>
    public static GeneratedExtension Existing(string folder) => new(folder, "") { _owned = false };

    private bool _owned = true;

    /// <summary>The extension folder.</summary>
    public string Folder { get; }

    /// <summary>Inline on* handler attributes per page (blocked by the extension CSP; not rewritten).</summary>
    public Dictionary<string, int> InlineHandlers { get; } = new(StringComparer.Ordinal);

    /// <summary>Inline scripts moved into files, over all pages.</summary>
    public int InlineScripts { get; private set; }

    /// <summary>Builds the folder for <paramref name="tests"/> (only those to run get pages) under the system's temporary folder.</summary>
    public static GeneratedExtension Build(string wptRoot, IEnumerable<string> directories, IEnumerable<TestFile> tests)
    {
        var folder = Path.Combine(Path.GetTempPath(), "actorruntime-wpt", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var generated = new GeneratedExtension(folder, wptRoot);
        try
        {
            generated.CopyTree(directories);
            File.WriteAllText(Path.Combine(folder, "manifest.json"),
                """{ "manifest_version": 2, "name": "wpt", "version": "1.0", "description": "web-platform-tests run as extension pages" }""");
            File.WriteAllText(Path.Combine(folder, "resources", "testharnessreport.js"), Reporter);
            File.WriteAllText(Path.Combine(folder, "resources", "wpt-window-global.js"), WindowGlobal);
            // The prelude goes first in the extension's copy of testharness.js, so that no page gets an extra element.
            var harness = Path.Combine(folder, "resources", "testharness.js");
            File.WriteAllText(harness, Prelude + File.ReadAllText(harness));
            foreach (var test in tests.Where(t => t.Kind != TestKind.Other && (t.NotRun is null || TestCatalog.RunsForInformation(t.NotRun))).DistinctBy(t => t.PagePath)) generated.WritePage(test);
            return generated;
        }
        catch
        {
            generated.Dispose();
            throw;
        }
    }

    /// <summary>The harness's testharnessreport.js (see Wpt/testharnessreport.js).</summary>
    public static string Reporter { get; } = ReadResource("testharnessreport.js");

    /// <summary>The harness's prelude, put before testharness.js in the extension's copy of it (see Wpt/wpt-prelude.js).</summary>
    public static string Prelude { get; } = ReadResource("wpt-prelude.js");

    /// <summary>What WPT's generated .any.html defines before testharness.js, as a file.</summary>
    private const string WindowGlobal = """
        self.GLOBAL = {
          isWindow: function() { return true; },
          isWorker: function() { return false; },
          isShadowRealm: function() { return false; },
        };

        """;

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private void CopyTree(IEnumerable<string> directories)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal) { "resources", "common", "css/support", "html/resources", "html/semantics/popovers/resources" };
        foreach (var directory in directories) wanted.Add(directory.Trim('/'));
        foreach (var directory in wanted)
        {
            var source = Path.Combine(_root, directory);
            if (!Directory.Exists(source)) continue;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)) CopyFile(Path.GetRelativePath(_root, file));
            // The loose files of each parent (dom/common.js, dom/constants.js, …), which tests load with ../
            for (var parent = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
                foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, parent))) CopyFile(Path.GetRelativePath(_root, file));
        }
    }

    private void CopyFile(string relative)
    {
        var target = Path.Combine(Folder, relative);
        if (File.Exists(target)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(_root, relative), target);
    }

    private void WritePage(TestFile test)
    {
        var pageDir = Path.GetDirectoryName(test.PagePath)!.Replace('\\', '/');
        var pageName = Path.GetFileName(test.PagePath);
        string html;
        var sources = new StringBuilder();
        if (test.Kind == TestKind.Html)
        {
            var original = File.ReadAllText(Path.Combine(_root, test.SourcePath));
            var rewritten = PageRewriter.Rewrite(original, pageName);
            foreach (var (file, code) in rewritten.Scripts)
            {
                File.WriteAllText(Path.Combine(Folder, pageDir, file), code);
                sources.Append(code).Append('\n');
            }
            InlineScripts += rewritten.Scripts.Count;
            if (rewritten.InlineHandlers > 0) InlineHandlers[test.PagePath] = rewritten.InlineHandlers;
            html = rewritten.Html;
            // A page that loads testharness.js but not the report script still reports.
            if (!ReporterTag.IsMatch(html) && HarnessTag.Match(html) is { Success: true } harness)
                html = html.Insert(harness.Index + harness.Length, "<script src=\"/resources/testharnessreport.js\"></script>");
            sources.Append(WptPaths.LocalScriptText(Folder, pageDir, WptPaths.ScriptSources(html)));
        }
        else
        {
            html = Wrapper(test, pageDir);
            sources.Append(File.ReadAllText(Path.Combine(_root, test.SourcePath)));
            sources.Append(WptPaths.LocalScriptText(Folder, pageDir, test.Meta.Where(m => m.Key == "script").Select(m => m.Value)));
        }
        var data = DataScript(pageDir, sources.ToString());
        if (data is not null)
        {
            var dataFile = pageName + ".wpt-data.js";
            File.WriteAllText(Path.Combine(Folder, pageDir, dataFile), data);
            if (ReporterTag.Match(html) is { Success: true } reporter)
                html = html.Insert(reporter.Index + reporter.Length, $"<script src=\"{dataFile}\"></script>");
        }
        File.WriteAllText(Path.Combine(Folder, test.PagePath), html);
    }

    /// <summary>The page WPT's server serves for a .any.js (window variant) or .window.js test.</summary>
    private static string Wrapper(TestFile test, string pageDir)
    {
        var html = new StringBuilder("<!doctype html>\n<meta charset=utf-8>\n");
        foreach (var (key, value) in test.Meta)
        {
            if (key == "timeout" && value == "long") html.Append("<meta name=\"timeout\" content=\"long\">\n");
            if (key == "title") html.Append("<title>").Append(System.Net.WebUtility.HtmlEncode(value)).Append("</title>\n");
        }
        if (test.Kind == TestKind.AnyJs) html.Append("<script src=\"/resources/wpt-window-global.js\"></script>\n");
        html.Append("<script src=\"/resources/testharness.js\"></script>\n<script src=\"/resources/testharnessreport.js\"></script>\n");
        foreach (var (key, value) in test.Meta)
            if (key == "script") html.Append("<script src=\"").Append(System.Net.WebUtility.HtmlEncode(value)).Append("\"></script>\n");
        html.Append("<div id=log></div>\n<script src=\"/").Append(test.SourcePath).Append("\"></script>\n");
        return html.ToString();
    }

    /// <summary>The data-file fetch script for JSON files the sources fetch by a literal path, or null when they fetch none.</summary>
    private string? DataScript(string pageDir, string sources)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in FetchedJson.Matches(sources))
        {
            var literal = match.Groups["path"].Value;
            var path = WptPaths.Resolve(pageDir, literal);
            var full = path is null ? null : Path.Combine(Folder, path);
            if (full is not null && File.Exists(full)) files[literal] = File.ReadAllText(full);
        }
        if (files.Count == 0) return null;
        var script = new StringBuilder("""
            // Generated by the conformance harness: answers the test's fetches of its JSON data files (see tests/wpt/README.md).
            (function () {
              "use strict";
              var files = {

            """);
        foreach (var (literal, text) in files)
            script.Append("    ").Append(JsonSerializer.Serialize(literal)).Append(": ").Append(JsonSerializer.Serialize(text)).Append(",\n");
        script.Append("""
              };
              var original = typeof self.fetch === "function" ? self.fetch : null;
              self.fetch = function (input, init) {
                var key = String(input && typeof input === "object" && "url" in input ? input.url : input);
                if (Object.prototype.hasOwnProperty.call(files, key)) {
                  var text = files[key];
                  return Promise.resolve({
                    ok: true, status: 200, statusText: "OK", url: key,
                    text: function () { return Promise.resolve(text); },
                    json: function () { return Promise.resolve(JSON.parse(text)); },
                  });
                }
                if (original) return original.apply(this, arguments);
                return Promise.reject(new TypeError("NetworkError when attempting to fetch resource."));
              };
            })();

            """);
        return script.ToString();
    }

    public void Dispose()
    {
        if (!_owned) return;
        try
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the temporary folder is left for the system to clean.
        }
    }
}
