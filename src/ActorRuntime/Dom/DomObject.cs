using Jint;
using Jint.Native.Object;

namespace ActorRuntime.Dom;

/// <summary>
/// A script's handle on one DOM object (a node, an event, a collection, a token list...). It holds nothing but the
/// object: every member lives on the prototype of its interface, as on a browser's platform objects, so a script sees
/// only what the interfaces define and no .NET member, type or exception.
/// </summary>
internal class DomObject : ObjectInstance
{
    public DomObject(Engine engine, object target, ObjectInstance prototype) : base(engine)
    {
        Target = target;
        Prototype = prototype;
    }

    /// <summary>The AngleSharp node (or the runtime's own object) this handle stands for.</summary>
    public object Target { get; }
}
