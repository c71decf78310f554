using Jint;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>Document (and HTMLDocument, as browsers still name a page's document), DOMParser and DOMImplementation.</summary>
internal static class DocumentInterfaces
{
    public static readonly DomInterface Document = DomInterface.Define<IDocument>("Document", NodeInterfaces.Node, m =>
    {
        NodeInterfaces.ParentNodeMembers(m)
            .Get("documentElement", (dom, d) => dom.Wrap(d.DocumentElement))
            .Get("head", (dom, d) => dom.Wrap(d.Head))
            .Property("body", (dom, d) => dom.Wrap(d.Body), (dom, d, v) =>
            {
                var body = dom.Node<IHtmlElement>([v], 0, "body", "Document", "HTMLElement");
                if (d.Body is { } old) d.DocumentElement.ReplaceChild(body, old);
                else d.DocumentElement.AppendChild(body);
            })
            .Property("title", (_, d) => Collapse(d.Title ?? ""), (dom, d, v) => d.Title = dom.DomString(v))
            .Get("readyState", (dom, d) => dom.ReadyStateOf(d))
            .Get("URL", (dom, d) => dom.UrlOf(d))
            .Get("documentURI", (dom, d) => dom.UrlOf(d))
            .Get("location", (dom, d) => ReferenceEquals(d, dom.Document) ? dom.Realm.Global.Get("location") : JsValue.Null)
            .Get("defaultView", (dom, d) => ReferenceEquals(d, dom.Document) ? dom.Realm.Global : JsValue.Null)
            .Get("doctype", (dom, d) => dom.Wrap(d.Doctype))
            .Get("characterSet", (_, _) => "UTF-8").Get("charset", (_, _) => "UTF-8").Get("inputEncoding", (_, _) => "UTF-8")
            .Get("contentType", (_, d) => d.ContentType)
            .Get("compatMode", (_, d) => d.CompatMode)
            .Get("referrer", (_, _) => "")
            .Property("cookie", (_, _) => "", (_, _, _) => { })
            .Get("visibilityState", (_, _) => "visible")
            .Get("hidden", (_, _) => JsBoolean.False)
            .Get("activeElement", (dom, d) => dom.Wrap(dom.ActiveElement(d)))
            .Get("currentScript", (dom, d) => dom.Wrap(ReferenceEquals(d, dom.Document) ? dom.CurrentScript : null))
            .Get("forms", (dom, d) => dom.Wrap(d.Forms))
            .Get("images", (dom, d) => dom.Wrap(d.Images))
            .Get("links", (dom, d) => dom.Wrap(d.Links))
            .Get("scripts", (dom, d) => dom.Wrap(d.Scripts))
            .Get("implementation", (dom, d) => dom.Wrap(new Implementation(d)))
            .Method("hasFocus", 0, (_, _, _) => JsBoolean.True)
            .Method("getElementById", 1, (dom, d, args) => dom.Wrap(d.GetElementById(dom.Required(args, 0, "getElementById", "Document"))))
            .Method("getElementsByTagName", 1, (dom, d, args) => dom.Wrap(d.GetElementsByTagName(dom.Required(args, 0, "getElementsByTagName", "Document"))))
            .Method("getElementsByClassName", 1, (dom, d, args) => dom.Wrap(d.GetElementsByClassName(dom.Required(args, 0, "getElementsByClassName", "Document"))))
            .Method("getElementsByName", 1, (dom, d, args) => dom.Wrap(d.GetElementsByName(dom.Required(args, 0, "getElementsByName", "Document"))))
            .Method("createElement", 1, (dom, d, args) => dom.Wrap(d.CreateElement(ElementName(dom, dom.Required(args, 0, "createElement", "Document"), "createElement"))))
            .Method("createElementNS", 2, (dom, d, args) =>
            {
                var ns = Argument(args, 0).IsNull() ? null : dom.DomString(Argument(args, 0));
                return dom.Wrap(d.CreateElement(ns, dom.Required(args, 1, "createElementNS", "Document")));
            })
            .Method("getElementsByTagNameNS", 2, (dom, d, args) => dom.Wrap(d.GetElementsByTagName(ElementInterfaces.Namespace(dom, args, 0), dom.Required(args, 1, "getElementsByTagNameNS", "Document"))))
            .Method("createTextNode", 1, (dom, d, args) => dom.Wrap(d.CreateTextNode(dom.Required(args, 0, "createTextNode", "Document"))))
            .Method("createComment", 1, (dom, d, args) => dom.Wrap(d.CreateComment(dom.Required(args, 0, "createComment", "Document"))))
            .Method("createProcessingInstruction", 2, (dom, d, args) =>
            {
                var target = dom.Required(args, 0, "createProcessingInstruction", "Document");
                var data = dom.Required(args, 1, "createProcessingInstruction", "Document");
                // The target must be an XML Name and the data must not close the instruction.
                var problem = !System.Xml.XmlReader.IsName(target) ? $"The target provided ('{target}') is not a valid name."
                    : data.Contains("?>", StringComparison.Ordinal) ? $"The data provided ('{data}') contains '?>'." : null;
                if (problem is not null)
                    throw dom.DomError("InvalidCharacterError", dom.Flavor == Flavor.Chrome
                        ? "Failed to execute 'createProcessingInstruction' on 'Document': " + problem
                        : "String contains an invalid character");
                return dom.Wrap(d.CreateProcessingInstruction(target, data));
            })
            .Method("createDocumentFragment", 0, (dom, d, _) => dom.Wrap(d.CreateDocumentFragment()))
            .Method("createAttribute", 1, (dom, d, args) => dom.Wrap(d.CreateAttribute(dom.Required(args, 0, "createAttribute", "Document"))))
            .Method("createEvent", 1, (dom, _, args) => dom.Wrap(dom.CreateLegacyEvent(dom.Required(args, 0, "createEvent", "Document"))))
            .Method("importNode", 1, (dom, d, args) => dom.Wrap(d.Import(dom.Node<INode>(args, 0, "importNode", "Document", "Node"), TypeConverter.ToBoolean(Argument(args, 1)))))
            .Method("adoptNode", 1, (dom, d, args) => dom.Wrap(d.Adopt(dom.Node<INode>(args, 0, "adoptNode", "Document", "Node"))))
            .Method("elementFromPoint", 2, (_, _, _) => JsValue.Null)
            .Method("execCommand", 1, (_, _, _) => JsBoolean.False);
        ElementInterfaces.EventHandlerProperties(m);
    });

    public static readonly DomInterface HTMLDocument = DomInterface.Define<IHtmlDocument>("HTMLDocument", Document, _ => { });

    public static readonly DomInterface DOMImplementation = DomInterface.Define<Implementation>("DOMImplementation", null, m => m
        .Method("createDocumentType", 3, (dom, i, args) => dom.Wrap(i.Document.Implementation.CreateDocumentType(
            dom.Required(args, 0, "createDocumentType", "DOMImplementation"), dom.Required(args, 1, "createDocumentType", "DOMImplementation"), dom.Required(args, 2, "createDocumentType", "DOMImplementation"))))
        .Method("createHTMLDocument", 0, (dom, _, args) =>
        {
            var created = dom.ParseDocument("<!DOCTYPE html><html><head></head><body></body></html>");
            if (!Argument(args, 0).IsUndefined()) created.Title = dom.DomString(args[0]);
            return dom.Wrap(created);
        })
        .Method("hasFeature", 0, (_, _, _) => JsBoolean.True));

    public static readonly DomInterface DOMParser = DomInterface.Define<Parser>("DOMParser", null, m => m
        .Constructible(0, (_, _) => new Parser())
        .Method("parseFromString", 2, (dom, _, args) =>
        {
            var text = dom.Required(args, 0, "parseFromString", "DOMParser");
            var type = dom.Required(args, 1, "parseFromString", "DOMParser");
            if (type != "text/html")
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? $"Failed to execute 'parseFromString' on 'DOMParser': The provided value '{type}' is not a valid enum value of type DOMParserSupportedType."
                    : $"DOMParser.parseFromString: '{type}' (value of argument 2) is not a valid value for enumeration SupportedType.");
            // Scripts of a parsed document never run, as in browsers.
            return dom.Wrap(dom.ParseDocument(text));
        }));

    /// <summary>document.title: whitespace stripped and collapsed, as HTML defines it.</summary>
    public static string Collapse(string text) => string.Join(' ', text.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static string ElementName(DomBinding dom, string name, string member)
    {
        if (name.Length == 0 || !IsName(name))
            throw dom.DomError("InvalidCharacterError", dom.Flavor == Flavor.Chrome
                ? $"Failed to execute '{member}' on 'Document': The tag name provided ('{name}') is not a valid name."
                : "String contains an invalid character");
        return name.ToLowerInvariant();
    }

    private static bool IsName(string name)
    {
        if (!(char.IsLetter(name[0]) || name[0] is '_' or ':')) return false;
        foreach (var c in name)
            if (!(char.IsLetterOrDigit(c) || c is '-' or '.' or '_' or ':' || c > 0xB7)) return false;
        return true;
    }

    internal sealed record Implementation(IDocument Document);

    internal sealed class Parser;
}
