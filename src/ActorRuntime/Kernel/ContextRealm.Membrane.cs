using System.Runtime.CompilerServices;
using ActorRuntime.Kernel.Membrane;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace ActorRuntime.Kernel;

/// <summary>The realm's side of the membrane: its caches of proxies, by the realm their originals live in.</summary>
internal sealed partial class ContextRealm
{
    // Keyed by origin realm so one popup's proxies can never be handed to another engine.
    private readonly Dictionary<ContextRealm, ConditionalWeakTable<ObjectInstance, ObjectInstance>> _proxiesFrom = new();

    // Handlers (in any realm) over this realm's objects, severed when this realm dies.
    private readonly List<WeakReference<ForeignHandler>> _handlersOverMe = new();
    private JsValue? _bind;
    private Function? _constructorTemplate;

    public ObjectInstance ProxyFor(ContextRealm origin, ObjectInstance original)
    {
        if (origin.IsDead || IsDead) throw DeadObjectError();
        if (!_proxiesFrom.TryGetValue(origin, out var cache))
        {
            cache = new ConditionalWeakTable<ObjectInstance, ObjectInstance>();
            _proxiesFrom[origin] = cache;
        }
        if (cache.TryGetValue(original, out var existing)) return existing;

        var handler = new ForeignHandler(origin, original, this);
        var proxy = Engine.Advanced.CreateProxy(ShadowTargetFor(original), handler);
        cache.Add(original, proxy);
        Membrane.Crossing.Register(proxy, handler);
        origin.Track(handler);
        return proxy;
    }

    /// <summary>The proxy's target decides typeof, callability, constructability and Array.isArray.</summary>
    private ObjectInstance ShadowTargetFor(ObjectInstance original)
    {
        if (original.IsConstructor())
        {
            // A bound function: constructible, callable, and without an own non-configurable `prototype`.
            _constructorTemplate ??= (Function)Engine.Evaluate("(function () {})");
            _bind ??= _constructorTemplate.Get("bind");
            return (ObjectInstance)Engine.Call(_bind, _constructorTemplate, []);
        }
        if (original.IsCallable()) return new ClrFunction(Engine, "", static (_, _) => JsValue.Undefined);
        if (original is JsArray) return new JsArray(Engine);
        return new JsObject(Engine);
    }

    private void Track(ForeignHandler handler)
    {
        if (_handlersOverMe.Count > 64 && (_handlersOverMe.Count & 63) == 0)
            _handlersOverMe.RemoveAll(static w => !w.TryGetTarget(out _));
        _handlersOverMe.Add(new WeakReference<ForeignHandler>(handler));
    }

    private void SeverAllProxies()
    {
        foreach (var weak in _handlersOverMe)
            if (weak.TryGetTarget(out var handler)) handler.Sever();
        _handlersOverMe.Clear();
        _proxiesFrom.Clear();
    }

    /// <summary>Forgets the proxies over a realm that died, so their shadow targets can be collected.</summary>
    public void ForgetProxiesFrom(ContextRealm dead) => _proxiesFrom.Remove(dead);
}
