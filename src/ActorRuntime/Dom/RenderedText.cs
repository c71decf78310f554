using Jint;
using System.Text;
using AngleSharp.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// <c>innerText</c> without a layout: text of the subtree with whitespace collapsed as CSS's default
/// <c>white-space: normal</c> would, block elements and <c>&lt;br&gt;</c> on lines of their own, <c>script</c>,
/// <c>style</c>, <c>template</c> and <c>hidden</c> elements left out. Walked without recursion.
/// </summary>
internal static class RenderedText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "div", "dl", "dt", "dd", "fieldset", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "option",
    };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "template", "noscript", "head", "title" };

    public static string Of(IElement element)
    {
        var text = new StringBuilder();
        var pending = new Stack<(INode Node, bool Closing)>();
        pending.Push((element, false));
        var needSpace = false;
        while (pending.TryPop(out var item))
        {
            var (node, closing) = item;
            if (node is IElement e && !ReferenceEquals(e, element) || node is IElement && closing)
            {
                var el = (IElement)node;
                if (!closing && (Skipped.Contains(el.LocalName) || el.HasAttribute("hidden"))) continue;
                if (el.LocalName == "br" && !closing)
                {
                    Trim(text);
                    text.Append('\n');
                    needSpace = false;
                    continue;
                }
                if (Blocks.Contains(el.LocalName))
                {
                    Trim(text);
                    if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
                    needSpace = false;
                }
            }
            if (closing) continue;
            if (node is IText t)
            {
                foreach (var c in t.Data)
                {
                    if (char.IsWhiteSpace(c)) needSpace = true;
                    else
                    {
                        if (needSpace && text.Length > 0 && text[^1] != '\n') text.Append(' ');
                        needSpace = false;
                        text.Append(c);
                    }
                }
                continue;
            }
            if (node is IElement && !ReferenceEquals(node, element)) pending.Push((node, true));
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling) pending.Push((child, false));
        }
        return text.ToString().Trim('\n', ' ');
    }

    private static void Trim(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ') text.Length--;
    }

    /// <summary>Setting <c>innerText</c>: the children become the text, each line break a <c>&lt;br&gt;</c>.</summary>
    public static void Set(IElement element, string value)
    {
        while (element.FirstChild is { } child) element.RemoveChild(child);
        var owner = element.Owner!;
        var lines = value.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) element.AppendChild(owner.CreateElement("br"));
            if (lines[i].Length > 0) element.AppendChild(owner.CreateTextNode(lines[i]));
        }
    }
}
