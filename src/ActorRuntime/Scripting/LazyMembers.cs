using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Scripting;

/// <summary>
/// An object whose properties are made the first time they are looked up (an interface's prototype with its members, the
/// window's scope with its interface objects): a page pays for the members its scripts touch, not for the hundreds it
/// never does. A name made (or deleted, or redefined by a script) is never made again; listing the keys makes them all.
/// </summary>
internal sealed class LazyMembers : ObjectInstance
{
    private readonly IReadOnlyDictionary<string, int> _names;
    private readonly Action<LazyMembers, int> _make;
    private readonly bool[] _made;
    private int _remaining;

    public LazyMembers(Engine engine, ObjectInstance prototype, IReadOnlyDictionary<string, int> names, Action<LazyMembers, int> make) : base(engine)
    {
        Prototype = prototype;
        _names = names;
        _make = make;
        _made = new bool[names.Count];
        _remaining = names.Count;
    }

    private void Make(JsValue property)
    {
        if (_remaining == 0 || property is not JsString name || !_names.TryGetValue(name.ToString(), out var index) || _made[index]) return;
        _made[index] = true;
        _remaining--;
        _make(this, index);
    }

    /// <summary>Makes every name not made yet (a caller about to set them all, so a later lookup makes nothing over it).</summary>
    public void MakeAll()
    {
        if (_remaining == 0) return;
        foreach (var (_, index) in _names.OrderBy(pair => pair.Value))
        {
            if (_made[index]) continue;
            _made[index] = true;
            _remaining--;
            _make(this, index);
        }
    }

    public override JsValue Get(JsValue property, JsValue receiver)
    {
        Make(property);
        return base.Get(property, receiver);
    }

    public override PropertyDescriptor GetOwnProperty(JsValue property)
    {
        Make(property);
        return base.GetOwnProperty(property);
    }

    public override bool Set(JsValue property, JsValue value, JsValue receiver)
    {
        Make(property);
        return base.Set(property, value, receiver);
    }

    public override bool DefineOwnProperty(JsValue property, PropertyDescriptor desc)
    {
        Make(property);
        return base.DefineOwnProperty(property, desc);
    }

    public override bool Delete(JsValue property)
    {
        Make(property);
        return base.Delete(property);
    }

    public override bool HasProperty(JsValue property)
    {
        Make(property);
        return base.HasProperty(property);
    }

    public override List<JsValue> GetOwnPropertyKeys(Types types = Types.String | Types.Symbol)
    {
        MakeAll();
        return base.GetOwnPropertyKeys(types);
    }

    public override IEnumerable<KeyValuePair<JsValue, PropertyDescriptor>> GetOwnProperties()
    {
        MakeAll();
        return base.GetOwnProperties();
    }
}
