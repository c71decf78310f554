using System.Text;
using System.Text.RegularExpressions;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>
/// Makes a WPT test page runnable as an extension page. Extension pages run under the extension content security
/// policy, which blocks inline <c>&lt;script&gt;</c>: each inline classic script (no <c>src</c>; no <c>type</c>, or a
/// JavaScript one, or <c>module</c>) becomes a file of the generated extension next to the page
/// (<c>&lt;page&gt;.inline-&lt;n&gt;.js</c>, numbered in document order) and its element, at the same place in the
/// document, gets <c>src</c> pointing at it and no content. <c>defer</c> and <c>async</c> are dropped from such an
/// element (browsers ignore them on inline scripts; with a <c>src</c> they would take effect). Everything else is
/// kept byte for byte: data blocks (<c>&lt;script type="text/plain"&gt;</c> and the like), scripts inside comments,
/// and text in raw-text elements (<c>textarea</c>, <c>title</c>, <c>style</c>, …). Inline <c>on*=</c> handler
/// attributes are not rewritten (they are what some tests test); they stay blocked and are counted.
/// </summary>
public static class PageRewriter
{
    public sealed record Rewritten(string Html, IReadOnlyList<(string FileName, string Code)> Scripts, int InlineHandlers);

    private static readonly string[] RawText = ["textarea", "title", "style", "xmp", "iframe", "noembed", "noframes", "noscript"];

    private static readonly Regex Attribute = new(
        @"\G[\s/]*(?<name>[^\s/>=""'][^\s/>=]*)(?:\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s>]*)))?",
        RegexOptions.CultureInvariant);

    private static readonly Regex Handler = new(@"<[a-zA-Z][^>]*\son[a-z]+\s*=", RegexOptions.CultureInvariant);

    /// <summary>Rewrites <paramref name="html"/>, naming the extracted scripts after <paramref name="pageFileName"/>.</summary>
    public static Rewritten Rewrite(string html, string pageFileName)
    {
        var output = new StringBuilder(html.Length);
        var scripts = new List<(string, string)>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                output.Append(html, i, html.Length - i);
                break;
            }
            output.Append(html, i, lt - i);
            i = lt;
            if (Starts(html, i, "<!--"))
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                var stop = end < 0 ? html.Length : end + 3;
                output.Append(html, i, stop - i);
                i = stop;
                continue;
            }
            var name = TagName(html, i + 1);
            if (name is null)
            {
                output.Append('<');
                i++;
                continue;
            }
            var (attributes, tagEnd) = ReadAttributes(html, i + 1 + name.Length);
            var lower = name.ToLowerInvariant();
            if (lower == "plaintext")
            {
                output.Append(html, i, html.Length - i);
                break;
            }
            if (lower == "script")
            {
                var close = EndTag(html, tagEnd, "script");
                var code = html[tagEnd..close.Start];
                if (IsRewritable(attributes))
                {
                    var file = $"{pageFileName}.inline-{scripts.Count}.js";
                    scripts.Add((file, code));
                    output.Append("<script");
                    foreach (var (attrName, raw) in attributes)
                        if (attrName is not ("defer" or "async" or "src")) output.Append(' ').Append(raw);
                    output.Append(" src=\"").Append(file).Append("\"></script>");
                }
                else output.Append(html, i, close.End - i);
                i = close.End;
                continue;
            }
            if (Array.IndexOf(RawText, lower) >= 0)
            {
                var close = EndTag(html, tagEnd, lower);
                output.Append(html, i, close.End - i);
                i = close.End;
                continue;
            }
            output.Append(html, i, tagEnd - i);
            i = tagEnd;
        }
        return new Rewritten(output.ToString(), scripts, Handler.Matches(html).Count);
    }

    /// <summary>An inline script the browser would run: no src, and a classic or module JavaScript type.</summary>
    private static bool IsRewritable(List<(string Name, string Raw)> attributes)
    {
        string? type = null;
        foreach (var (name, raw) in attributes)
        {
            if (name == "src") return false;
            if (name == "type") type = AttributeValue(raw);
        }
        if (type is null) return true;
        type = type.Trim().ToLowerInvariant();
        return type is "" or "module" or "text/javascript" or "application/javascript" or "text/ecmascript" or "application/ecmascript";
    }

    private static string AttributeValue(string raw)
    {
        var eq = raw.IndexOf('=');
        if (eq < 0) return "";
        return raw[(eq + 1)..].Trim().Trim('"', '\'');
    }

    private static bool Starts(string s, int at, string what) => string.CompareOrdinal(s, at, what, 0, what.Length) == 0;

    private static string? TagName(string html, int at)
    {
        if (at >= html.Length || !char.IsAsciiLetter(html[at])) return null;
        var end = at;
        while (end < html.Length && !char.IsWhiteSpace(html[end]) && html[end] is not ('>' or '/')) end++;
        return html[at..end];
    }

    /// <summary>The attributes of a start tag (lower-cased names, with their raw text) and where the tag ends (after its '&gt;').</summary>
    private static (List<(string Name, string Raw)> Attributes, int End) ReadAttributes(string html, int at)
    {
        var attributes = new List<(string, string)>();
        var i = at;
        while (i < html.Length)
        {
            while (i < html.Length && (char.IsWhiteSpace(html[i]) || html[i] == '/')) i++;
            if (i >= html.Length) break;
            if (html[i] == '>') return (attributes, i + 1);
            var match = Attribute.Match(html, i);
            if (!match.Success || match.Length == 0)
            {
                i++;
                continue;
            }
            var raw = match.Value.TrimStart(' ', '\t', '\r', '\n', '\f', '/');
            attributes.Add((match.Groups["name"].Value.ToLowerInvariant(), raw));
            i += match.Length;
        }
        return (attributes, html.Length);
    }

    /// <summary>Where the end tag of a raw-text element starts and ends (the end of the input when there is none).</summary>
    private static (int Start, int End) EndTag(string html, int from, string name)
    {
        var i = from;
        while (true)
        {
            var at = html.IndexOf("</", i, StringComparison.Ordinal);
            if (at < 0) return (html.Length, html.Length);
            var after = at + 2 + name.Length;
            if (after <= html.Length && string.Compare(html, at + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (after == html.Length || char.IsWhiteSpace(html[after]) || html[after] is '>' or '/'))
            {
                var gt = html.IndexOf('>', after);
                return (at, gt < 0 ? html.Length : gt + 1);
            }
            i = at + 2;
        }
    }
}
