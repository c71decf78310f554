using System.Text.RegularExpressions;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>Paths of the WPT tree as its pages name them (relative to the page, or from the tree's root).</summary>
public static class WptPaths
{
    private static readonly Regex ScriptSource = new(@"<script[^>]*\ssrc=[""']?(?<src>[^""'\s>]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>A script or data path as a page in <paramref name="pageDir"/> names it, as a path from the root; null when it leaves the tree or is a URL.</summary>
    public static string? Resolve(string pageDir, string src)
    {
        src = src.Split('?', '#')[0];
        if (src.Contains("://", StringComparison.Ordinal) || src.StartsWith("//", StringComparison.Ordinal)) return null;
        var combined = src.StartsWith('/') ? src.TrimStart('/') : (pageDir.Length == 0 ? src : pageDir + "/" + src);
        var parts = new List<string>();
        foreach (var part in combined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>The <c>src</c> of every script element of a page, as written.</summary>
    public static IEnumerable<string> ScriptSources(string html) => ScriptSource.Matches(html).Select(m => m.Groups["src"].Value);

    /// <summary>
    /// The text of the scripts a test loads from the tree other than WPT's own harness (<c>/resources/</c>), so that
    /// what a helper script needs counts as what the test needs; missing files count as empty.
    /// </summary>
    public static string LocalScriptText(string root, string pageDir, IEnumerable<string> sources)
    {
        var text = new System.Text.StringBuilder();
        foreach (var src in sources)
        {
            if (src.StartsWith("/resources/", StringComparison.Ordinal)) continue;
            var path = Resolve(pageDir, src);
            if (path is null) continue;
            var full = Path.Combine(root, path);
            if (File.Exists(full)) text.Append(File.ReadAllText(full)).Append('\n');
        }
        return text.ToString();
    }
}
