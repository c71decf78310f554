using Jint;
using AngleSharp.Dom;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>EventTarget, Node and the node types that are not elements (Document has its own file).</summary>
internal static class NodeInterfaces
{
    public static readonly DomInterface EventTarget = DomInterface.Define<object>("EventTarget", null, m => m
        .Constructible(0, (_, _) => new PlainEventTarget())
        .Method("addEventListener", 2, (dom, target, args) =>
        {
            dom.AddEventListener(target, args, "EventTarget");
            return JsValue.Undefined;
        })
        .Method("removeEventListener", 2, (dom, target, args) =>
        {
            dom.RemoveEventListener(target, args, "EventTarget");
            return JsValue.Undefined;
        })
        .Method("dispatchEvent", 1, (dom, target, args) =>
        {
            var ev = dom.Node<DomEvent>(args, 0, "dispatchEvent", "EventTarget", "Event");
            if (ev.Dispatching || !ev.Initialized) throw dom.DomError("InvalidStateError", dom.Flavor == Flavor.Chrome
                ? "Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched."
                : "EventTarget.dispatchEvent: The event is already being dispatched.");
            ev.IsTrusted = false;
            return Boolean(dom.Dispatch(ev, target));
        }));

    public static readonly DomInterface Node = DomInterface.Define<INode>("Node", EventTarget, m => m
        .WithSymbols((_, prototype, constructor) =>
        {
            string[] names = ["ELEMENT_NODE", "ATTRIBUTE_NODE", "TEXT_NODE", "CDATA_SECTION_NODE", "ENTITY_REFERENCE_NODE", "ENTITY_NODE",
                "PROCESSING_INSTRUCTION_NODE", "COMMENT_NODE", "DOCUMENT_NODE", "DOCUMENT_TYPE_NODE", "DOCUMENT_FRAGMENT_NODE", "NOTATION_NODE"];
            for (var i = 0; i < names.Length; i++)
            {
                var value = new Jint.Runtime.Descriptors.PropertyDescriptor(i + 1, Jint.Runtime.Descriptors.PropertyFlag.Enumerable);
                prototype.FastSetProperty(names[i], value);
                constructor.FastSetProperty(names[i], value);
            }
        })
        .Get("nodeType", (_, n) => (int)n.NodeType)
        .Get("nodeName", (_, n) => n.NodeName)
        .Get("baseURI", (_, n) => n.BaseUri)
        .Get("isConnected", (dom, n) => Boolean(n.Owner is { } owner ? owner.Contains(n) : n is IDocument))
        .Get("ownerDocument", (dom, n) => n is IDocument ? JsValue.Null : dom.Wrap(n.Owner))
        .Get("parentNode", (dom, n) => dom.Wrap(n.Parent))
        .Get("parentElement", (dom, n) => dom.Wrap(n.ParentElement))
        .Get("childNodes", (dom, n) => dom.Wrap(n.ChildNodes))
        .Get("firstChild", (dom, n) => dom.Wrap(n.FirstChild))
        .Get("lastChild", (dom, n) => dom.Wrap(n.LastChild))
        .Get("previousSibling", (dom, n) => dom.Wrap(n.PreviousSibling))
        .Get("nextSibling", (dom, n) => dom.Wrap(n.NextSibling))
        .Property("nodeValue", (_, n) => String(n is ICharacterData or IAttr ? n.NodeValue : null),
            (dom, n, v) => { if (n is ICharacterData or IAttr) n.NodeValue = dom.NullIsEmpty(v); })
        .Property("textContent", (_, n) => String(n is IDocument or IDocumentType ? null : n.TextContent),
            (dom, n, v) => { if (n is not (IDocument or IDocumentType)) n.TextContent = dom.NullIsEmpty(v); })
        .Method("hasChildNodes", 0, (_, n, _) => Boolean(n.HasChildNodes))
        .Method("lookupNamespaceURI", 1, (dom, n, args) => String(n.LookupNamespaceUri(ElementInterfaces.Namespace(dom, args, 0)!)))
        .Method("lookupPrefix", 1, (dom, n, args) => String(n.LookupPrefix(ElementInterfaces.Namespace(dom, args, 0))))
        .Method("isDefaultNamespace", 1, (dom, n, args) => Boolean(n.IsDefaultNamespace(ElementInterfaces.Namespace(dom, args, 0)!)))
        .Method("getRootNode", 0, (dom, n, _) =>
        {
            var root = n;
            while (root.Parent is { } parent) root = parent;
            return dom.Wrap(root);
        })
        .Method("appendChild", 1, (dom, n, args) =>
        {
            var child = dom.Node<INode>(args, 0, "appendChild", "Node", "Node");
            dom.CheckInsert(n, child);
            return dom.Wrap(n.AppendChild(child));
        })
        .Method("insertBefore", 2, (dom, n, args) =>
        {
            var child = dom.Node<INode>(args, 0, "insertBefore", "Node", "Node");
            var reference = Argument(args, 1).IsNull() || Argument(args, 1).IsUndefined() ? null : dom.Node<INode>(args, 1, "insertBefore", "Node", "Node");
            dom.CheckInsert(n, child);
            return dom.Wrap(n.InsertBefore(child, reference));
        })
        .Method("removeChild", 1, (dom, n, args) => dom.Wrap(n.RemoveChild(dom.Node<INode>(args, 0, "removeChild", "Node", "Node"))))
        .Method("replaceChild", 2, (dom, n, args) =>
        {
            var child = dom.Node<INode>(args, 0, "replaceChild", "Node", "Node");
            dom.CheckInsert(n, child);
            return dom.Wrap(n.ReplaceChild(child, dom.Node<INode>(args, 1, "replaceChild", "Node", "Node")));
        })
        .Method("cloneNode", 0, (dom, n, args) => dom.Wrap(n.Clone(TypeConverter.ToBoolean(Argument(args, 0)))))
        .Method("contains", 1, (dom, n, args) => Boolean(Argument(args, 0) is DomObject { Target: INode other } && n.Contains(other)))
        .Method("isSameNode", 1, (dom, n, args) => Boolean(Argument(args, 0) is DomObject { Target: INode other } && ReferenceEquals(n, other)))
        .Method("isEqualNode", 1, (dom, n, args) => Boolean(Argument(args, 0) is DomObject { Target: INode other } && n.Equals(other)))
        .Method("compareDocumentPosition", 1, (dom, n, args) => (int)n.CompareDocumentPosition(dom.Node<INode>(args, 0, "compareDocumentPosition", "Node", "Node")))
        .Method("normalize", 0, (_, n, _) =>
        {
            n.Normalize();
            return JsValue.Undefined;
        }));

    public static readonly DomInterface CharacterData = DomInterface.Define<ICharacterData>("CharacterData", Node, m => m
        .Property("data", (_, n) => n.Data, (dom, n, v) => n.Data = dom.NullIsEmpty(v))
        .Get("length", (_, n) => n.Length)
        .Method("appendData", 1, (dom, n, args) =>
        {
            n.Append(dom.Required(args, 0, "appendData", "CharacterData"));
            return JsValue.Undefined;
        })
        .Method("substringData", 2, (dom, n, args) => n.Substring(Offset(dom, args, 0, "substringData"), Offset(dom, args, 1, "substringData")))
        .Method("insertData", 2, (dom, n, args) =>
        {
            n.Insert(Offset(dom, args, 0, "insertData"), dom.Required(args, 1, "insertData", "CharacterData"));
            return JsValue.Undefined;
        })
        .Method("deleteData", 2, (dom, n, args) =>
        {
            n.Delete(Offset(dom, args, 0, "deleteData"), Offset(dom, args, 1, "deleteData"));
            return JsValue.Undefined;
        })
        .Method("replaceData", 3, (dom, n, args) =>
        {
            n.Replace(Offset(dom, args, 0, "replaceData"), Offset(dom, args, 1, "replaceData"), dom.Required(args, 2, "replaceData", "CharacterData"));
            return JsValue.Undefined;
        })
        .Method("remove", 0, (_, n, _) =>
        {
            n.Parent?.RemoveChild(n);
            return JsValue.Undefined;
        })
        .Get("previousElementSibling", (dom, n) => dom.Wrap(SiblingElement(n, -1)))
        .Get("nextElementSibling", (dom, n) => dom.Wrap(SiblingElement(n, 1)))
        .Method("before", 0, (dom, n, args) => ChildNodeInsert(dom, n, args, before: true))
        .Method("after", 0, (dom, n, args) => ChildNodeInsert(dom, n, args, before: false))
        .Method("replaceWith", 0, (dom, n, args) => ChildNodeReplace(dom, n, args)));

    public static readonly DomInterface Text = DomInterface.Define<IText>("Text", CharacterData, m => m
        .Constructible(0, (dom, args) => dom.Document.CreateTextNode(args.Length > 0 ? dom.DomString(args[0]) : ""))
        .Get("wholeText", (_, n) => n.Text)
        .Method("splitText", 1, (dom, n, args) => dom.Wrap(n.Split((int)TypeConverter.ToNumber(Argument(args, 0))))));

    public static readonly DomInterface Comment = DomInterface.Define<IComment>("Comment", CharacterData, m => m
        .Constructible(0, (dom, args) => dom.Document.CreateComment(args.Length > 0 ? dom.DomString(args[0]) : "")));

    public static readonly DomInterface ProcessingInstruction = DomInterface.Define<IProcessingInstruction>("ProcessingInstruction", CharacterData, m => m
        .Get("target", (_, n) => n.Target));

    public static readonly DomInterface DocumentType = DomInterface.Define<IDocumentType>("DocumentType", Node, m => m
        .Get("name", (_, n) => n.Name)
        .Get("publicId", (_, n) => n.PublicIdentifier)
        .Get("systemId", (_, n) => n.SystemIdentifier));

    public static readonly DomInterface DocumentFragment = DomInterface.Define<IDocumentFragment>("DocumentFragment", Node, m => ParentNodeMembers(m)
        .Constructible(0, (dom, _) => dom.Document.CreateDocumentFragment())
        .Method("getElementById", 1, (dom, n, args) => dom.Wrap(n.GetElementById(dom.Required(args, 0, "getElementById", "DocumentFragment")))));

    public static readonly DomInterface Attr = DomInterface.Define<IAttr>("Attr", Node, m => m
        .Get("name", (_, a) => a.Name)
        .Get("localName", (_, a) => a.LocalName)
        .Get("namespaceURI", (_, a) => String(a.NamespaceUri))
        .Get("prefix", (_, a) => String(a.Prefix))
        .Get("ownerElement", (dom, a) => dom.Wrap(a.OwnerElement))
        .Get("specified", (_, _) => JsBoolean.True)
        .Property("value", (_, a) => a.Value, (dom, a, v) => a.Value = dom.DomString(v)));

    /// <summary>An "unsigned long" offset argument (Web IDL: modulo 2^32), past which AngleSharp's IndexSizeError applies.</summary>
    private static int Offset(DomBinding dom, JsValue[] args, int index, string member)
    {
        if (args.Length <= index) dom.Required(args, index, member, "CharacterData");
        var value = (long)(uint)TypeConverter.ToUint32(args[index]);
        return value > int.MaxValue ? int.MaxValue : (int)value;
    }

    /// <summary>ParentNode's members (Document, DocumentFragment, Element).</summary>
    public static DomInterface.Members<T> ParentNodeMembers<T>(DomInterface.Members<T> m) where T : class, IParentNode, INode => m
        .Get("children", (dom, n) => dom.Wrap(n.Children))
        .Get("firstElementChild", (dom, n) => dom.Wrap(n.FirstElementChild))
        .Get("lastElementChild", (dom, n) => dom.Wrap(n.LastElementChild))
        .Get("childElementCount", (_, n) => n.ChildElementCount)
        .Method("append", 0, (dom, n, args) =>
        {
            n.Append(Nodes(dom, n, args, "append"));
            return JsValue.Undefined;
        })
        .Method("prepend", 0, (dom, n, args) =>
        {
            n.Prepend(Nodes(dom, n, args, "prepend"));
            return JsValue.Undefined;
        })
        .Method("replaceChildren", 0, (dom, n, args) =>
        {
            var nodes = Nodes(dom, n, args, "replaceChildren");
            while (n.FirstChild is { } child) n.RemoveChild(child);
            n.Append(nodes);
            return JsValue.Undefined;
        })
        .Method("querySelector", 1, (dom, n, args) => dom.Wrap(dom.Select(n, dom.Required(args, 0, "querySelector", "Element"), n.QuerySelector)))
        .Method("querySelectorAll", 1, (dom, n, args) => dom.Wrap(new StaticNodeList(dom.Select(n, dom.Required(args, 0, "querySelectorAll", "Element"), text => n.QuerySelectorAll(text).ToArray<INode>()))));

    /// <summary>The nodes a variadic DOM method takes: nodes as they are, anything else as a text node of its string.</summary>
    public static INode[] Nodes(DomBinding dom, INode context, JsValue[] args, string member)
    {
        var owner = context as IDocument ?? context.Owner ?? dom.Document;
        var nodes = new INode[args.Length];
        for (var i = 0; i < args.Length; i++)
            nodes[i] = args[i] is DomObject { Target: INode node } ? node : owner.CreateTextNode(dom.DomString(args[i]));
        var parent = member is "before" or "after" or "replaceWith" ? context.Parent : context;
        if (parent is not null) foreach (var node in nodes) dom.CheckInsert(parent, node);
        return nodes;
    }

    public static IElement? SiblingElement(INode node, int direction)
    {
        for (var sibling = direction < 0 ? node.PreviousSibling : node.NextSibling; sibling is not null; sibling = direction < 0 ? sibling.PreviousSibling : sibling.NextSibling)
            if (sibling is IElement element) return element;
        return null;
    }

    /// <summary>ChildNode's <c>before</c>/<c>after</c>.</summary>
    public static JsValue ChildNodeInsert(DomBinding dom, INode node, JsValue[] args, bool before)
    {
        var nodes = Nodes(dom, node, args, before ? "before" : "after");
        if (node.Parent is not { } parent) return JsValue.Undefined;
        var reference = before ? node : node.NextSibling;
        while (reference is not null && nodes.Contains(reference)) reference = reference.NextSibling;
        foreach (var inserted in nodes) parent.InsertBefore(inserted, reference);
        return JsValue.Undefined;
    }

    public static JsValue ChildNodeReplace(DomBinding dom, INode node, JsValue[] args)
    {
        var nodes = Nodes(dom, node, args, "replaceWith");
        if (node.Parent is not { } parent) return JsValue.Undefined;
        var reference = node.NextSibling;
        while (reference is not null && nodes.Contains(reference)) reference = reference.NextSibling;
        if (!nodes.Contains(node)) parent.RemoveChild(node);
        foreach (var inserted in nodes) parent.InsertBefore(inserted, reference);
        return JsValue.Undefined;
    }
}

/// <summary>A NodeList that does not change (what <c>querySelectorAll</c> answers).</summary>
internal sealed class StaticNodeList(INode[] nodes)
{
    public INode[] Nodes { get; } = nodes;
}
