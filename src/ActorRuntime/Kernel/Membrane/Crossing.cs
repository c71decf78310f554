using ActorRuntime.Kernel;
using System.Runtime.CompilerServices;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Kernel.Membrane;

/// <summary>
/// Moves values between the engines of one extension. Primitives pass as they are, except registered
/// symbols, which are looked up by key in the destination's registry (an agent has one registry, each
/// Jint engine its own); an object is
/// handed over as a proxy living in the destination engine whose traps run against the original in
/// its own engine. A proxy coming home is unwrapped to its original, and a proxy passed on to a third
/// engine is re-wrapped from its original, so nothing is ever wrapped twice.
/// </summary>
internal static class Crossing
{
    private static readonly ConditionalWeakTable<ObjectInstance, ForeignHandler> Handlers = new();

    public static JsValue Wrap(JsValue value, ContextRealm from, ContextRealm to)
    {
        if (ReferenceEquals(from, to)) return value;
        if (value is not ObjectInstance obj) return value is JsSymbol symbol ? from.SymbolFor(symbol, to) : value;
        var origin = from;
        var original = obj;
        if (Handlers.TryGetValue(obj, out var handler))
        {
            origin = handler.Origin;
            original = handler.OriginalOrThrow(to);
        }
        return ReferenceEquals(origin, to) ? original : to.ProxyFor(origin, original);
    }

    public static JsValue[] WrapAll(JsValue[] values, ContextRealm from, ContextRealm to)
    {
        if (values.Length == 0) return values;
        var result = new JsValue[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = Wrap(values[i], from, to);
        return result;
    }

    internal static void Register(ObjectInstance proxy, ForeignHandler handler) => Handlers.AddOrUpdate(proxy, handler);

    /// <summary>The original behind a membrane proxy (throwing dead object when it is gone), or the value itself.</summary>
    public static JsValue Unwrap(JsValue value, ContextRealm reader) =>
        value is ObjectInstance o && Handlers.TryGetValue(o, out var h) ? h.OriginalOrThrow(reader) : value;
}
