using Jint;
using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Dom;

/// <summary>
/// The page's event listeners and the DOM Standard's dispatch: capture from the window down, the target, bubbling
/// back up; <c>once</c>, <c>passive</c>, listener objects with <c>handleEvent</c>, <c>on*</c> handler properties.
/// A listener that throws is reported on the console and the dispatch goes on, as in browsers.
/// </summary>
internal sealed partial class DomBinding
{
    /// <summary>A listener, with the world it was added from: its callback and handles belong to that world's engine.</summary>
    internal sealed class Listener(DomBinding world, string type, JsValue callback, bool capture, bool once, bool passive)
    {
        public DomBinding World { get; } = world;
        public string Type { get; } = type;
        public JsValue Callback { get; } = callback;
        public bool Capture { get; } = capture;
        public bool Once { get; } = once;
        public bool Passive { get; } = passive;
        public bool Removed { get; set; }

        /// <summary>The listener behind an <c>on*</c> property: it calls whatever the property holds at the time.</summary>
        public bool IsHandlerProperty { get; init; }
    }

    internal sealed class TargetListeners
    {
        public List<Listener> Listeners { get; } = [];
        /// <summary>The <c>on*</c> properties, per world (each world sees its own).</summary>
        public Dictionary<(DomBinding, string), JsValue>? Handlers { get; set; }
    }

    public void AddEventListener(object target, JsValue[] args, string interfaceName)
    {
        var type = Required(args, 0, "addEventListener", interfaceName);
        if (args.Length < 2)
            throw TypeError(Flavor == Flavor.Chrome
                ? $"Failed to execute 'addEventListener' on '{interfaceName}': 2 arguments required, but only 1 present."
                : $"{interfaceName}.addEventListener: At least 2 arguments required, but only 1 passed");
        var callback = args[1];
        if (!callback.IsNull() && !callback.IsUndefined() && callback is not ObjectInstance)
            throw TypeError(Flavor == Flavor.Chrome
                ? $"Failed to execute 'addEventListener' on '{interfaceName}': parameter 2 is not of type 'Object'."
                : $"{interfaceName}.addEventListener: Argument 2 is not an object.");
        // The options are read (and a wrong signal refused) before a null callback is ignored, as Web IDL converts arguments first.
        var (capture, once, passive, signal) = ListenerOptions(Argument(args, 2), readAll: true);
        if (callback.IsNull() || callback.IsUndefined()) return;
        // HTML's "default passive value": touch and wheel listeners on the window, document or body are passive unless told.
        if (passive is null && type is "touchstart" or "touchmove" or "wheel" or "mousewheel"
            && (target is WindowTarget || target is IDocument || (target is IElement element && (ReferenceEquals(element, element.Owner?.DocumentElement) || ReferenceEquals(element, element.Owner?.Body)))))
            passive = true;
        if (signal is { Aborted: true }) return;
        var listeners = State.Listeners.GetOrCreateValue(target).Listeners;
        if (listeners.Any(l => !l.IsHandlerProperty && l.Type == type && l.Capture == capture && ReferenceEquals(l.Callback, callback))) return;
        var listener = new Listener(this, type, callback, capture, once, passive ?? false);
        listeners.Add(listener);
        signal?.OnAbort(() => RemoveListener(target, listener));
    }

    public void RemoveEventListener(object target, JsValue[] args, string interfaceName)
    {
        var type = Required(args, 0, "removeEventListener", interfaceName);
        var callback = Argument(args, 1);
        var (capture, _, _, _) = ListenerOptions(Argument(args, 2), readAll: false);
        if (!State.Listeners.TryGetValue(target, out var state)) return;
        if (state.Listeners.FirstOrDefault(l => !l.IsHandlerProperty && l.Type == type && l.Capture == capture && ReferenceEquals(l.Callback, callback)) is { } found)
            RemoveListener(target, found);
    }

    private void RemoveListener(object target, Listener listener)
    {
        listener.Removed = true;
        if (State.Listeners.TryGetValue(target, out var state)) state.Listeners.Remove(listener);
    }

    /// <summary>An options argument: a boolean (capture), or EventListenerOptions (<c>capture</c> only, for removal) or AddEventListenerOptions, read in Web IDL's member order.</summary>
    private (bool Capture, bool Once, bool? Passive, AbortSignalState? Signal) ListenerOptions(JsValue options, bool readAll)
    {
        if (options is not ObjectInstance o) return (TypeConverter.ToBoolean(options), false, null, null);
        var capture = TypeConverter.ToBoolean(o.Get("capture"));
        if (!readAll) return (capture, false, null, null);
        var once = TypeConverter.ToBoolean(o.Get("once"));
        var passive = o.Get("passive");
        var signal = o.Get("signal");
        AbortSignalState? state = null;
        if (!signal.IsUndefined())
        {
            if (signal is not DomObject { Target: AbortSignalState s })
                throw TypeError(Flavor == Flavor.Chrome
                    ? "Failed to execute 'addEventListener' on 'EventTarget': Failed to read the 'signal' property from 'AddEventListenerOptions': Failed to convert value to 'AbortSignal'."
                    : "EventTarget.addEventListener: 'signal' member of AddEventListenerOptions does not implement interface AbortSignal.");
            state = s;
        }
        return (capture, once, passive.IsUndefined() ? null : TypeConverter.ToBoolean(passive), state);
    }

    /// <summary>The value of an <c>on*</c> property of <paramref name="target"/>.</summary>
    public JsValue Handler(object target, string type) =>
        State.Listeners.TryGetValue(target, out var state) && state.Handlers?.GetValueOrDefault((this, type)) is { } handler ? handler : JsValue.Null;

    /// <summary>Sets an <c>on*</c> property: the first time it holds a function, its listener joins the others in order.</summary>
    public void SetHandler(object target, string type, JsValue value)
    {
        var state = State.Listeners.GetOrCreateValue(target);
        var handler = value is ObjectInstance o && o.IsCallable() ? value : JsValue.Null;
        state.Handlers ??= new();
        state.Handlers[(this, type)] = handler;
        if (!handler.IsNull() && !state.Listeners.Any(l => l.IsHandlerProperty && l.Type == type && ReferenceEquals(l.World, this)))
            state.Listeners.Add(new Listener(this, type, JsValue.Undefined, false, false, false) { IsHandlerProperty = true });
    }

    /// <summary>Whether anything listens for <paramref name="type"/> on <paramref name="target"/>.</summary>
    public bool HasListeners(object target, string type) =>
        State.Listeners.TryGetValue(target, out var state) && state.Listeners.Any(l => l.Type == type);

    /// <summary>Dispatches <paramref name="ev"/> at <paramref name="target"/>; false when a listener canceled it.</summary>
    public bool Dispatch(DomEvent ev, object target)
    {
        // Dispatches nest (a listener clicks, an activation clicks a label's control): with no script frame between
        // them nothing else would stop a loop before the host's stack ends, so a nesting too deep is a script error.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new JavaScriptException((Jint.Native.Error.ErrorConstructor)Realm.ErrorConstructor("RangeError")!, Flavor == Flavor.Chrome ? "Maximum call stack size exceeded" : "too much recursion");
        ev.Dispatching = true;
        ev.Target = target;
        var path = new List<object> { target };
        for (var parent = ParentInPath(target, ev); parent is not null; parent = ParentInPath(parent, ev)) path.Add(parent);
        ev.Path = path;
        // DOM's activation: a click activates the first element on its way up that has an activation behaviour.
        var activation = ev.Type == "click" && ev.Interface.Inherits(Interfaces.EventInterfaces.MouseEvent)
            ? (ev.Bubbles ? path.OfType<IElement>() : path.Take(1).OfType<IElement>()).FirstOrDefault(HasActivationBehavior)
            : null;
        var checkedBefore = activation is null ? default : PreActivate(activation);
        try
        {
            ev.Phase = DomEvent.Capturing;
            for (var i = path.Count - 1; i > 0 && !ev.StopPropagation; i--) Invoke(ev, path[i], capturePhase: true);
            if (!ev.StopPropagation)
            {
                ev.Phase = DomEvent.AtTarget;
                Invoke(ev, target, capturePhase: true);
                if (!ev.StopPropagation) Invoke(ev, target, capturePhase: false);
            }
            if (ev.Bubbles)
            {
                ev.Phase = DomEvent.Bubbling;
                for (var i = 1; i < path.Count && !ev.StopPropagation; i++) Invoke(ev, path[i], capturePhase: false);
            }
        }
        finally
        {
            ev.Phase = DomEvent.None;
            ev.CurrentTarget = null;
            ev.Dispatching = false;
            ev.StopPropagation = false;
            ev.StopImmediatePropagation = false;
            ev.Path = [];
        }
        if (activation is not null)
        {
            if (ev.Canceled) CancelActivation(activation, checkedBefore);
            else Activate(activation, checkedBefore, ev.Target);
        }
        return !ev.Canceled;
    }

    /// <summary>The next target up: a node's parent; the page's document's is its window, except for <c>load</c>, as the DOM Standard says.</summary>
    private object? ParentInPath(object target, DomEvent ev) => target switch
    {
        IDocument document when ReferenceEquals(document, Document) && ev.Type != "load" => Window,
        INode node => node.Parent,
        _ => null,
    };

    private void Invoke(DomEvent ev, object target, bool capturePhase)
    {
        if (!State.Listeners.TryGetValue(target, out var state) || state.Listeners.Count == 0) return;
        ev.CurrentTarget = target;
        foreach (var listener in state.Listeners.ToArray())
        {
            if (listener.Removed || listener.Type != ev.Type || listener.Capture != capturePhase) continue;
            if (listener.World.Realm.IsDead) continue;
            if (listener.Once) RemoveListener(target, listener);
            ev.InPassiveListener = listener.Passive;
            // Each world gets its own handles on the target and the event.
            var world = listener.World;
            // HTML's window.event: the listener's global sees the event while the listener runs (and looks up handleEvent).
            var previous = world.CurrentEvent;
            world.CurrentEvent = ev;
            try
            {
                if (listener.IsHandlerProperty) world.CallHandler(state, ev, target, world.Wrap(target), world.Wrap(ev));
                else world.CallListener(listener.Callback, world.Wrap(target), world.Wrap(ev));
            }
            finally
            {
                world.CurrentEvent = previous;
            }
            ev.InPassiveListener = false;
            if (ev.StopImmediatePropagation) break;
        }
    }

    /// <summary>The event being dispatched to this world's listener right now (<c>window.event</c>), else null.</summary>
    public DomEvent? CurrentEvent { get; private set; }

    private void CallListener(JsValue callback, JsValue self, JsValue eventHandle)
    {
        if (callback is ObjectInstance callable && callable.IsCallable())
        {
            CallListenerReporting(callback, self, [eventHandle]);
            return;
        }
        // A listener object: its handleEvent, looked up at each event, with the object as `this`; what the lookup throws,
        // or a handleEvent that cannot be called, is reported as the listener's error.
        JsValue handleEvent;
        try
        {
            handleEvent = callback.Get("handleEvent");
        }
        catch (JavaScriptException ex)
        {
            ReportException(ex.Error, ex);
            return;
        }
        if (handleEvent is ObjectInstance handleFunction && handleFunction.IsCallable()) CallListenerReporting(handleEvent, callback, [eventHandle]);
        else
        {
            var message = Flavor == Flavor.Chrome ? "The provided callback is not callable." : "Property 'handleEvent' is not callable.";
            var error = Engine.Construct(Realm.ErrorConstructor("TypeError")!, [new JsString(message)]);
            ReportException(error, null);
        }
    }

    private void CallHandler(TargetListeners state, DomEvent ev, object target, JsValue self, JsValue eventHandle)
    {
        if (state.Handlers?.GetValueOrDefault((this, ev.Type)) is not ObjectInstance handler || !handler.IsCallable()) return;
        if (IsReportedError(ev, target))
        {
            CallErrorHandler(handler, ev, self);
            return;
        }
        var returned = CallListenerReporting(handler, self, [eventHandle]);
        // HTML's event handler processing: returning false cancels the event (onerror's rule is the other way round).
        if (returned is JsBoolean b && !TypeConverter.ToBoolean(b) && ev.Type != "error" && ev.Cancelable && !ev.InPassiveListener) ev.Canceled = true;
    }
}
