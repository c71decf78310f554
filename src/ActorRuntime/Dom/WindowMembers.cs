using Jint;
using ActorRuntime.Dom.Interfaces;
using AngleSharp.Dom;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Dom;

/// <summary>The DOM's members of a page's global (its Window): <c>document</c>, the window's listeners and handlers, and the interface objects.</summary>
internal static class WindowMembers
{
    public static void Install(DomBinding dom)
    {
        var global = dom.Realm.Global;
        var engine = dom.Engine;
        Accessor(global, engine, "document", () => dom.Wrap(dom.Document));
        Accessor(global, engine, "history", () => dom.Wrap(dom.History));
        Accessor(global, engine, "closed", () => DomBinding.Boolean(dom.Closed));
        CurrentEvent(dom, global, engine);
        Function(global, engine, "close", 0, (_, _) =>
        {
            dom.Close();
            return JsValue.Undefined;
        });
        Accessor(global, engine, "localStorage", () => dom.StorageOf(local: true));
        Accessor(global, engine, "sessionStorage", () => dom.StorageOf(local: false));
        dom.ListenForStorageChanges();
        Function(global, engine, "fetch", 1, (_, args) => dom.Fetch(args));
        InstallEventTarget(dom, global, "Window");
        Function(global, engine, "getComputedStyle", 1, (_, args) =>
            dom.Wrap(new InlineStyle(dom.Node<IElement>(args, 0, "getComputedStyle", "Window", "Element"), dom.State)));
        dom.InstallWindowScope(global, DomInterfaces.Exposed, WindowHandlerEvents);
        LegacyFactoryInterfaces.InstallOption(dom, global);
    }

    /// <summary>The events a window has <c>on*</c> handler properties for.</summary>
    private static readonly string[] WindowHandlerEvents =
        [.. ElementInterfaces.HandlerEvents, "beforeunload", "unload", "hashchange", "popstate", "message", "storage", "online", "offline", "pagehide", "pageshow"];

    /// <summary>
    /// The global's EventTarget members (<c>addEventListener</c>, <c>removeEventListener</c>, <c>dispatchEvent</c>) on the
    /// window's target: a page's Window, or a service worker's scope (<paramref name="beforeAdd"/> sees each type added).
    /// </summary>
    internal static void InstallEventTarget(DomBinding dom, ObjectInstance global, string interfaceName, Action<JsValue[]>? beforeAdd = null)
    {
        var engine = dom.Engine;
        Function(global, engine, "addEventListener", 2, (self, args) =>
        {
            beforeAdd?.Invoke(args);
            dom.AddEventListener(WindowOf(dom, self), args, interfaceName);
            return JsValue.Undefined;
        });
        Function(global, engine, "removeEventListener", 2, (self, args) =>
        {
            dom.RemoveEventListener(WindowOf(dom, self), args, interfaceName);
            return JsValue.Undefined;
        });
        Function(global, engine, "dispatchEvent", 1, (self, args) =>
        {
            var ev = dom.Node<DomEvent>(args, 0, "dispatchEvent", "EventTarget", "Event");
            if (ev.Dispatching || !ev.Initialized) throw dom.DomError("InvalidStateError", ev.Dispatching ? "The event is already being dispatched." : "The event is not initialized.");
            ev.IsTrusted = false;
            return DomBinding.Boolean(dom.Dispatch(ev, WindowOf(dom, self)));
        });
    }

    private static object WindowOf(DomBinding dom, JsValue self) =>
        self.IsUndefined() || ReferenceEquals(self, dom.Realm.Global) ? dom.Window : throw dom.TypeError("Illegal invocation");

    /// <summary>
    /// <c>window.event</c>: the event this world's listener is handling, else undefined; [Replaceable], so a page that
    /// assigns it gets its own property in its place.
    /// </summary>
    private static void CurrentEvent(DomBinding dom, ObjectInstance global, Jint.Engine engine)
    {
        var getter = new ClrFunction(engine, "get event", (_, _) => dom.CurrentEvent is { } ev ? dom.Wrap(ev) : JsValue.Undefined, 0, PropertyFlag.Configurable);
        var setter = new ClrFunction(engine, "set event", (self, args) =>
        {
            if (ReferenceEquals(self, global) || self.IsUndefined())
                global.DefineOwnProperty("event", new PropertyDescriptor(DomBinding.Argument(args, 0), PropertyFlag.ConfigurableEnumerableWritable));
            return JsValue.Undefined;
        }, 1, PropertyFlag.Configurable);
        global.FastSetProperty("event", new GetSetPropertyDescriptor(getter, setter, enumerable: false, configurable: true));
    }

    private static void Accessor(ObjectInstance global, Jint.Engine engine, string name, Func<JsValue> get)
    {
        var getter = new ClrFunction(engine, "get " + name, (_, _) => get(), 0, PropertyFlag.Configurable);
        global.FastSetProperty(name, new GetSetPropertyDescriptor(getter, JsValue.Undefined, enumerable: true, configurable: false));
    }

    /// <summary>A method of the global (an operation: configurable, enumerable, writable, as WebIDL makes it).</summary>
    internal static void Function(ObjectInstance global, Jint.Engine engine, string name, int length, Func<JsValue, JsValue[], JsValue> body) =>
        global.FastSetProperty(name, new PropertyDescriptor(new ClrFunction(engine, name, (self, args) => body(self, args), length, PropertyFlag.Configurable), PropertyFlag.ConfigurableEnumerableWritable));
}
