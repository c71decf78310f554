using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// What belongs to a document rather than to one script world: its event listeners (a tab's web page and its content
/// scripts listen on the same nodes, each world with its own handles), focus, loading state, and the objects an element
/// hands out the same every time. A document is bound into one world (<see cref="DomBinding"/>), or two in a tab.
/// </summary>
internal sealed class DocumentState
{
    private IDocument? _document;
    private readonly Func<IDocument>? _make;

    public DocumentState(IDocument document) => _document = document;

    private DocumentState(Func<IDocument> make) => _make = make;

    /// <summary>
    /// A document nobody may ever reach (a service worker's binding has one for the DOM's machinery, which its interfaces
    /// do not use): made by <paramref name="make"/> only if something asks for it.
    /// </summary>
    public static DocumentState MadeWhenNeeded(Func<IDocument> make) => new(make);

    public IDocument Document => _document ??= _make!();

    /// <summary>The document if it was given or made already, else null (nothing makes it).</summary>
    public IDocument? DocumentIfMade => _document;

    /// <summary>The window as an event target: each world's global stands for it.</summary>
    public WindowTarget Window { get; } = new();

    public ConditionalWeakTable<object, DomBinding.TargetListeners> Listeners { get; } = new();

    public IElement? Focused { get; set; }

    /// <summary>The value a field had when the user started typing into it (its <c>change</c> fires on blur if it differs).</summary>
    public Dictionary<IElement, string> ValueAtFocus { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary><c>document.readyState</c>: loading, interactive, complete.</summary>
    public string ReadyState { get; set; } = "loading";

    /// <summary>The script element running now (<c>document.currentScript</c>).</summary>
    public IHtmlScriptElement? CurrentScript { get; set; }

    /// <summary>Text fields' selections (start, end, direction), kept apart from their values.</summary>
    // Made when first needed: most pages never touch it, and a table costs a few hundred bytes empty.
    private ConditionalWeakTable<IElement, TextSelection>? _selections;
    public ConditionalWeakTable<IElement, TextSelection> Selections => _selections ??= new();


    /// <summary>The window was asked to close (<c>window.closed</c> in every world) and its owner told.</summary>
    public bool Closed { get; set; }

    /// <summary>Asks the context's owner to close the view after the current turn, as the browser closes it.</summary>
    public Action? CloseRequested { get; set; }

    // Made when first needed: most pages never touch it, and a table costs a few hundred bytes empty.
    private ConditionalWeakTable<IElement, InlineStyle>? _styles;
    public ConditionalWeakTable<IElement, InlineStyle> Styles => _styles ??= new();

    /// <summary>The style sheets extensions inserted (made when the first is): what <c>getComputedStyle</c> cascades with the page's own.</summary>
    public InsertedStyles InsertedStyles => _insertedStyles ??= new();
    public InsertedStyles? InsertedStylesIfAny => _insertedStyles;
    private InsertedStyles? _insertedStyles;

    /// <summary>The page's <c>&lt;style&gt;</c> text parsed, kept by its text so a style read again is not parsed again.</summary>
    public AngleSharp.Css.Dom.ICssStyleSheet PageSheet(string css)
    {
        _pageSheets ??= new(StringComparer.Ordinal);
        if (_pageSheets.TryGetValue(css, out var sheet)) return sheet;
        // A page rewriting its styles over and over starts the cache afresh rather than growing it.
        if (_pageSheets.Count >= 64) _pageSheets.Clear();
        return _pageSheets[css] = StyleCascade.Parse(css);
    }

    private Dictionary<string, AngleSharp.Css.Dom.ICssStyleSheet>? _pageSheets;

    /// <summary>The template each template's content belongs to (a content fragment has no parent, yet nests in its template).</summary>
    public ConditionalWeakTable<IDocumentFragment, IElement> TemplateHosts => _templateHosts ??= new();
    private ConditionalWeakTable<IDocumentFragment, IElement>? _templateHosts;
    // Made when first needed: most pages never touch it, and a table costs a few hundred bytes empty.
    private ConditionalWeakTable<IElement, DatasetItems>? _datasets;
    public ConditionalWeakTable<IElement, DatasetItems> Datasets => _datasets ??= new();
    // Made when first needed: most pages never touch it, and a table costs a few hundred bytes empty.
    private ConditionalWeakTable<ITokenList, IElement>? _tokenListOwners;
    public ConditionalWeakTable<ITokenList, IElement> TokenListOwners => _tokenListOwners ??= new();
}
