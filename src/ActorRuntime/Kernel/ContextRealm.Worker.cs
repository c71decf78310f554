using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace ActorRuntime.Kernel;

/// <summary>
/// A service worker's start and its events as Chromium treats them: the events that woke it go only to listeners added
/// during the initial evaluation of its script (one added later, after an <c>await</c>, misses them), and an event
/// still being handled after the event timeout stops it.
/// </summary>
internal sealed partial class ContextRealm
{
    /// <summary>The worker's script has run (its top level and the microtasks it queued): listeners added from now on are late.</summary>
    public bool InitialEvaluationOver { get; private set; }

    /// <summary>An event that woke the worker is being dispatched: late listeners do not hear it.</summary>
    public bool DispatchingWake { get; private set; }

    /// <summary>The worker's global scope (the DOM layer's, kept here untyped), for a service worker.</summary>
    public object? WorkerScope { get; set; }

    /// <summary>A page's receiver of messages its extension's service worker posts to it (<c>navigator.serviceWorker</c>), once it has one.</summary>
    public Action<StructuredClone, ContextRealm>? WorkerMessages { get; set; }

    /// <summary>This page's id as its extension's service worker sees it (<c>Client.id</c>): stable per label, a lower-case UUID as in Chromium.</summary>
    public string ClientId => ContextIds.Uuid(Extension.Package.Id, Label, "client");

    public void EndInitialEvaluation() => InitialEvaluationOver = true;

    /// <summary>Runs <paramref name="dispatch"/> as the delivery of an event that woke this worker (anything else runs as is).</summary>
    public void AsWaking(Action dispatch)
    {
        if (!Info.IsServiceWorker || DispatchingWake)
        {
            dispatch();
            return;
        }
        DispatchingWake = true;
        try
        {
            dispatch();
        }
        finally
        {
            DispatchingWake = false;
        }
    }

    private List<ITimer>? _watches;

    /// <summary>
    /// A worker's event <paramref name="name"/> was dispatched and its listeners returned (or handed to <c>waitUntil</c>)
    /// <paramref name="promises"/>: unless they have all settled within the event timeout, the supervisor stops the worker.
    /// </summary>
    public void WatchEvent(string name, IReadOnlyList<JsValue?> promises) =>
        Watch(promises, Extension.Options.EventPages.WorkerEventTimeout, () => $"its {name} event was still being handled after {Extension.Options.EventPages.WorkerEventTimeout.TotalMinutes:0.#} min");

    /// <summary>A worker's <c>fetch()</c>: unless its response arrives within the fetch timeout, the supervisor stops the worker.</summary>
    public void WatchFetch(string url, JsValue promise) =>
        Watch([promise], Extension.Options.EventPages.WorkerFetchTimeout, () => $"the response to fetch(\"{url}\") had not arrived after {Extension.Options.EventPages.WorkerFetchTimeout.TotalSeconds:0.#} s");

    /// <param name="why">The reason the supervisor is given, made only for a watch that is armed (most listeners return no promise).</param>
    private void Watch(IReadOnlyList<JsValue?> promises, TimeSpan timeout, Func<string> why)
    {
        if (!Info.IsServiceWorker || IsDead) return;
        var pending = promises.OfType<ObjectInstance>().Where(p => p.Get("then").IsCallable()).ToList();
        if (pending.Count == 0) return;
        var reason = why();
        var remaining = pending.Count;
        var extension = Extension;
        var self = this;
        ITimer? timer = null;
        // Armed first: a promise settled already still runs its reaction on a later job, which disposes it.
        timer = extension.Clock.CreateTimer(_ => extension.Work.Send(extension.Supervisor, new SupervisorSignals.WorkerOverdue(self, reason)), null, timeout, Timeout.InfiniteTimeSpan);
        (_watches ??= []).Add(timer);
        void Settled()
        {
            if (--remaining != 0) return;
            timer.Dispose();
            _watches?.Remove(timer);
        }
        var fulfilled = new ClrFunction(Engine, "", (_, _) =>
        {
            Settled();
            return JsValue.Undefined;
        });
        // Watching handles the rejection, which would hide it: the console says it, as for any unhandled one.
        var rejected = new ClrFunction(Engine, "", (_, args) =>
        {
            ReportUncaught(args.Length > 0 ? args[0] : JsValue.Undefined);
            Settled();
            return JsValue.Undefined;
        });
        // A thenable's own then is script code: what it throws is reported, not thrown into the dispatch.
        foreach (var promise in pending) CallReporting(promise.Get("then"), promise, [fulfilled, rejected]);
    }

    private void StopWatches()
    {
        foreach (var timer in _watches ?? []) timer.Dispose();
        _watches = null;
    }
}
