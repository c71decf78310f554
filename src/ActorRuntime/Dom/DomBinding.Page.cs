using Jint;
using System.Runtime.CompilerServices;
using ActorRuntime.Manifest;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>The page's own state: its loading progress, its URL, and the objects each element hands out the same every time (style, dataset, classList).</summary>
internal sealed partial class DomBinding
{
    /// <summary><c>document.readyState</c> of the page's document: loading, interactive, complete.</summary>
    public string ReadyState { get => State.ReadyState; set => State.ReadyState = value; }

    /// <summary>The script element running now (<c>document.currentScript</c>).</summary>
    public IHtmlScriptElement? CurrentScript { get => State.CurrentScript; set => State.CurrentScript = value; }

    /// <summary>The page's URL, query and hash included.</summary>
    public string DocumentUrl => _url ?? Realm.Info.Url;

    public JsValue ReadyStateOf(IDocument document) => ReferenceEquals(document, Document) ? ReadyState : "complete";

    public JsValue UrlOf(IDocument document) => ReferenceEquals(document, Document) ? DocumentUrl : "about:blank";

    /// <summary>A document's fallback base URL: its own URL, parsed.</summary>
    public UrlRecord? FallbackBaseUrlOf(IDocument document) => UrlRecord.Parse(UrlOf(document).ToString());

    /// <summary>
    /// A document's base URL (HTML): the frozen base URL of its first <c>&lt;base href&gt;</c> in tree order (the
    /// attribute parsed against the fallback base URL, that URL when it does not parse), else the fallback base URL.
    /// </summary>
    public UrlRecord? BaseUrlOf(IDocument document)
    {
        var fallback = FallbackBaseUrlOf(document);
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is not { } href) return fallback;
        return UrlRecord.Parse(href, fallback) ?? fallback;
    }

    /// <summary>
    /// A URL as HTML resolves it: parsed by the WHATWG URL parser against the base URL of <paramref name="context"/>'s
    /// document (the page's when none is given), serialized; what does not parse is returned as written.
    /// </summary>
    public string ResolveUrl(string url, INode? context = null)
    {
        var document = context is IDocument own ? own : context?.Owner ?? Document;
        return UrlRecord.Parse(url, BaseUrlOf(document))?.Href ?? url;
    }

    public InlineStyle StyleOf(IElement element) => State.Styles.GetValue(element, e => new InlineStyle(e));

    public DatasetItems DatasetOf(IElement element) => State.Datasets.GetValue(element, e => new DatasetItems(e));

    public ITokenList ClassListOf(IElement element)
    {
        var list = element.ClassList;
        State.TokenListOwners.AddOrUpdate(list, element);
        return list;
    }

    public IElement? TokenListOwner(ITokenList list) => State.TokenListOwners.TryGetValue(list, out var owner) ? owner : null;

    /// <summary>The page's clock in milliseconds since it was created (an event's <c>timeStamp</c>, <c>performance.now()</c>).</summary>
    public double Now() => (Realm.Extension.Clock.GetUtcNow() - _createdAt).TotalMilliseconds;

    private readonly DateTimeOffset _createdAt;

    /// <summary>Runs a selector query; an invalid selector is the SyntaxError browsers throw.</summary>
    public T Select<T>(INode scope, string selectors, Func<string, T> query)
    {
        SelectorCost.Check(this, scope, selectors);
        try
        {
            return query(selectors);
        }
        catch (DomException ex) when (ex.Code == 12)
        {
            throw DomError("SyntaxError", Flavor == Flavor.Chrome ? "The provided selector is not a valid selector." : "An invalid or illegal string was specified");
        }
    }

    /// <summary>A document parsed from markup a script gave (<c>DOMParser</c>): bounded in depth like the extension's pages; its scripts never run.</summary>
    public IDocument ParseDocument(string html)
    {
        var limit = Realm.Extension.Package.Limits.MaxHtmlDepth;
        var (document, refusal) = PageParser.Parse(html, limit);
        return document ?? throw DomError("NotSupportedError", "the markup was refused: " + refusal);
    }

    /// <summary><c>document.createEvent(interface)</c>: an event not yet initialised, of the legacy interface names browsers accept.</summary>
    public DomEvent CreateLegacyEvent(string name)
    {
        var type = name.ToLowerInvariant() switch
        {
            "event" or "events" or "htmlevents" => Interfaces.EventInterfaces.Event,
            "customevent" => Interfaces.EventInterfaces.CustomEvent,
            "uievent" or "uievents" => Interfaces.EventInterfaces.UIEvent,
            "mouseevent" or "mouseevents" => Interfaces.EventInterfaces.MouseEvent,
            "keyboardevent" => Interfaces.EventInterfaces.KeyboardEvent,
            "focusevent" => Interfaces.EventInterfaces.FocusEvent,
            "compositionevent" => Interfaces.EventInterfaces.CompositionEvent,
            "dragevent" => Interfaces.EventInterfaces.DragEvent,
            "messageevent" => Interfaces.EventInterfaces.MessageEvent,
            "hashchangeevent" => Interfaces.EventInterfaces.HashChangeEvent,
            "beforeunloadevent" => Interfaces.EventInterfaces.BeforeUnloadEvent,
            "textevent" => Interfaces.EventInterfaces.TextEvent,
            "storageevent" => Interfaces.StorageInterfaces.StorageEvent,
            _ => throw DomError("NotSupportedError", Flavor == Flavor.Chrome
                ? $"Failed to execute 'createEvent' on 'Document': The provided event type ('{name}') is invalid."
                : "Operation is not supported"),
        };
        // Not initialised: a dispatch before initEvent is refused, as the DOM Standard says.
        return new DomEvent(type, "", false, false, Now()) { Initialized = false };
    }

    /// <summary>
    /// Refuses a tree deeper than the extension's page limit (<see cref="FileLimits.MaxHtmlDepthKey"/>): AngleSharp walks a
    /// tree recursively when it serialises or clones it, so depth is what a script could exhaust the host's stack with.
    /// </summary>
    public void CheckInsert(INode parent, INode node)
    {
        var limit = Realm.Extension.Package.Limits.MaxHtmlDepth;
        var above = 0;
        // Up through template contents too: AngleSharp serialises a template's content inside the template.
        for (INode? current = parent; current is not null; current = current.Parent ?? HostOf(current))
        {
            if (current is IElement) above++;
            if (above > limit) break;
        }
        var pending = new Stack<(INode Node, int Depth)>();
        pending.Push((node, above + (node is IElement ? 1 : 0)));
        while (pending.TryPop(out var item))
        {
            if (item.Depth > limit)
                throw DomError("HierarchyRequestError", $"the tree would nest deeper than {limit} levels ({FileLimits.MaxHtmlDepthKey})");
            foreach (var child in item.Node.ChildNodes) if (child is IElement) pending.Push((child, item.Depth + 1));
            if (item.Node is IHtmlTemplateElement template)
                foreach (var child in template.Content.ChildNodes) if (child is IElement) pending.Push((child, item.Depth + 1));
        }
    }

    /// <summary>
    /// Refuses markup that would nest deeper than the page limit below <paramref name="where"/>, before AngleSharp parses
    /// it for real: its tree builder scans its stack of open elements per tag, so deep markup costs the square of its
    /// length in one host call no script limit interrupts. The measuring parse stops at the first element too deep.
    /// </summary>
    public string CheckMarkup(string markup, INode? where)
    {
        var limit = Realm.Extension.Package.Limits.MaxHtmlDepth;
        var above = 0;
        for (var current = where; current is not null && above <= limit; current = current.Parent ?? HostOf(current))
            if (current is IElement) above++;
        // Markup cannot nest deeper than it has tags: the usual short markup needs no measuring parse.
        if (above + markup.Count(c => c == '<') <= limit) return markup;
        // Measured as a whole document, whose html and body add two levels the markup will not have where it goes.
        const int DocumentLevels = 2;
        var room = limit - above + DocumentLevels;
        if (room < DocumentLevels || PageParser.Deepest(markup, room) > room)
            throw DomError("HierarchyRequestError", $"the markup would nest deeper than {limit} levels ({FileLimits.MaxHtmlDepthKey})");
        return markup;
    }

    /// <summary>A template's content, remembered as belonging to it (see <see cref="CheckInsert"/>).</summary>
    public IDocumentFragment ContentOf(IHtmlTemplateElement template)
    {
        State.TemplateHosts.AddOrUpdate(template.Content, template);
        return template.Content;
    }

    private IElement? HostOf(INode node) => node is IDocumentFragment fragment && State.TemplateHosts.TryGetValue(fragment, out var host) ? host : null;

    /// <summary>After markup was parsed into <paramref name="element"/> (<c>innerHTML</c>): too deep, and the content goes again.</summary>
    public void CheckParsedInto(IElement element)
    {
        try
        {
            foreach (var child in element.ChildNodes.ToArray()) CheckInsert(element, child);
        }
        catch
        {
            while (element.FirstChild is { } child) element.RemoveChild(child);
            throw;
        }
    }
}
