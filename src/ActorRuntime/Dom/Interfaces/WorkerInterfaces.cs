using System.Runtime.CompilerServices;
using Jint.Native;
using Jint.Native.Object;
using static ActorRuntime.Dom.Interfaces.EventInterfaces;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>The events of a service worker's global scope: <c>install</c> and <c>activate</c> (ExtendableEvent), <c>message</c> (ExtendableMessageEvent).</summary>
internal static class WorkerInterfaces
{
    // The promises an event's listeners handed to waitUntil; the worker waits for them (and times them out) after dispatch.
    private static readonly ConditionalWeakTable<DomEvent, List<JsValue>> Extensions = new();

    public static readonly DomInterface ExtendableEvent = Define("ExtendableEvent", Event, [], m => m
        .Method("waitUntil", 1, (dom, e, args) =>
        {
            if (!e.Dispatching && !Extensions.TryGetValue(e, out _))
                throw dom.DomError("InvalidStateError", "Failed to execute 'waitUntil' on 'ExtendableEvent': The event handler is already finished.");
            var promise = DomBinding.Argument(args, 0);
            Extensions.GetOrCreateValue(e).Add(promise is ObjectInstance ? promise : dom.Realm.Engine.Call(dom.Realm.PromiseResolve, dom.Realm.PromiseConstructor, [promise]));
            return JsValue.Undefined;
        }));

    public static readonly DomInterface ExtendableMessageEvent = Define("ExtendableMessageEvent", ExtendableEvent,
        [("data", FieldKind.Any), ("origin", FieldKind.String), ("lastEventId", FieldKind.String), ("source", FieldKind.Any), ("ports", FieldKind.Any)]);

    public static readonly DomInterface[] All = [ExtendableEvent, ExtendableMessageEvent];

    /// <summary>A page's <c>navigator.serviceWorker</c>: the worker's messages arrive at it.</summary>
    public static readonly DomInterface ServiceWorkerContainer = DomInterface.Define<Dom.ServiceWorkerContainer>("ServiceWorkerContainer", NodeInterfaces.EventTarget, m => m
        .Get("controller", (_, c) => c.Controller())
        .Get("ready", (_, c) => c.Ready())
        .Method("getRegistration", 0, (_, c, _) => c.Ready())
        .Property("onmessage", (dom, c) => dom.Handler(c, "message"), (dom, c, v) => dom.SetHandler(c, "message", v)));

    public static DomInterface? For(object target) => target is Dom.ServiceWorkerContainer ? ServiceWorkerContainer : null;

    /// <summary>What the listeners of <paramref name="ev"/> asked the worker to wait for.</summary>
    public static IReadOnlyList<JsValue> ExtendedBy(DomEvent ev) => Extensions.TryGetValue(ev, out var promises) ? promises : [];
}
