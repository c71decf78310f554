using Jint;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>The page's window as an event target: <c>load</c>, <c>DOMContentLoaded</c> bubbling from the document, and the rest.</summary>
internal sealed class WindowTarget;

/// <summary>A target the runtime makes for scripts (<c>new EventTarget()</c>, an <c>AbortSignal</c>): listeners and nothing else.</summary>
internal class PlainEventTarget;

/// <summary>
/// One event (DOM Standard's "event"): its type and flags, where its dispatch is, and the extra fields of its
/// interface (a mouse event's coordinates, a custom event's detail). The runtime dispatches it itself
/// (<see cref="DomBinding.Dispatch"/>), with the window in the path and listener options AngleSharp lacks.
/// </summary>
internal sealed class DomEvent
{
    public DomEvent(DomInterface type, string name, bool bubbles, bool cancelable, double timeStamp)
    {
        Interface = type;
        Type = name;
        Bubbles = bubbles;
        Cancelable = cancelable;
        TimeStamp = timeStamp;
    }

    public DomInterface Interface { get; }
    public string Type { get; set; }
    public bool Bubbles { get; set; }
    public bool Cancelable { get; set; }
    public bool Composed { get; init; }
    public bool IsTrusted { get; set; }
    public double TimeStamp { get; }
    public object? Target { get; set; }
    public object? CurrentTarget { get; set; }
    public int Phase { get; set; }
    public bool StopPropagation { get; set; }
    public bool StopImmediatePropagation { get; set; }
    public bool Canceled { get; set; }
    public bool InPassiveListener { get; set; }
    public bool Dispatching { get; set; }

    /// <summary>False for an event from <c>document.createEvent</c> until its <c>init*Event</c> is called.</summary>
    public bool Initialized { get; set; } = true;

    /// <summary>The nodes the event passes through, for <c>composedPath()</c> while it is dispatched.</summary>
    public IReadOnlyList<object> Path { get; set; } = [];

    /// <summary>Fields of the event's interface beyond Event's (detail, clientX, key...), from its init dictionary.</summary>
    public Dictionary<string, JsValue> Fields { get; } = new(StringComparer.Ordinal);

    public const int None = 0, Capturing = 1, AtTarget = 2, Bubbling = 3;
}
