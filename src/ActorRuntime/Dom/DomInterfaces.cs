using Jint;
using System.Collections.Concurrent;
using ActorRuntime.Dom.Interfaces;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>Which interface a DOM object shows scripts, and which interface objects a page's global names.</summary>
internal static class DomInterfaces
{
    /// <summary>Element interfaces, most specific first, by the AngleSharp type that carries them.</summary>
    private static readonly (DomInterface Interface, Type Type)[] ElementTypes =
    [
        (FormInterfaces.HTMLInputElement, typeof(IHtmlInputElement)), (FormInterfaces.HTMLButtonElement, typeof(IHtmlButtonElement)),
        (FormInterfaces.HTMLSelectElement, typeof(IHtmlSelectElement)), (FormInterfaces.HTMLOptionElement, typeof(IHtmlOptionElement)),
        (FormInterfaces.HTMLTextAreaElement, typeof(IHtmlTextAreaElement)), (FormInterfaces.HTMLFormElement, typeof(IHtmlFormElement)),
        (FormInterfaces.HTMLLabelElement, typeof(IHtmlLabelElement)), (LinkInterfaces.HTMLAnchorElement, typeof(IHtmlAnchorElement)),
        (LinkInterfaces.HTMLAreaElement, typeof(IHtmlAreaElement)), (LinkInterfaces.HTMLBaseElement, typeof(IHtmlBaseElement)),
        (HtmlElementInterfaces.HTMLImageElement, typeof(IHtmlImageElement)), (HtmlElementInterfaces.HTMLScriptElement, typeof(IHtmlScriptElement)),
        (HtmlElementInterfaces.HTMLTemplateElement, typeof(IHtmlTemplateElement)), (HtmlElementInterfaces.HTMLLinkElement, typeof(IHtmlLinkElement)),
        (HtmlElementInterfaces.HTMLCanvasElement, typeof(IHtmlCanvasElement)), (HtmlElementInterfaces.HTMLIFrameElement, typeof(IHtmlInlineFrameElement)),
        .. GaugeInterfaces.Elements, .. ListedElementInterfaces.Elements, .. HtmlElementInterfaces.PlainElements,
    ];

    private static readonly ConcurrentDictionary<Type, DomInterface> ByType = new();

    /// <summary>Every interface object a page's global has.</summary>
    public static readonly DomInterface[] Exposed =
    [
        NodeInterfaces.EventTarget, NodeInterfaces.Node, NodeInterfaces.CharacterData, NodeInterfaces.Text, NodeInterfaces.Comment, NodeInterfaces.ProcessingInstruction,
        NodeInterfaces.DocumentType, NodeInterfaces.DocumentFragment, NodeInterfaces.Attr, ElementInterfaces.Element, ElementInterfaces.HTMLElement,
        DocumentInterfaces.Document, DocumentInterfaces.HTMLDocument, DocumentInterfaces.DOMParser, DocumentInterfaces.DOMImplementation,
        CollectionInterfaces.NodeList, CollectionInterfaces.HTMLCollection, CollectionInterfaces.DOMTokenList, CollectionInterfaces.NamedNodeMap,
        CollectionInterfaces.DOMStringMap, CollectionInterfaces.CSSStyleDeclaration, CollectionInterfaces.DOMRect, CollectionInterfaces.ValidityState,
        CollectionInterfaces.DOMException, .. EventInterfaces.All, .. ElementTypes.Select(e => e.Interface), .. ExtraInterfaces.All,
        .. UrlInterfaces.All, .. EncodingInterfaces.All, .. HistoryInterfaces.All, .. StorageInterfaces.All, .. NetworkInterfaces.All, .. FormDataInterfaces.All, .. LegacyFactoryInterfaces.All,
    ];

    public static DomInterface For(object target) => target switch
    {
        DomEvent ev => ev.Interface,
        IElement element => ByType.GetOrAdd(element.GetType(), ElementInterface),
        IHtmlDocument => DocumentInterfaces.HTMLDocument,
        IDocument => DocumentInterfaces.Document,
        IText => NodeInterfaces.Text,
        IComment => NodeInterfaces.Comment,
        IProcessingInstruction => NodeInterfaces.ProcessingInstruction,
        IDocumentFragment => NodeInterfaces.DocumentFragment,
        IDocumentType => NodeInterfaces.DocumentType,
        IAttr => NodeInterfaces.Attr,
        INode => NodeInterfaces.Node,
        INodeList or StaticNodeList => CollectionInterfaces.NodeList,
        ITokenList => CollectionInterfaces.DOMTokenList,
        INamedNodeMap => CollectionInterfaces.NamedNodeMap,
        IEnumerable<IElement> => CollectionInterfaces.HTMLCollection,
        DatasetItems => CollectionInterfaces.DOMStringMap,
        InlineStyle => CollectionInterfaces.CSSStyleDeclaration,
        ZeroRect => CollectionInterfaces.DOMRect,
        ControlValidity => CollectionInterfaces.ValidityState,
        DomExceptionValue => CollectionInterfaces.DOMException,
        DocumentInterfaces.Implementation => DocumentInterfaces.DOMImplementation,
        DocumentInterfaces.Parser => DocumentInterfaces.DOMParser,
        _ => ExtraInterfaces.For(target) ?? UrlInterfaces.For(target) ?? EncodingInterfaces.For(target) ?? HistoryInterfaces.For(target)
            ?? StorageInterfaces.For(target) ?? NetworkInterfaces.For(target) ?? FormDataInterfaces.For(target) ?? LegacyFactoryInterfaces.For(target) ?? WorkerInterfaces.For(target) ?? NodeInterfaces.EventTarget,
    };

    private static DomInterface ElementInterface(Type type)
    {
        foreach (var (candidate, carrier) in ElementTypes)
            if (carrier.IsAssignableFrom(type)) return candidate;
        return typeof(IHtmlElement).IsAssignableFrom(type) ? ElementInterfaces.HTMLElement : ElementInterfaces.Element;
    }

    /// <summary>The handle of a DOM object: array-likes answer indices, maps answer names.</summary>
    public static DomObject CreateHandle(DomBinding dom, object target)
    {
        var prototype = dom.Prototype(For(target));
        return target switch
        {
            INodeList list => new DomIndexedObject(dom.Engine, target, prototype, new Items(dom, () => list.Length, i => list[i])),
            StaticNodeList list => new DomIndexedObject(dom.Engine, target, prototype, new Items(dom, () => list.Nodes.Length, i => list.Nodes[i])),
            ITokenList tokens => new DomIndexedObject(dom.Engine, target, prototype, new Items(dom, () => tokens.Length, i => tokens[i])),
            INamedNodeMap map => new DomIndexedObject(dom.Engine, target, prototype, new Items(dom, () => map.Length, i => map[i])),
            IEnumerable<IElement> elements when target is not INode =>
                new DomIndexedObject(dom.Engine, target, prototype, new Items(dom, elements.Count, i => elements.ElementAt(i), name => CollectionInterfaces.Named(elements, name))),
            DatasetItems dataset => new DomNamedObject(dom.Engine, target, prototype, dataset),
            InlineStyle style => new DomNamedObject(dom.Engine, target, prototype, style),
            StorageView storage => new StorageHandle(dom, storage, prototype),
            _ => new DomObject(dom.Engine, target, prototype),
        };
    }

    private sealed class Items(DomBinding dom, Func<int> count, Func<int, object?> item, Func<string, object?>? named = null) : IIndexedItems
    {
        public int Count => count();

        public Jint.Native.JsValue Item(int index) => item(index) is string text ? new Jint.Native.JsString(text) : dom.Wrap(item(index));

        public Jint.Native.JsValue? Named(string name) => named?.Invoke(name) is { } found ? dom.Wrap(found) : null;
    }
}
