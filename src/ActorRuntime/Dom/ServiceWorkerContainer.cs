using ActorRuntime.Dom.Interfaces;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Dom;

/// <summary>
/// An extension page's <c>navigator.serviceWorker</c> where its extension's background is a service worker: the
/// <c>controller</c> the page posts messages to (waking the worker, which hears a <c>message</c> event), and the target
/// of the messages the worker posts back to this client (<c>client.postMessage</c>).
/// </summary>
internal sealed class ServiceWorkerContainer
{
    private readonly IContextHost _host;
    private readonly DomBinding _dom;
    private ObjectInstance? _controller;
    private JsValue? _ready;

    private ServiceWorkerContainer(IContextHost host, DomBinding dom)
    {
        _host = host;
        _dom = dom;
    }

    /// <summary>The page's container, made on first use; from then on the worker's messages to this page arrive at it.</summary>
    public static JsValue For(IContextHost host, DomBinding dom)
    {
        var container = new ServiceWorkerContainer(host, dom);
        host.Realm.WorkerMessages = container.Receive;
        return dom.Wrap(container);
    }

    private ContextRealm Realm => _host.Realm;

    private string ScriptUrl => Realm.Identity.BaseUrl + Realm.Extension.Package.Resolve(Realm.Extension.Manifest.Background.ServiceWorker!);

    /// <summary>The worker as the page sees it: its script URL, its state, and <c>postMessage</c>.</summary>
    public ObjectInstance Controller()
    {
        if (_controller is not null) return _controller;
        var worker = new JsObject(Realm.Engine);
        worker.FastSetDataProperty("scriptURL", ScriptUrl);
        worker.FastSetDataProperty("state", "activated");
        worker.Method("postMessage", (_, args) =>
        {
            var data = StructuredClone.Capture(Realm, args.Length > 0 ? args[0] : JsValue.Undefined);
            var page = Realm;
            // A message is an event for the worker: a stopped one starts to hear it.
            _host.WakeBackground(background =>
            {
                if (background is { IsDead: false, WorkerScope: ServiceWorkerScope scope }) scope.DeliverMessage(data, page);
            });
            return JsValue.Undefined;
        });
        return _controller = worker;
    }

    /// <summary>A promise of the registration, settled at once: an extension's worker is registered with the extension.</summary>
    public JsValue Ready()
    {
        if (_ready is not null) return _ready;
        var registration = new JsObject(Realm.Engine);
        registration.FastSetDataProperty("scope", Realm.Identity.BaseUrl);
        registration.FastSetDataProperty("active", Controller());
        return _ready = Realm.Engine.Call(Realm.PromiseResolve, Realm.PromiseConstructor, [registration]);
    }

    /// <summary>The worker's <c>client.postMessage</c>: a <c>message</c> event at this container, the data cloned into the page.</summary>
    private void Receive(StructuredClone data, ContextRealm worker)
    {
        var ev = EventInterfaces.Create(_dom, EventInterfaces.MessageEvent, "message", bubbles: false, cancelable: false, fields =>
        {
            fields["data"] = data.Materialize(Realm);
            fields["origin"] = Realm.Identity.BaseUrl.TrimEnd('/');
            fields["source"] = Controller();
        });
        _dom.Dispatch(ev, this);
        Realm.Extension.DrainJobs(Realm);
    }
}
