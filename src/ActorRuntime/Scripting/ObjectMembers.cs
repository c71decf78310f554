using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Descriptors.Specialized;
using Jint.Runtime.Interop;

namespace ActorRuntime.Scripting;

/// <summary>Members the runtime puts on the script objects it builds, with the attributes browsers give them.</summary>
internal static class ObjectMembers
{
    /// <summary>A function property, non-enumerable like the methods of browsers' API objects.</summary>
    public static void Method(this ObjectInstance target, string name, Func<JsValue, JsValue[], JsValue> body)
    {
        var engine = target.Engine;
        target.FastSetProperty(name, new PropertyDescriptor(new ClrFunction(engine, name, body), PropertyFlag.NonEnumerable));
    }

    /// <summary>
    /// An accessor property whose object is built on first read (as browsers build API objects and Window members
    /// lazily): what a page never touches costs it nothing. One <paramref name="value"/> may back several properties.
    /// </summary>
    public static void LazyGetter(this ObjectInstance target, string name, Lazy<ObjectInstance> value)
    {
        var getter = new ClrFunction(target.Engine, "get " + name, (_, _) => value.Value);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(getter, JsValue.Undefined, enumerable: true, configurable: true));
    }

    /// <summary>null or undefined (what an optional API argument may be to be left out).</summary>
    public static bool IsNullish(this JsValue value) => value.IsNull() || value.IsUndefined();

    public static void Constant(this ObjectInstance target, string name, JsValue value) =>
        target.FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.Enumerable | PropertyFlag.Configurable));
}
