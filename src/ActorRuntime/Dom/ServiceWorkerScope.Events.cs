using Jint;
using ActorRuntime.Dom.Interfaces;
using ActorRuntime.Kernel;
using Jint.Native;
using Jint.Native.Object;
using ActorRuntime.Scripting;
using Jint.Runtime;

namespace ActorRuntime.Dom;

/// <summary>The worker's own events (<c>install</c>, <c>activate</c>, <c>message</c>), and what it sees of its clients and registration.</summary>
internal sealed partial class ServiceWorkerScope
{
    /// <summary>Fires <c>install</c> or <c>activate</c> at the scope; the promises its listeners handed to <c>waitUntil</c> are watched.</summary>
    public void FireLifecycle(string type)
    {
        var ev = EventInterfaces.Create(_dom, WorkerInterfaces.ExtendableEvent, type, bubbles: false, cancelable: false);
        _dom.Dispatch(ev, _dom.Window);
        Realm.WatchEvent(type, WorkerInterfaces.ExtendedBy(ev));
    }

    /// <summary>A page's <c>postMessage</c> to the worker: an ExtendableMessageEvent from that client, the data cloned into this engine.</summary>
    public void DeliverMessage(StructuredClone data, ContextRealm? source)
    {
        // A message is an event for the worker: it resets its idle wait.
        Realm.Extension.NoteBackgroundActivity(Realm.Info);
        var value = data.Materialize(Realm);
        var ev = EventInterfaces.Create(_dom, WorkerInterfaces.ExtendableMessageEvent, "message", bubbles: false, cancelable: false, fields =>
        {
            fields["data"] = value;
            fields["origin"] = Realm.Identity.BaseUrl.TrimEnd('/');
            fields["source"] = source is null || source.IsDead ? JsValue.Null : Client(source);
            fields["ports"] = new JsArray(Realm.Engine);
        });
        _dom.Dispatch(ev, _dom.Window);
        Realm.WatchEvent("message", WorkerInterfaces.ExtendedBy(ev));
    }

    /// <summary>The extension's pages as the worker's window clients: every extension page of the extension except backgrounds.</summary>
    private IEnumerable<ContextRealm> ClientRealms() =>
        Realm.Extension.Realms.Where(r => !r.IsDead && r.Info.IsExtensionPage && r.Info.Kind != ContextKind.Background);

    private ObjectInstance Clients()
    {
        var clients = new JsObject(Realm.Engine);
        clients.Method("matchAll", (_, args) =>
        {
            var given = args.Length > 0 && args[0] is ObjectInstance options ? options.Get("type") : JsValue.Undefined;
            var type = given.IsUndefined() ? "window" : TypeConverter.ToString(given);
            if (type is not ("window" or "worker" or "sharedworker" or "all"))
                return Rejected(_dom.TypeError($"Failed to execute 'matchAll' on 'Clients': Failed to read the 'type' property from 'ClientQueryOptions': The provided value '{type}' is not a valid enum value of type ClientType."));
            var found = type is "window" or "all" ? ClientRealms().Select(Client).Cast<JsValue>().ToArray() : [];
            return Resolved(new JsArray(Realm.Engine, found));
        });
        clients.Method("get", (_, args) =>
        {
            var id = args.Length > 0 ? TypeConverter.ToString(args[0]) : "";
            var match = ClientRealms().FirstOrDefault(r => r.ClientId == id);
            return Resolved(match is null ? JsValue.Undefined : Client(match));
        });
        // Every extension page is this worker's client already: claiming changes nothing.
        clients.Method("claim", (_, _) => Resolved(JsValue.Undefined));
        return clients;
    }

    /// <summary>A WindowClient: its id, URL and kind, and <c>postMessage</c> to the page's <c>navigator.serviceWorker</c>.</summary>
    /// <remarks>It names the page by label, not by realm: a worker keeping a client must not keep a closed page's engine.</remarks>
    private ObjectInstance Client(ContextRealm page)
    {
        var label = page.Label;
        var client = new JsObject(Realm.Engine);
        client.FastSetDataProperty("id", page.ClientId);
        client.FastSetDataProperty("url", page.Info.Url);
        client.FastSetDataProperty("type", "window");
        client.FastSetDataProperty("frameType", "top-level");
        client.FastSetDataProperty("visibilityState", "visible");
        client.FastSetDataProperty("focused", false);
        client.Method("postMessage", (_, args) =>
        {
            // A closed page hears nothing.
            if (ClientRealms().FirstOrDefault(r => r.Label == label) is not { } open) return JsValue.Undefined;
            var data = StructuredClone.Capture(Realm, args.Length > 0 ? args[0] : JsValue.Undefined);
            var worker = Realm;
            // Delivered on a task of the page, as a message event is.
            Realm.Extension.Loop.Post(open, () =>
            {
                if (!open.IsDead) open.WorkerMessages?.Invoke(data, worker);
            });
            return JsValue.Undefined;
        });
        return client;
    }

    private ObjectInstance Registration()
    {
        var engine = Realm.Engine;
        var registration = new JsObject(engine);
        registration.FastSetDataProperty("scope", Realm.Identity.BaseUrl);
        var active = new JsObject(engine);
        active.FastSetDataProperty("scriptURL", ScriptUrl);
        active.FastSetDataProperty("state", "activated");
        registration.FastSetDataProperty("active", active);
        registration.FastSetDataProperty("installing", JsValue.Null);
        registration.FastSetDataProperty("waiting", JsValue.Null);
        registration.FastSetDataProperty("updateViaCache", "imports");
        registration.Method("update", (_, _) => Resolved(registration));
        // An extension's worker cannot be unregistered by its own script (Chromium answers false).
        registration.Method("unregister", (_, _) => Resolved(JsBoolean.False));
        return registration;
    }

    private JsValue Rejected(JavaScriptException error) =>
        Realm.Engine.Call(Realm.PromiseConstructor.Get("reject"), Realm.PromiseConstructor, [error.Error]);
}
