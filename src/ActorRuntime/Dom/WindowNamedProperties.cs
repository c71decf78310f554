using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Dom;

/// <summary>
/// HTML's named properties of a window (Web IDL's WindowProperties object), in the global's prototype chain after the
/// interface objects: an element's <c>id</c>, or the <c>name</c> of an embed, form, img or object, names it on the
/// window (<c>window.someId</c>, a bare <c>someId</c> in a script); several elements of one name are an HTMLCollection.
/// The global's own properties and the interface objects come first. Each lookup walks the document once.
/// </summary>
internal sealed class WindowNamedProperties(DomBinding dom, ObjectInstance prototype) : ObjectInstance(dom.Engine)
{
    private readonly ObjectInstance _initialPrototype = prototype;

    protected override void Initialize() => Prototype = _initialPrototype;

    public override PropertyDescriptor GetOwnProperty(JsValue property)
    {
        if (Named(property) is { } value) return new PropertyDescriptor(value, PropertyFlag.Configurable | PropertyFlag.Writable);
        return base.GetOwnProperty(property);
    }

    public override JsValue Get(JsValue property, JsValue receiver) => Named(property) ?? base.Get(property, receiver);

    // Nothing can be defined on it (Web IDL: [[DefineOwnProperty]] returns false); assignments land on the window.
    public override bool DefineOwnProperty(JsValue property, PropertyDescriptor desc) => false;

    public override bool Delete(JsValue property) => Named(property) is null && base.Delete(property);

    private JsValue? Named(JsValue property)
    {
        if (property is not JsString s || s.Length == 0 || base.GetOwnProperty(property) != PropertyDescriptor.Undefined) return null;
        var name = s.ToString();
        List<IElement>? found = null;
        foreach (var element in dom.Document.Descendants<IElement>())
        {
            if (element.Id != name && !(element is IHtmlEmbedElement or IHtmlFormElement or IHtmlImageElement or IHtmlObjectElement && element.GetAttribute("name") == name)) continue;
            (found ??= []).Add(element);
        }
        return found switch
        {
            null => null,
            [var single] => dom.Wrap(single),
            _ => dom.Wrap(found.AsReadOnly()),
        };
    }
}
