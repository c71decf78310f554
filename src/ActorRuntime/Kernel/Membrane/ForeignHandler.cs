using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Kernel.Membrane;

/// <summary>
/// The traps of one proxy: it lives in <see cref="Home"/> and stands for an object of <see cref="Origin"/>.
/// Every trap first checks that both sides are alive (dead object → TypeError). Properties the proxy
/// invariants care about (non-configurable ones, non-extensible objects) are mirrored onto the shadow
/// target before they are reported.
/// </summary>
internal sealed class ForeignHandler(ContextRealm origin, ObjectInstance original, ContextRealm home) : ProxyHandler
{
    private ObjectInstance? _original = original;

    public ContextRealm Origin { get; } = origin;
    public ContextRealm Home { get; } = home;

    /// <summary>Drops the reference to the original so a proxy kept by a live engine does not pin a dead one.</summary>
    public void Sever() => _original = null;

    public ObjectInstance OriginalOrThrow(ContextRealm thrower)
    {
        var o = _original;
        if (o is null || Origin.IsDead || Home.IsDead) throw thrower.DeadObjectError();
        return o;
    }

    private ObjectInstance Live() => OriginalOrThrow(Home);

    private JsValue ToHome(JsValue value) => Crossing.Wrap(value, Origin, Home);
    private JsValue ToOrigin(JsValue value) => Crossing.Wrap(value, Home, Origin);

    // Property keys are strings or symbols; only registered symbols change on the way.
    private JsValue KeyToOrigin(JsValue key) => key is JsSymbol ? ToOrigin(key) : key;
    private JsValue KeyToHome(JsValue key) => key is JsSymbol ? ToHome(key) : key;

    /// <summary>An error thrown in the origin engine re-thrown in the home engine, as a proxy of the same error.</summary>
    private JavaScriptException Translate(JavaScriptException ex) => new(ToHome(ex.Error));

    public override JsValue Get(ObjectInstance target, JsValue property, JsValue receiver)
    {
        var o = Live();
        Origin.Extension.Loop.CountCrossing();
        try
        {
            return ToHome(o.Get(KeyToOrigin(property), ToOrigin(receiver)));
        }
        catch (JavaScriptException ex)
        {
            throw Translate(ex);
        }
    }

    public override bool? Set(ObjectInstance target, JsValue property, JsValue value, JsValue receiver)
    {
        var o = Live();
        Origin.Extension.Loop.CountCrossing();
        try
        {
            return o.Set(KeyToOrigin(property), ToOrigin(value), ToOrigin(receiver));
        }
        catch (JavaScriptException ex)
        {
            throw Translate(ex);
        }
    }

    public override JsValue Apply(ObjectInstance target, JsValue thisArgument, JsValue[] arguments)
    {
        var o = Live();
        Origin.Extension.Loop.CountCrossing();
        try
        {
            var result = Origin.Engine.Call(o, ToOrigin(thisArgument), Crossing.WrapAll(arguments, Home, Origin));
            return ToHome(result);
        }
        catch (JavaScriptException ex)
        {
            throw Translate(ex);
        }
    }

    public override ObjectInstance Construct(ObjectInstance target, JsValue[] arguments, JsValue newTarget)
    {
        var o = Live();
        Origin.Extension.Loop.CountCrossing();
        try
        {
            return (ObjectInstance)ToHome(Origin.Engine.Construct(o, Crossing.WrapAll(arguments, Home, Origin)));
        }
        catch (JavaScriptException ex)
        {
            throw Translate(ex);
        }
    }

    public override bool? Has(ObjectInstance target, JsValue property) => Guard(property, static (o, p, self) => o.HasProperty(self.KeyToOrigin(p)));

    public override bool? DeleteProperty(ObjectInstance target, JsValue property) => Guard(property, static (o, p, self) => o.Delete(self.KeyToOrigin(p)));

    public override IReadOnlyList<JsValue> OwnKeys(ObjectInstance target) => Guard(JsValue.Undefined, static (o, _, self) => o.GetOwnPropertyKeys(Types.String | Types.Symbol).Select(self.KeyToHome).ToList());

    public override PropertyDescriptor GetOwnPropertyDescriptor(ObjectInstance target, JsValue property)
    {
        var desc = Guard(property, static (o, p, self) => o.GetOwnProperty(self.KeyToOrigin(p)));
        if (ReferenceEquals(desc, PropertyDescriptor.Undefined)) return PropertyDescriptor.Undefined;
        var wrapped = WrapDescriptor(desc, ToHome);
        if (!wrapped.Configurable) target.DefineOwnProperty(property, wrapped);
        return wrapped;
    }

    public override bool? DefineProperty(ObjectInstance target, JsValue property, PropertyDescriptor descriptor)
    {
        var ok = Guard(property, (o, p, self) => o.DefineOwnProperty(self.KeyToOrigin(p), WrapDescriptor(descriptor, self.ToOrigin)));
        if (ok && descriptor.ConfigurableSet && !descriptor.Configurable)
            target.DefineOwnProperty(property, Guard(property, static (o, p, self) => WrapDescriptor(o.GetOwnProperty(self.KeyToOrigin(p)), self.ToHome)));
        return ok;
    }

    public override JsValue GetPrototypeOf(ObjectInstance target) =>
        Guard(JsValue.Undefined, static (o, _, self) => self.ToHome(o.Prototype ?? (JsValue)JsValue.Null));

    public override bool? SetPrototypeOf(ObjectInstance target, JsValue prototype) =>
        Guard(prototype, static (o, p, self) =>
        {
            var proto = self.ToOrigin(p) as ObjectInstance;
            if (ReferenceEquals(o.Prototype, proto)) return true;
            if (!o.Extensible) return false;
            o.Prototype = proto;
            return true;
        });

    public override bool? IsExtensible(ObjectInstance target)
    {
        var extensible = Guard(JsValue.Undefined, static (o, _, _) => o.Extensible);
        if (!extensible && target.Extensible) MirrorAndSeal(target);
        return extensible;
    }

    public override bool? PreventExtensions(ObjectInstance target)
    {
        var ok = Guard(JsValue.Undefined, static (o, _, _) => o.PreventExtensions());
        if (ok && target.Extensible) MirrorAndSeal(target);
        return ok;
    }

    /// <summary>A non-extensible original: the shadow target must hold exactly its keys and prototype.</summary>
    private void MirrorAndSeal(ObjectInstance target)
    {
        var o = Live();
        foreach (var key in o.GetOwnPropertyKeys(Types.String | Types.Symbol))
            target.DefineOwnProperty(KeyToHome(key), WrapDescriptor(o.GetOwnProperty(key), ToHome));
        target.Prototype = ToHome(o.Prototype ?? (JsValue)JsValue.Null) as ObjectInstance;
        target.PreventExtensions();
    }

    private static PropertyDescriptor WrapDescriptor(PropertyDescriptor desc, Func<JsValue, JsValue> wrap)
    {
        if (desc.IsAccessorDescriptor())
            return new GetSetPropertyDescriptor(
                desc.Get is null ? null : wrap(desc.Get),
                desc.Set is null ? null : wrap(desc.Set),
                desc.Enumerable, desc.Configurable);
        return new PropertyDescriptor(desc.Value is null ? JsValue.Undefined : wrap(desc.Value), desc.Writable, desc.Enumerable, desc.Configurable);
    }

    private T Guard<T>(JsValue argument, Func<ObjectInstance, JsValue, ForeignHandler, T> trap)
    {
        var o = Live();
        Origin.Extension.Loop.CountCrossing();
        try
        {
            return trap(o, argument, this);
        }
        catch (JavaScriptException ex)
        {
            throw Translate(ex);
        }
    }
}
