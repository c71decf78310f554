using AngleSharp.Css;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace ActorRuntime.Dom;

/// <summary>Where an inserted style sheet cascades: with the page's own (author), or as the user's (under the page's, over it when important).</summary>
internal enum StyleOrigin { Author, User }

/// <summary>A style sheet an extension inserted into a document (insertCSS, a content script's <c>css</c>): not an element of it, but part of its cascade.</summary>
internal sealed record InsertedStyle(string Key, StyleOrigin Origin, ICssStyleSheet Sheet);

/// <summary>
/// The style sheets extensions inserted into one document, in the order they were inserted. As in browsers they are not
/// elements of the document (no <c>&lt;style&gt;</c> shows up, <c>document.styleSheets</c> does not list them), but
/// <c>getComputedStyle</c> sees what they declare.
/// </summary>
internal sealed class InsertedStyles
{
    private readonly List<InsertedStyle> _sheets = new();

    public IReadOnlyList<InsertedStyle> Sheets => _sheets;

    public void Add(string key, StyleOrigin origin, string css) => _sheets.Add(new InsertedStyle(key, origin, StyleCascade.Parse(css)));

    /// <summary>Removes the last sheet inserted under <paramref name="key"/> with that origin; false when there is none.</summary>
    public bool Remove(string key, StyleOrigin origin)
    {
        var at = _sheets.FindLastIndex(sheet => sheet.Key == key && sheet.Origin == origin);
        if (at < 0) return false;
        _sheets.RemoveAt(at);
        return true;
    }
}

/// <summary>
/// What <c>getComputedStyle</c> reads: the declarations that win the cascade for an element, from the page's
/// <c>&lt;style&gt;</c> elements, the style sheets extensions inserted and the element's <c>style</c> attribute, by origin
/// and importance, then specificity, then order. Nothing is laid out or inherited: a value is the winning declaration's
/// as written (AngleSharp.Css's serialisation for a sheet's), and an undeclared property reads as "".
/// Rules inside <c>@media</c> and other grouping rules are not applied (there is no device to test them against), and one
/// read weighs at most <see cref="MaxRulesPerRead"/> rules (a page's or extension's styles are hostile input too).
/// </summary>
internal static class StyleCascade
{
    public static ICssStyleSheet Parse(string css) => new CssParser().ParseStyleSheet(css);

    /// <summary>An opaque colour as browsers serialise a computed one (<c>rgb(0, 0, 255)</c>, where AngleSharp.Css writes <c>rgba(0, 0, 255, 1)</c>).</summary>
    private static string Serialized(string value) => OpaqueRgba.Replace(value, "rgb($1, $2, $3)");

    private static readonly System.Text.RegularExpressions.Regex OpaqueRgba =
        new(@"rgba\((\d+), (\d+), (\d+), 1\)", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The most style rules one read weighs (about a tenth of a second of matching on this class of machine).</summary>
    internal const int MaxRulesPerRead = 100_000;

    // Lowest first: user normal, author normal, author important, user important.
    private static int Layer(StyleOrigin origin, bool important) => origin == StyleOrigin.User ? (important ? 4 : 1) : (important ? 3 : 2);

    public static List<(string Name, string Value, bool Important)> Declared(DocumentState state, IElement element,
        List<(string Name, string Value, bool Important)> inline)
    {
        var winners = new Dictionary<string, (int Layer, Priority Specificity, int Order, string Value, bool Important)>(StringComparer.Ordinal);
        var order = 0;
        void Offer(string name, string value, bool important, StyleOrigin origin, Priority specificity)
        {
            var candidate = (Layer(origin, important), specificity, ++order, value, important);
            if (!winners.TryGetValue(name, out var held) || candidate.Item1 > held.Layer
                || (candidate.Item1 == held.Layer && (specificity > held.Specificity || specificity == held.Specificity)))
                winners[name] = candidate;
        }
        var depth = -1;
        var visited = 0;
        void Apply(ICssStyleSheet sheet, StyleOrigin origin)
        {
            foreach (var rule in sheet.Rules)
            {
                if (rule is not ICssStyleRule style) continue;
                // One read is one host call no script limit interrupts: past the bound, further rules are not looked at.
                if (++visited > MaxRulesPerRead) return;
                // A selector whose matching could take exponential time over this tree is left out, as a query would be refused.
                if (depth < 0) depth = SelectorCost.TreeDepth(element);
                if (SelectorCost.TooCostly(style.SelectorText, depth)) continue;
                if (!style.TryMatch(element, null, out var specificity)) continue;
                foreach (var property in style.Style) Offer(property.Name, Serialized(property.Value), property.IsImportant, origin, specificity);
            }
        }
        var inserted = state.InsertedStylesIfAny?.Sheets ?? [];
        foreach (var sheet in inserted) if (sheet.Origin == StyleOrigin.User) Apply(sheet.Sheet, StyleOrigin.User);
        foreach (var page in element.Owner?.QuerySelectorAll("style") ?? Enumerable.Empty<IElement>())
            Apply(state.PageSheet(page.TextContent), StyleOrigin.Author);
        foreach (var sheet in inserted) if (sheet.Origin == StyleOrigin.Author) Apply(sheet.Sheet, StyleOrigin.Author);
        foreach (var (name, value, important) in inline) Offer(name, value, important, StyleOrigin.Author, Priority.Inline);
        return winners.OrderBy(w => w.Value.Order).Select(w => (w.Key, w.Value.Value, w.Value.Important)).ToList();
    }
}
