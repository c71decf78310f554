using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Dom;

/// <summary>What an array-like DOM object (NodeList, HTMLCollection, DOMTokenList) holds, read live at each access.</summary>
internal interface IIndexedItems
{
    int Count { get; }

    JsValue Item(int index);

    /// <summary>A named property (an HTMLCollection's element by id or name), or null.</summary>
    JsValue? Named(string name);
}

/// <summary>What a DOM object with named properties (DOMStringMap, CSSStyleDeclaration) holds.</summary>
internal interface INamedItems
{
    bool TryGet(string name, out JsValue value);

    /// <summary>Whether the name is one of the object's (a write to any other name makes an ordinary property).</summary>
    bool TrySet(string name, JsValue value);

    bool Delete(string name);

    IEnumerable<string> Names();
}

/// <summary>A handle whose indices are the live items of its collection, as Web IDL's indexed getters make them.</summary>
internal sealed class DomIndexedObject(Engine engine, object target, ObjectInstance prototype, IIndexedItems items) : DomObject(engine, target, prototype)
{
    public override PropertyDescriptor GetOwnProperty(JsValue property)
    {
        if (Index(property) is { } index)
            return index < items.Count ? new PropertyDescriptor(items.Item(index), PropertyFlag.Enumerable | PropertyFlag.Configurable) : PropertyDescriptor.Undefined;
        return base.GetOwnProperty(property);
    }

    public override JsValue Get(JsValue property, JsValue receiver)
    {
        if (Index(property) is { } index) return index < items.Count ? items.Item(index) : Prototype?.Get(property, receiver) ?? Undefined;
        // Named properties come after the prototype's members ([LegacyUnenumerableNamedProperties]).
        if (property is JsString name && Prototype is { } proto && !proto.HasProperty(property) && !base.HasProperty(property) && items.Named(name.ToString()) is { } found)
            return found;
        return base.Get(property, receiver);
    }

    public override bool Set(JsValue property, JsValue value, JsValue receiver) => Index(property) is null && base.Set(property, value, receiver);

    public override bool DefineOwnProperty(JsValue property, PropertyDescriptor desc) => Index(property) is null && base.DefineOwnProperty(property, desc);

    public override List<JsValue> GetOwnPropertyKeys(Types types = Types.String | Types.Symbol)
    {
        var keys = new List<JsValue>();
        if ((types & Types.String) != 0)
            for (var i = 0; i < items.Count; i++) keys.Add(new JsString(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        keys.AddRange(base.GetOwnPropertyKeys(types));
        return keys;
    }

    private static int? Index(JsValue property)
    {
        if (property is JsNumber number && number.AsNumber() is var n && n >= 0 && n == Math.Floor(n) && n < int.MaxValue) return (int)n;
        if (property is not JsString s) return null;
        var text = s.ToString();
        if (text.Length == 0 || text.Length > 10 || (text.Length > 1 && text[0] == '0')) return null;
        foreach (var c in text) if (c is < '0' or > '9') return null;
        return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) is var value && value < int.MaxValue ? (int)value : null;
    }
}

/// <summary>A handle whose string keys are its map's entries (a <c>dataset</c>, a <c>style</c>), as Web IDL's named properties make them.</summary>
internal sealed class DomNamedObject(Engine engine, object target, ObjectInstance prototype, INamedItems items) : DomObject(engine, target, prototype)
{
    public override PropertyDescriptor GetOwnProperty(JsValue property)
    {
        if (Name(property) is { } name && items.TryGet(name, out var value))
            return new PropertyDescriptor(value, PropertyFlag.ConfigurableEnumerableWritable);
        return base.GetOwnProperty(property);
    }

    public override JsValue Get(JsValue property, JsValue receiver)
    {
        if (Name(property) is { } name && items.TryGet(name, out var value)) return value;
        return base.Get(property, receiver);
    }

    public override bool Set(JsValue property, JsValue value, JsValue receiver)
    {
        if (Name(property) is { } name && items.TrySet(name, value)) return true;
        return base.Set(property, value, receiver);
    }

    public override bool Delete(JsValue property)
    {
        if (Name(property) is { } name && items.Delete(name)) return true;
        return base.Delete(property);
    }

    public override List<JsValue> GetOwnPropertyKeys(Types types = Types.String | Types.Symbol)
    {
        var keys = new List<JsValue>();
        if ((types & Types.String) != 0)
            foreach (var name in items.Names()) keys.Add(new JsString(name));
        keys.AddRange(base.GetOwnPropertyKeys(types));
        return keys;
    }

    // A name the prototype defines (a method, `length`) is the prototype's, as with [LegacyOverrideBuiltIns] absent.
    private string? Name(JsValue property) =>
        property is JsString s && Prototype is { } proto && !proto.HasProperty(property) ? s.ToString() : null;
}
