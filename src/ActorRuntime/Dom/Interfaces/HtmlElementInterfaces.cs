using Jint;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using Jint.Runtime;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>The element interfaces beyond forms that pages touch: links, images, scripts, templates, and the plain ones.</summary>
internal static class HtmlElementInterfaces
{
    public static readonly DomInterface HTMLImageElement = DomInterface.Define<IHtmlImageElement>("HTMLImageElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("alt").Reflect("srcset").Reflect("sizes").Reflect("crossOrigin", "crossorigin").Reflect("loading")
        .Property("src", (dom, i) => i.GetAttribute("src") is { } src ? dom.ResolveUrl(src, i) : "", (dom, i, v) => i.SetAttribute("src", dom.DomString(v)))
        .Property("width", (_, i) => int.TryParse(i.GetAttribute("width"), out var w) ? w : 0, (_, i, v) => i.SetAttribute("width", TypeConverter.ToString(v)))
        .Property("height", (_, i) => int.TryParse(i.GetAttribute("height"), out var h) ? h : 0, (_, i, v) => i.SetAttribute("height", TypeConverter.ToString(v)))
        .Get("naturalWidth", (_, _) => 0).Get("naturalHeight", (_, _) => 0)
        .Get("complete", (_, _) => JsBoolean.True));

    public static readonly DomInterface HTMLScriptElement = DomInterface.Define<IHtmlScriptElement>("HTMLScriptElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("type").Reflect("charset").Reflect("crossOrigin", "crossorigin").Reflect("integrity")
        .ReflectBoolean("defer").ReflectBoolean("noModule", "nomodule")
        .Property("async", (_, s) => DomBinding.Boolean(s.HasAttribute("async")), (_, s, v) =>
        {
            if (TypeConverter.ToBoolean(v)) s.SetAttribute("async", "");
            else s.RemoveAttribute("async");
        })
        .Property("src", (dom, s) => s.GetAttribute("src") is { } src ? dom.ResolveUrl(src, s) : "", (dom, s, v) => s.SetAttribute("src", dom.DomString(v)))
        .Property("text", (_, s) => s.TextContent, (dom, s, v) => s.TextContent = dom.DomString(v)));

    public static readonly DomInterface HTMLTemplateElement = DomInterface.Define<IHtmlTemplateElement>("HTMLTemplateElement", ElementInterfaces.HTMLElement, m => m
        .Get("content", (dom, t) => dom.Wrap(dom.ContentOf(t))));

    public static readonly DomInterface HTMLLinkElement = DomInterface.Define<IHtmlLinkElement>("HTMLLinkElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("rel").Reflect("type").Reflect("media").Reflect("as")
        .Property("href", (dom, l) => l.GetAttribute("href") is { } href ? dom.ResolveUrl(href, l) : "", (dom, l, v) => l.SetAttribute("href", dom.DomString(v))));

    public static readonly DomInterface HTMLCanvasElement = DomInterface.Define<IHtmlCanvasElement>("HTMLCanvasElement", ElementInterfaces.HTMLElement, m => m
        .Property("width", (_, c) => int.TryParse(c.GetAttribute("width"), out var w) ? w : 300, (_, c, v) => c.SetAttribute("width", TypeConverter.ToString(v)))
        .Property("height", (_, c) => int.TryParse(c.GetAttribute("height"), out var h) ? h : 150, (_, c, v) => c.SetAttribute("height", TypeConverter.ToString(v)))
        // Nothing is drawn here: no rendering context, as a browser answers for a context type it lacks.
        .Method("getContext", 1, (_, _, _) => JsValue.Null));

    public static readonly DomInterface HTMLIFrameElement = DomInterface.Define<IHtmlInlineFrameElement>("HTMLIFrameElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("name").Reflect("allow").Reflect("width").Reflect("height")
        .Property("src", (dom, f) => f.GetAttribute("src") is { } src ? dom.ResolveUrl(src, f) : "", (dom, f, v) => f.SetAttribute("src", dom.DomString(v)))
        .Get("contentWindow", (_, _) => JsValue.Null)
        .Get("contentDocument", (_, _) => JsValue.Null));

    /// <summary>Interfaces with no members of their own, by the AngleSharp type behind them.</summary>
    public static readonly (DomInterface Interface, Type Type)[] PlainElements =
    [
        Plain<IHtmlDivElement>("HTMLDivElement"), Plain<IHtmlSpanElement>("HTMLSpanElement"), Plain<IHtmlParagraphElement>("HTMLParagraphElement"),
        Plain<IHtmlUnorderedListElement>("HTMLUListElement"), Plain<IHtmlOrderedListElement>("HTMLOListElement"), Plain<IHtmlListItemElement>("HTMLLIElement"),
        Plain<IHtmlHeadingElement>("HTMLHeadingElement"), Plain<IHtmlBodyElement>("HTMLBodyElement"), Plain<IHtmlHeadElement>("HTMLHeadElement"),
        Plain<IHtmlHtmlElement>("HTMLHtmlElement"), Plain<IHtmlTitleElement>("HTMLTitleElement"), Plain<IHtmlStyleElement>("HTMLStyleElement"),
        Plain<IHtmlMetaElement>("HTMLMetaElement"), Plain<IHtmlTableElement>("HTMLTableElement"), Plain<IHtmlTableRowElement>("HTMLTableRowElement"),
        Plain<IHtmlTableCellElement>("HTMLTableCellElement"), Plain<IHtmlBreakRowElement>("HTMLBRElement"), Plain<IHtmlHrElement>("HTMLHRElement"),
        Plain<IHtmlPreElement>("HTMLPreElement"), Plain<IHtmlUnknownElement>("HTMLUnknownElement"),
        Plain<IHtmlLegendElement>("HTMLLegendElement"), Plain<IHtmlOptionsGroupElement>("HTMLOptGroupElement"), Plain<IHtmlDialogElement>("HTMLDialogElement"),
    ];

    private static (DomInterface, Type) Plain<T>(string name) where T : class, IHtmlElement =>
        (DomInterface.Define<T>(name, ElementInterfaces.HTMLElement, _ => { }), typeof(T));
}
