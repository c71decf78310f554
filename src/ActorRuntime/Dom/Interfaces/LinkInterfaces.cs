using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>
/// <c>&lt;a&gt;</c> and <c>&lt;area&gt;</c> with HTML's HTMLHyperlinkElementUtils, and <c>&lt;base&gt;</c>, whose
/// <c>href</c> is the document's base URL the links resolve against.
/// </summary>
internal static class LinkInterfaces
{
    public static readonly DomInterface HTMLAnchorElement = DomInterface.Define<IHtmlAnchorElement>("HTMLAnchorElement", ElementInterfaces.HTMLElement, m => HyperlinkUtils(m
        .Reflect("target").Reflect("rel").Reflect("download").Reflect("hreflang").Reflect("type")
        .Property("text", (_, a) => a.TextContent, (dom, a, v) => a.TextContent = dom.DomString(v))));

    public static readonly DomInterface HTMLAreaElement = DomInterface.Define<IHtmlAreaElement>("HTMLAreaElement", ElementInterfaces.HTMLElement, m => HyperlinkUtils(m
        .Reflect("alt").Reflect("coords").Reflect("shape").Reflect("target").Reflect("download").Reflect("rel")));

    /// <summary><c>href</c>: the attribute parsed against the document's URL (not its base URL), as written when that fails.</summary>
    public static readonly DomInterface HTMLBaseElement = DomInterface.Define<IHtmlBaseElement>("HTMLBaseElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("target")
        .Property("href", (dom, b) =>
        {
            var href = b.GetAttribute("href") ?? "";
            return UrlRecord.Parse(href, dom.FallbackBaseUrlOf(b.Owner ?? dom.Document))?.Href ?? href;
        }, (dom, b, v) => b.SetAttribute("href", dom.DomString(v))));

    /// <summary>
    /// HTML's HTMLHyperlinkElementUtils: <c>href</c> and its parts, read from the <c>href</c> attribute parsed against the
    /// document's base URL by the URL Standard's parser; when it does not parse, <c>href</c> is the attribute as written,
    /// <c>protocol</c> ":" and every other part "". Each setter changes the parsed URL as the URL interface's setter does
    /// and writes it back to the attribute.
    /// </summary>
    private static DomInterface.Members<T> HyperlinkUtils<T>(DomInterface.Members<T> m) where T : class, IElement => m
        .Property("href", (dom, a) => Url(dom, a)?.Href ?? a.GetAttribute("href") ?? "", (dom, a, v) => a.SetAttribute("href", dom.DomString(v)))
        .Get("origin", (dom, a) => Url(dom, a)?.Origin ?? "")
        .Property("protocol", (dom, a) => Url(dom, a) is { } u ? u.Scheme + ":" : ":", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetProtocol(s)))
        .Property("username", (dom, a) => Url(dom, a)?.Username ?? "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetUsername(s)))
        .Property("password", (dom, a) => Url(dom, a)?.Password ?? "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetPassword(s)))
        .Property("host", (dom, a) => Url(dom, a)?.HostAndPort ?? "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetHost(s, withPort: true)))
        .Property("hostname", (dom, a) => Url(dom, a)?.Host ?? "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetHost(s, withPort: false)))
        .Property("port", (dom, a) => Url(dom, a)?.Port ?? "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetPort(s)))
        .Property("pathname", (dom, a) => Url(dom, a)?.Path ?? "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetPathname(s)))
        .Property("search", (dom, a) => Url(dom, a) is { Query: { Length: > 0 } q } ? "?" + q : "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetSearch(s)))
        .Property("hash", (dom, a) => Url(dom, a) is { Fragment: { Length: > 0 } f } ? "#" + f : "", (dom, a, v) => Update(dom, a, v, (u, s) => u.SetHash(s)))
        .Method("toString", 0, (dom, a, _) => Url(dom, a)?.Href ?? a.GetAttribute("href") ?? "");

    private static UrlRecord? Url(DomBinding dom, IElement element) =>
        element.GetAttribute("href") is { } href ? UrlRecord.Parse(href, dom.BaseUrlOf(element.Owner ?? dom.Document)) : null;

    /// <summary>A setter: nothing happens without a URL; with one, the part changes and <c>href</c> is written back, changed or not.</summary>
    private static void Update(DomBinding dom, IElement element, Jint.Native.JsValue value, Action<UrlRecord, string> change)
    {
        var text = FormUrlEncoded.Usv(dom.DomString(value));
        if (Url(dom, element) is not { } url) return;
        change(url, text);
        element.SetAttribute("href", url.Href);
    }
}
