using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
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

    public static void Constant(this ObjectInstance target, string name, JsValue value) =>
        target.FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.Enumerable | PropertyFlag.Configurable));
}
