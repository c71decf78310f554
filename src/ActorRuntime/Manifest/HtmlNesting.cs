using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Text;

namespace ActorRuntime.Manifest;

/// <summary>
/// How deeply a page's elements may nest, estimated from its tags in one linear pass before any tree is built:
/// AngleSharp's tree builder slows with the square of the depth (50,000 nested elements take seconds, 200,000
/// minutes), so a page deeper than the limit is refused before it reaches the builder. The estimate follows the
/// HTML tree construction rules closely enough never to fall below what the builder builds: an element counts as
/// closed only where the rules surely close it, a start tag the builder may ignore still counts, a table counts
/// for the body and row it may imply, and formatting elements (b, i, a, ...) waiting to be reopened count too.
/// </summary>
internal sealed class HtmlNesting
{
    /// <summary>html, and head or body: every page has them, written or not.</summary>
    private const int ImpliedLevels = 2;

    /// <summary>A table may imply a body and a row around its cells.</summary>
    private const int TableLevels = 3;

    /// <summary>The builder keeps at most three equal formatting elements to reopen (the "Noah's Ark" clause).</summary>
    private const int EqualFormattingKept = 3;

    private enum Space : byte { Html, Svg, MathMl }

    private sealed class Element(string name, Space space, bool htmlIntegrationPoint = false)
    {
        public string Name { get; } = name;
        public Space Space { get; } = space;
        public bool IsHtml => Space == Space.Html;

        /// <summary>A foreign element whose content is HTML again (SVG foreignObject, desc, title; MathML annotation-xml for HTML).</summary>
        public bool IsHtmlIntegrationPoint { get; } = htmlIntegrationPoint;

        /// <summary>A MathML text element (mi, mo, mn, ms, mtext): its content is HTML, except mglyph and malignmark.</summary>
        public bool IsMathTextPoint => Space == Space.MathMl && Name is "mi" or "mo" or "mn" or "ms" or "mtext";

        public Formatting? Formatting { get; set; }
    }

    /// <summary>An entry of the list of formatting elements to reopen; null entries in the list are markers.</summary>
    private sealed class Formatting(string name, string key)
    {
        public string Name { get; } = name;
        public string Key { get; } = key;
        public Element? OpenAs { get; set; }
    }

    private readonly List<Element> _open = new();
    private readonly List<Formatting?> _formatting = new();
    private int _waitingToReopen;
    private int _tableLevels;
    private int _deepest = ImpliedLevels;

    private HtmlNesting()
    {
    }

    private int Depth => ImpliedLevels + _open.Count + _tableLevels + _waitingToReopen;

    /// <summary>True when the page's elements may nest deeper than <paramref name="limit"/> levels (the html element is level 1).</summary>
    public static bool Exceeds(string html, int limit) => Estimate(html, limit) > limit;

    /// <summary>The estimated deepest level, or the first estimate above <paramref name="stopAbove"/> (the walk ends there).</summary>
    public static int Estimate(string html, int stopAbove = int.MaxValue)
    {
        var nesting = new HtmlNesting();
        using var source = new TextSource(html);
        var tokenizer = new HtmlTokenizer(source, HtmlEntityProvider.Resolver);
        while (nesting._deepest <= stopAbove)
        {
            var token = tokenizer.Get();
            switch (token.Type)
            {
                case HtmlTokenType.EndOfFile:
                    return nesting._deepest;
                case HtmlTokenType.StartTag:
                    nesting.Start(token.AsTag(), tokenizer);
                    break;
                case HtmlTokenType.EndTag:
                    nesting.End(token.Name);
                    break;
                case HtmlTokenType.Character:
                    // Text inside foreign content is inserted as it is; elsewhere it first reopens formatting elements.
                    if (nesting.Top is not { IsHtml: false, IsHtmlIntegrationPoint: false, IsMathTextPoint: false }) nesting.Reopen();
                    break;
            }
            nesting._deepest = Math.Max(nesting._deepest, nesting.Depth);
            tokenizer.IsAcceptingCharacterData = nesting.Top is { IsHtml: false };
        }
        return nesting._deepest;
    }

    private Element? Top => _open.Count > 0 ? _open[^1] : null;

    private void Start(HtmlTagToken tag, HtmlTokenizer tokenizer)
    {
        var name = tag.Name;
        var space = SpaceOf(tag, Top);
        if (space == Space.Html)
        {
            if (name is "html" or "head" or "body") return;
            CloseImpliedBy(name);
            Reopen();
            if (HtmlRules.Void.Contains(name)) return;
        }
        else if (tag.IsSelfClosing) return;

        var element = new Element(name, space, IsHtmlIntegrationPoint(tag, space));
        _open.Add(element);
        if (space != Space.Html) return;
        if (name == "table") _tableLevels += TableLevels - 1;
        if (HtmlRules.Markers.Contains(name)) _formatting.Add(null);
        if (HtmlRules.Formatting.Contains(name)) List(element, name + string.Concat(tag.Attributes.Select(a => "\0" + a.Name + "=" + a.Value)));
        tokenizer.State = HtmlRules.ModeAfter(name);
    }

    private void End(string name)
    {
        if (name is "html" or "head" or "body" or "br" || _open.Count == 0) return;
        // Foreign content: the end tag closes the nearest foreign element of its name, down to the first HTML element.
        for (var i = _open.Count - 1; i >= 0 && !_open[i].IsHtml; i--)
        {
            if (_open[i].Name != name) continue;
            PopTo(i);
            return;
        }
        if (HtmlRules.Formatting.Contains(name) && LastListed(name) is { } listed)
        {
            CloseFormatting(listed);
            return;
        }
        var index = LastHtml(name);
        if (index < 0) return;
        bool closes;
        if (name == "table") closes = AllAbove(index, e => !IsTableScopeBoundary(e));
        else if (HtmlRules.TableParts.Contains(name)) closes = InTable(index);
        else if (HtmlRules.ScopedEnd.Contains(name)) closes = AllAbove(index, e => !IsScopeBoundary(e, name));
        else if (name is "colgroup" or "form") closes = AllAbove(index, e => e.IsHtml && HtmlRules.ImpliedEnd.Contains(e.Name));
        else closes = AllAbove(index, e => !IsSpecial(e));
        if (closes) PopTo(index);
    }

    /// <summary>
    /// The end tag of a formatting element ("adoption agency"): it leaves the list; it is closed when only ordinary
    /// elements lie above it. Otherwise the builder moves elements around without adding any: nothing is counted off.
    /// </summary>
    private void CloseFormatting(Formatting listed)
    {
        if (listed.OpenAs is not { } element)
        {
            Unlist(listed);
            return;
        }
        var index = _open.LastIndexOf(element);
        if (!AllAbove(index, e => !IsScopeBoundary(e, listed.Name))) return;
        if (!AllAbove(index, e => !IsSpecial(e))) return;
        PopTo(index);
        Unlist(listed);
    }

    /// <summary>The elements a start tag closes before it opens (a paragraph by a block, a list item by the next, a cell by the next ...).</summary>
    private void CloseImpliedBy(string name)
    {
        if (HtmlRules.ClosesParagraph.Contains(name)) CloseInScope("p", "button");
        switch (name)
        {
            case "li":
                CloseItem(e => e.Name == "li");
                break;
            case "dd" or "dt":
                CloseItem(e => e.Name is "dd" or "dt");
                break;
            case "option" or "optgroup":
                if (Top is { IsHtml: true, Name: "option" }) PopTo(_open.Count - 1);
                break;
            case "button":
                CloseInScope("button", null);
                break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                if (Top is { IsHtml: true, Name: "h1" or "h2" or "h3" or "h4" or "h5" or "h6" }) PopTo(_open.Count - 1);
                break;
            case "rb" or "rtc" or "rp" or "rt":
                while (Top is { IsHtml: true, Name: "rb" or "rp" or "rt" or "rtc" } top && (top.Name != "rtc" || name is "rb" or "rtc")) PopTo(_open.Count - 1);
                break;
            case "td" or "th" or "tr" or "tbody" or "thead" or "tfoot" or "table":
                CloseTablePartsBefore(name);
                break;
        }
    }

    private void CloseTablePartsBefore(string name)
    {
        var table = LastHtml("table");
        if (table < 0 || !AllAbove(table, e => !IsTableScopeBoundary(e))) return;
        var first = name switch
        {
            "td" or "th" => FirstAbove(table, e => e.Name is "td" or "th"),
            "tr" => FirstAbove(table, e => e.Name is "tr" or "td" or "th"),
            // A table directly inside a table (not in a cell) closes the outer one.
            "table" => Top is { IsHtml: true, Name: "table" or "tbody" or "thead" or "tfoot" or "tr" } ? table : -1,
            _ => table + 1,
        };
        if (first >= 0 && first < _open.Count) PopTo(first);
    }

    private void CloseInScope(string name, string? extraBoundary)
    {
        var index = LastHtml(name);
        if (index >= 0 && AllAbove(index, e => !IsScopeBoundary(e, name) && !(e.IsHtml && e.Name == extraBoundary)))
            PopTo(index);
    }

    /// <summary>A new list item closes the open one unless a special element other than address, div or p lies between.</summary>
    private void CloseItem(Func<Element, bool> isItem)
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            var entry = _open[i];
            if (entry.IsHtml && isItem(entry))
            {
                PopTo(i);
                return;
            }
            if (IsSpecial(entry) && !(entry.IsHtml && entry.Name is "address" or "div" or "p")) return;
        }
    }

    private void PopTo(int index)
    {
        for (var i = _open.Count - 1; i >= index; i--)
        {
            var element = _open[i];
            _open.RemoveAt(i);
            if (element.Formatting is { } listed)
            {
                listed.OpenAs = null;
                _waitingToReopen++;
            }
            if (!element.IsHtml) continue;
            if (element.Name == "table") _tableLevels -= TableLevels - 1;
            if (HtmlRules.Markers.Contains(element.Name)) ClearToLastMarker();
        }
    }

    /// <summary>Adds a formatting element to the list, dropping the oldest equal one past three since the last marker.</summary>
    private void List(Element element, string key)
    {
        var equal = 0;
        var oldest = -1;
        for (var i = _formatting.Count - 1; i >= 0 && _formatting[i] is { } entry; i--)
        {
            if (entry.Key != key) continue;
            equal++;
            oldest = i;
        }
        if (equal >= EqualFormattingKept) Unlist(_formatting[oldest]!);
        var listed = new Formatting(element.Name, key) { OpenAs = element };
        element.Formatting = listed;
        _formatting.Add(listed);
    }

    private void Unlist(Formatting listed)
    {
        _formatting.Remove(listed);
        if (listed.OpenAs is { } element) element.Formatting = null;
        else _waitingToReopen--;
    }

    private void ClearToLastMarker()
    {
        while (_formatting.Count > 0)
        {
            var last = _formatting[^1];
            if (last is null)
            {
                _formatting.RemoveAt(_formatting.Count - 1);
                return;
            }
            Unlist(last);
        }
    }

    /// <summary>Reopens the formatting elements closed since the last one still open ("reconstruct the active formatting elements").</summary>
    private void Reopen()
    {
        var first = _formatting.Count;
        while (first > 0 && _formatting[first - 1] is { OpenAs: null }) first--;
        for (var i = first; i < _formatting.Count; i++)
        {
            var listed = _formatting[i]!;
            var element = new Element(listed.Name, Space.Html) { Formatting = listed };
            listed.OpenAs = element;
            _open.Add(element);
            _waitingToReopen--;
        }
    }

    private Formatting? LastListed(string name)
    {
        for (var i = _formatting.Count - 1; i >= 0 && _formatting[i] is { } entry; i--)
            if (entry.Name == name) return entry;
        return null;
    }

    private int LastHtml(string name)
    {
        for (var i = _open.Count - 1; i >= 0; i--)
            if (_open[i].IsHtml && _open[i].Name == name) return i;
        return -1;
    }

    private bool AllAbove(int index, Func<Element, bool> condition)
    {
        for (var i = index + 1; i < _open.Count; i++)
            if (!condition(_open[i])) return false;
        return true;
    }

    private int FirstAbove(int index, Func<Element, bool> condition)
    {
        for (var i = index + 1; i < _open.Count; i++)
            if (_open[i].IsHtml && condition(_open[i])) return i;
        return -1;
    }

    /// <summary>A row, body or cell end tag closes only inside a table, with nothing but the table's own parts above it.</summary>
    private bool InTable(int index)
    {
        var table = LastHtml("table");
        return table >= 0 && table < index && AllAbove(table, e => !IsTableScopeBoundary(e));
    }

    private static bool IsSpecial(Element e) => e.IsHtml ? HtmlRules.Special.Contains(e.Name) : IsIntegrationPoint(e);

    private static bool IsScopeBoundary(Element e, string closing) => e.IsHtml
        ? HtmlRules.ScopeBoundaries.Contains(e.Name) || (closing == "li" && e.Name is "ol" or "ul") || (closing == "p" && e.Name == "button")
        : IsIntegrationPoint(e);

    private static bool IsTableScopeBoundary(Element e) => e.IsHtml && e.Name is "html" or "table" or "template";

    private static bool IsIntegrationPoint(Element e) => e.Space switch
    {
        Space.Svg => e.Name is "foreignobject" or "desc" or "title",
        Space.MathMl => e.Name is "mi" or "mo" or "mn" or "ms" or "mtext" or "annotation-xml",
        _ => false,
    };

    private static bool IsHtmlIntegrationPoint(HtmlTagToken tag, Space space) => space switch
    {
        Space.Svg => tag.Name is "foreignobject" or "desc" or "title",
        Space.MathMl => tag.Name == "annotation-xml" && tag.GetAttribute("encoding").ToLowerInvariant() is "text/html" or "application/xhtml+xml",
        _ => false,
    };

    /// <summary>Which namespace the builder puts a start tag in, from the element it would be inserted into.</summary>
    private static Space SpaceOf(HtmlTagToken tag, Element? parent)
    {
        var name = tag.Name;
        var outside = name switch { "svg" => Space.Svg, "math" => Space.MathMl, _ => Space.Html };
        if (parent is null || parent.IsHtml || parent.IsHtmlIntegrationPoint) return outside;
        if (parent.IsMathTextPoint) return name is "mglyph" or "malignmark" ? Space.MathMl : outside;
        if (parent is { Space: Space.MathMl, Name: "annotation-xml" } && name == "svg") return Space.Svg;
        // These tags end foreign content: the builder closes the foreign elements and inserts the tag as HTML.
        var breaksOut = HtmlRules.BreakOutOfForeignContent.Contains(name)
                        || name == "font" && tag.Attributes.Any(a => a.Name is "color" or "face" or "size");
        return breaksOut ? Space.Html : parent.Space;
    }
}
