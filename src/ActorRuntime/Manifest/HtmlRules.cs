using AngleSharp.Html.Parser;

namespace ActorRuntime.Manifest;

/// <summary>The element categories of the HTML tree construction rules that <see cref="HtmlNesting"/> follows.</summary>
internal static class HtmlRules
{
    private static HashSet<string> Set(string names) => new(names.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>Elements that never have content: the builder does not keep them open.</summary>
    public static readonly HashSet<string> Void = Set("area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr");

    /// <summary>Formatting elements: a paragraph or block that closes them leaves them to be reopened at the next text.</summary>
    public static readonly HashSet<string> Formatting = Set("a b big code em font i nobr s small strike strong tt u");

    /// <summary>Elements that push a marker into the list of formatting elements to reopen (nothing before it is reopened inside them).</summary>
    public static readonly HashSet<string> Markers = Set("applet caption marquee object td template th");

    /// <summary>The "special" category: an end tag for an ordinary element does not close past one of these.</summary>
    public static readonly HashSet<string> Special = Set(
        "address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt " +
        "embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link " +
        "listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style " +
        "summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp");

    /// <summary>An end tag looks for its element "in scope": not past one of these.</summary>
    public static readonly HashSet<string> ScopeBoundaries = Set("applet caption html marquee object table td template th");

    /// <summary>End tags that close their element and everything above it when it is in scope.</summary>
    public static readonly HashSet<string> ScopedEnd = Set(
        "address applet article aside blockquote button center dd details dialog dir div dl dt fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 " +
        "header hgroup li listing main marquee menu nav object ol p pre search section summary template ul");

    /// <summary>Start tags that close an open paragraph first.</summary>
    public static readonly HashSet<string> ClosesParagraph = Set(
        "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr " +
        "listing main menu nav ol p plaintext pre search section summary ul xmp");

    /// <summary>Parts of a table, closed by the table's own rules.</summary>
    public static readonly HashSet<string> TableParts = Set("caption table tbody td tfoot th thead tr");

    /// <summary>Elements whose end tag is implied ("generate implied end tags").</summary>
    public static readonly HashSet<string> ImpliedEnd = Set("dd dt li optgroup option p rb rp rt rtc");

    /// <summary>Start tags that end foreign (SVG, MathML) content: the builder closes it and inserts them as HTML.</summary>
    public static readonly HashSet<string> BreakOutOfForeignContent = Set(
        "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s " +
        "small span strike strong sub sup table tt u ul var");

    /// <summary>How the tokenizer reads what follows an HTML start tag (as the builder switches it).</summary>
    public static HtmlParseMode ModeAfter(string name) => name switch
    {
        "script" => HtmlParseMode.Script,
        "style" or "xmp" or "iframe" or "noembed" or "noframes" => HtmlParseMode.Rawtext,
        "textarea" or "title" => HtmlParseMode.RCData,
        "plaintext" => HtmlParseMode.Plaintext,
        _ => HtmlParseMode.PCData,
    };
}
