using Jint;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>Element and HTMLElement: attributes, classes, markup, selectors, geometry (all zeros: nothing is laid out), focus and click.</summary>
internal static class ElementInterfaces
{
    /// <summary>GlobalEventHandlers' <c>on*</c> properties, on elements, the document and the window.</summary>
    public static readonly string[] HandlerEvents =
    [
        "abort", "blur", "cancel", "change", "click", "close", "contextmenu", "dblclick", "drag", "dragend", "dragenter", "dragleave",
        "dragover", "dragstart", "drop", "error", "focus", "focusin", "focusout", "input", "invalid", "keydown", "keypress", "keyup", "load",
        "mousedown", "mouseenter", "mouseleave", "mousemove", "mouseout", "mouseover", "mouseup", "pointerdown", "pointerup", "reset",
        "resize", "scroll", "select", "submit", "toggle", "wheel", "animationend", "transitionend",
    ];

    public static readonly DomInterface Element = DomInterface.Define<IElement>("Element", NodeInterfaces.Node, m => NodeInterfaces.ParentNodeMembers(m)
        .Get("tagName", (_, e) => e.TagName)
        .Get("localName", (_, e) => e.LocalName)
        .Get("namespaceURI", (_, e) => String(e.NamespaceUri))
        .Get("prefix", (_, e) => String(e.Prefix))
        .Property("id", (_, e) => e.Id ?? "", (dom, e, v) => e.Id = dom.DomString(v))
        .Property("className", (_, e) => e.ClassName ?? "", (dom, e, v) => e.ClassName = dom.DomString(v))
        .Get("classList", (dom, e) => dom.Wrap(dom.ClassListOf(e)))
        .Get("attributes", (dom, e) => dom.Wrap(e.Attributes))
        .Property("innerHTML", (_, e) => e.InnerHtml, (dom, e, v) =>
        {
            e.InnerHtml = dom.CheckMarkup(dom.NullIsEmpty(v), e);
            dom.CheckParsedInto(e);
        })
        .Property("outerHTML", (_, e) => e.OuterHtml, (dom, e, v) =>
        {
            var parent = e.Parent;
            var next = e.NextSibling;
            e.OuterHtml = dom.CheckMarkup(dom.NullIsEmpty(v), parent);
            if (parent is IElement element)
                for (var node = element.FirstChild; node is not null; node = node.NextSibling) dom.CheckInsert(element, node);
        })
        .Property("slot", (_, e) => e.Slot ?? "", (dom, e, v) => e.Slot = dom.DomString(v))
        .Get("previousElementSibling", (dom, e) => dom.Wrap(e.PreviousElementSibling))
        .Get("nextElementSibling", (dom, e) => dom.Wrap(e.NextElementSibling))
        .Get("scrollTop", (_, _) => 0).Get("scrollLeft", (_, _) => 0).Get("scrollWidth", (_, _) => 0).Get("scrollHeight", (_, _) => 0)
        .Get("clientTop", (_, _) => 0).Get("clientLeft", (_, _) => 0).Get("clientWidth", (_, _) => 0).Get("clientHeight", (_, _) => 0)
        .Method("getAttribute", 1, (dom, e, args) => String(e.GetAttribute(dom.Required(args, 0, "getAttribute", "Element"))))
        .Method("getAttributeNames", 0, (dom, e, _) => JsArray(dom, e.Attributes.Select(a => (JsValue)a.Name)))
        .Method("hasAttribute", 1, (dom, e, args) => Boolean(e.HasAttribute(dom.Required(args, 0, "hasAttribute", "Element"))))
        .Method("hasAttributes", 0, (_, e, _) => Boolean(e.Attributes.Length > 0))
        .Method("setAttribute", 2, (dom, e, args) =>
        {
            var name = dom.Required(args, 0, "setAttribute", "Element");
            e.SetAttribute(name, dom.Required(args, 1, "setAttribute", "Element"));
            return JsValue.Undefined;
        })
        .Method("removeAttribute", 1, (dom, e, args) =>
        {
            e.RemoveAttribute(dom.Required(args, 0, "removeAttribute", "Element"));
            return JsValue.Undefined;
        })
        .Method("getAttributeNS", 2, (dom, e, args) => String(e.GetAttribute(Namespace(dom, args, 0), dom.Required(args, 1, "getAttributeNS", "Element"))))
        .Method("hasAttributeNS", 2, (dom, e, args) => Boolean(e.HasAttribute(Namespace(dom, args, 0), dom.Required(args, 1, "hasAttributeNS", "Element"))))
        .Method("setAttributeNS", 3, (dom, e, args) =>
        {
            var ns = Namespace(dom, args, 0);
            var name = dom.Required(args, 1, "setAttributeNS", "Element");
            e.SetAttribute(ns, name, dom.Required(args, 2, "setAttributeNS", "Element"));
            return JsValue.Undefined;
        })
        .Method("removeAttributeNS", 2, (dom, e, args) =>
        {
            e.RemoveAttribute(Namespace(dom, args, 0), dom.Required(args, 1, "removeAttributeNS", "Element"));
            return JsValue.Undefined;
        })
        .Method("getElementsByTagNameNS", 2, (dom, e, args) => dom.Wrap(e.GetElementsByTagNameNS(Namespace(dom, args, 0), dom.Required(args, 1, "getElementsByTagNameNS", "Element"))))
        .Method("toggleAttribute", 1, (dom, e, args) =>
        {
            var name = dom.Required(args, 0, "toggleAttribute", "Element");
            var force = Argument(args, 1);
            var present = e.HasAttribute(name);
            var want = force.IsUndefined() ? !present : TypeConverter.ToBoolean(force);
            if (want && !present) e.SetAttribute(name, "");
            else if (!want && present) e.RemoveAttribute(name);
            return Boolean(want);
        })
        .Method("getElementsByTagName", 1, (dom, e, args) => dom.Wrap(e.GetElementsByTagName(dom.Required(args, 0, "getElementsByTagName", "Element"))))
        .Method("getElementsByClassName", 1, (dom, e, args) => dom.Wrap(e.GetElementsByClassName(dom.Required(args, 0, "getElementsByClassName", "Element"))))
        .Method("matches", 1, (dom, e, args) => Boolean(dom.Select(e, dom.Required(args, 0, "matches", "Element"), e.Matches)))
        .Method("closest", 1, (dom, e, args) => dom.Wrap(dom.Select(e, dom.Required(args, 0, "closest", "Element"), e.Closest)))
        .Method("insertAdjacentHTML", 2, (dom, e, args) =>
        {
            var position = Position(dom, args, "insertAdjacentHTML");
            var markup = dom.CheckMarkup(dom.Required(args, 1, "insertAdjacentHTML", "Element"), position is AdjacentPosition.AfterBegin or AdjacentPosition.BeforeEnd ? e : e.Parent);
            e.Insert(position, markup);
            if (e.Parent is IElement parent) dom.CheckParsedInto(parent);
            return JsValue.Undefined;
        })
        .Method("insertAdjacentElement", 2, (dom, e, args) =>
        {
            var inserted = dom.Node<IElement>(args, 1, "insertAdjacentElement", "Element", "Element");
            dom.CheckInsert(e, inserted);
            return dom.Wrap(InsertAdjacent(e, Position(dom, args, "insertAdjacentElement"), inserted));
        })
        .Method("insertAdjacentText", 2, (dom, e, args) =>
        {
            var text = (e.Owner ?? dom.Document).CreateTextNode(dom.Required(args, 1, "insertAdjacentText", "Element"));
            InsertAdjacent(e, Position(dom, args, "insertAdjacentText"), text);
            return JsValue.Undefined;
        })
        .Method("remove", 0, (_, e, _) =>
        {
            e.Remove();
            return JsValue.Undefined;
        })
        .Method("before", 0, (dom, e, args) => NodeInterfaces.ChildNodeInsert(dom, e, args, before: true))
        .Method("after", 0, (dom, e, args) => NodeInterfaces.ChildNodeInsert(dom, e, args, before: false))
        .Method("replaceWith", 0, (dom, e, args) => NodeInterfaces.ChildNodeReplace(dom, e, args))
        .Method("getBoundingClientRect", 0, (dom, _, _) => dom.Wrap(new ZeroRect()))
        .Method("getClientRects", 0, (dom, _, _) => JsArray(dom, []))
        .Method("scrollIntoView", 0, (_, _, _) => JsValue.Undefined)
        .Method("scrollTo", 0, (_, _, _) => JsValue.Undefined)
        .Method("scrollBy", 0, (_, _, _) => JsValue.Undefined));

    public static readonly DomInterface HTMLElement = DomInterface.Define<IHtmlElement>("HTMLElement", Element, m =>
    {
        m.Reflect("title").Reflect("lang").Reflect("dir").Reflect("accessKey", "accesskey")
            .ReflectBoolean("hidden")
            .Property("tabIndex", (_, e) => e.TabIndex, (_, e, v) => e.SetAttribute("tabindex", ((int)TypeConverter.ToNumber(v)).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Get("dataset", (dom, e) => dom.Wrap(dom.DatasetOf(e)))
            .Get("style", (dom, e) => dom.Wrap(dom.StyleOf(e)))
            .Property("innerText", (_, e) => RenderedText.Of(e), (dom, e, v) => RenderedText.Set(e, dom.NullIsEmpty(v)))
            .Property("outerText", (_, e) => RenderedText.Of(e), (dom, e, v) => e.Replace((e.Owner ?? dom.Document).CreateTextNode(dom.NullIsEmpty(v))))
            .Get("offsetParent", (_, _) => JsValue.Null)
            .Get("offsetTop", (_, _) => 0).Get("offsetLeft", (_, _) => 0).Get("offsetWidth", (_, _) => 0).Get("offsetHeight", (_, _) => 0)
            .Property("contentEditable", (_, e) => e.GetAttribute("contenteditable") ?? "inherit", (dom, e, v) => e.SetAttribute("contenteditable", dom.DomString(v)))
            .Get("isContentEditable", (_, e) => Boolean(e.GetAttribute("contenteditable") is "" or "true"))
            .Method("click", 0, (dom, e, _) =>
            {
                dom.Click(e, trusted: false);
                return JsValue.Undefined;
            })
            .Method("focus", 0, (dom, e, _) =>
            {
                dom.Focus(e);
                return JsValue.Undefined;
            })
            .Method("blur", 0, (dom, e, _) =>
            {
                dom.Blur(e);
                return JsValue.Undefined;
            });
        EventHandlerProperties(m);
    });

    public static void EventHandlerProperties<T>(DomInterface.Members<T> m) where T : class
    {
        foreach (var type in HandlerEvents)
            m.Property("on" + type, (dom, target) => dom.Handler(target, type), (dom, target, value) => dom.SetHandler(target, type, value));
    }

    /// <summary>A namespace argument: null stays null, the empty string means no namespace.</summary>
    public static string? Namespace(DomBinding dom, JsValue[] args, int index) =>
        Argument(args, index) is var value && (value.IsNull() || value.IsUndefined()) ? null : dom.DomString(value) is { Length: > 0 } text ? text : null;

    public static JsValue JsArray(DomBinding dom, IEnumerable<JsValue> items) => new Jint.Native.JsArray(dom.Engine, items.ToArray());

    private static AdjacentPosition Position(DomBinding dom, JsValue[] args, string member)
    {
        var text = dom.Required(args, 0, member, "Element").ToLowerInvariant();
        return text switch
        {
            "beforebegin" => AdjacentPosition.BeforeBegin,
            "afterbegin" => AdjacentPosition.AfterBegin,
            "beforeend" => AdjacentPosition.BeforeEnd,
            "afterend" => AdjacentPosition.AfterEnd,
            _ => throw dom.DomError("SyntaxError", dom.Flavor == Flavor.Chrome
                ? $"Failed to execute '{member}' on 'Element': The value provided ('{args[0]}') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'."
                : "An invalid or illegal string was specified"),
        };
    }

    private static INode? InsertAdjacent(IElement element, AdjacentPosition position, INode node)
    {
        switch (position)
        {
            case AdjacentPosition.BeforeBegin:
                if (element.Parent is not { } parent) return null;
                return parent.InsertBefore(node, element);
            case AdjacentPosition.AfterBegin:
                return element.InsertBefore(node, element.FirstChild);
            case AdjacentPosition.BeforeEnd:
                return element.AppendChild(node);
            default:
                if (element.Parent is not { } after) return null;
                return after.InsertBefore(node, element.NextSibling);
        }
    }
}

/// <summary>What <c>getBoundingClientRect()</c> answers: nothing is laid out, so every figure is zero.</summary>
internal sealed class ZeroRect;
