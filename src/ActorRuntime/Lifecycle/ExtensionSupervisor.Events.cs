using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using ActorRuntime.Manifest;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>Events from outside the extension's scripts: dispatched by a host, and storage changes.</summary>
internal sealed partial class ExtensionSupervisor
{
    private void OnDispatchBackgroundEvent(DispatchBackgroundEvent dispatch)
    {
        if (!RuntimeEvents.Dispatchable.Contains(dispatch.EventName))
        {
            Fail($"cannot dispatch \"{dispatch.EventName}\": expected one of {string.Join(", ", RuntimeEvents.Dispatchable)}");
            return;
        }
        try
        {
            using var arguments = System.Text.Json.JsonDocument.Parse(dispatch.ArgumentsJson);
            if (arguments.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                Fail($"arguments of {dispatch.EventName}: expected a JSON array, got {arguments.RootElement.ValueKind.ToString().ToLowerInvariant()}");
                return;
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            Fail($"arguments of {dispatch.EventName}: expected a JSON array: {ex.Message}");
            return;
        }
        if (!_state.HasBackground)
        {
            Fail($"cannot dispatch \"{dispatch.EventName}\": " + (Manifest.Background.Kind == BackgroundKind.ServiceWorker
                ? $"the background is a service worker, which flavour {_state.Flavor.ToString().ToLowerInvariant()} does not run"
                : "manifest.json declares no background page, scripts or service worker"));
            return;
        }
        var replyTo = Sender;
        var waking = _state.IsServiceWorker && !_regular.IsLoaded;
        WhenLoaded(_regular, () =>
        {
            DispatchTo(_regular, new ContextProtocol.DispatchEvent(dispatch.EventName, EventArguments.FromJsonArray(dispatch.ArgumentsJson)) { Waking = waking });
            replyTo.Tell(new EventDispatched(dispatch.EventName));
        });
    }

    private IActorRef? _storage;

    /// <summary>The extension's storage (behind its guard, which answers every call), started on first use (a suspended extension that never stores keeps none).</summary>
    private IActorRef StorageGuardActor() =>
        _storage ??= Context.ActorOf(ActorRuntime.Storage.StorageGuard.Props(new(_state.Package.Id, _state.Flavor, _state.Options.MaxMessageDepth, (to, message) => _state.Work.Send(to, message))), ChildName("storage"));

    private bool _storageUsedByScripts;

    /// <summary>A durable change: <c>storage.onChanged</c> and <c>storage.&lt;area&gt;.onChanged</c> in every running context.</summary>
    private void OnStorageChanged(ActorRuntime.Storage.ExtensionStorage.Protocol.Changed changed)
    {
        ContextProtocol.DispatchEvent[] Dispatches() =>
        [
            new(StorageApi.OnChanged, EventArguments.StorageChanged(changed.ChangesJson, changed.Area)),
            new(StorageApi.AreaOnChanged(changed.Area), EventArguments.StorageChanged(changed.ChangesJson, area: null)),
        ];
        var contexts = _views.Actors.Concat(Slots().Select(slot => slot.Actor).OfType<IActorRef>());
        foreach (var context in contexts)
            foreach (var dispatch in Dispatches()) _state.Work.Send(context, dispatch);
        // A suspended event page that listened for this change is woken to hear it.
        if (_state.BackgroundIsLazy && _regular.Actor is null && _state.PrimedEvents.Any(name => name == StorageApi.OnChanged || name == StorageApi.AreaOnChanged(changed.Area)))
            WhenLoaded(_regular, () =>
            {
                foreach (var dispatch in Dispatches()) DispatchTo(_regular, dispatch with { Waking = _state.IsServiceWorker });
            });
    }

    // Saves of localStorage and of what the browser keeps on their way to the storage: what was saved, by the id their answer carries.
    private Dictionary<long, string>? _webStorageSaves;
    private long _lastWebStorageSave;

    /// <summary>What a turn wrote to localStorage: each request counts as the extension's work until the storage answers it.</summary>
    private void OnSaveWebStorage(SupervisorSignals.SaveWebStorage save) => Save(save.Requests, "localStorage");

    /// <summary>What the browser keeps across restarts changed: saved like localStorage.</summary>
    private void OnSaveBrowserState(SupervisorSignals.SaveBrowserState save) => Save(save.Requests, "what the browser keeps across restarts (alarms, dynamic rules, registered scripts)");

    private void Save(IReadOnlyList<ActorRuntime.Storage.ExtensionStorage.Protocol.StorageRequest> requests, string what)
    {
        _storageUsedByScripts = true;
        var storage = StorageGuardActor();
        foreach (var request in requests)
        {
            var id = ++_lastWebStorageSave;
            (_webStorageSaves ??= [])[id] = what;
            _state.Work.Begin();
            storage.Tell(new ActorRuntime.Storage.ExtensionStorage.Protocol.Call(id, request), Self);
        }
    }

    /// <summary>The supervisor stops (its storage with it): saves still unanswered no longer count as work.</summary>
    private void ForgetWebStorageSaves()
    {
        foreach (var _ in _webStorageSaves ?? []) _state.Work.End();
        _webStorageSaves = null;
    }

    private void OnWebStorageSaved(ActorRuntime.Storage.ExtensionStorage.Protocol.StorageAnswer answer)
    {
        if (_webStorageSaves?.Remove(answer.RequestId, out var what) != true) return;
        try
        {
            // The pages go on with what they wrote; it is only not kept past this load.
            if (answer.Error is { } error) _state.Report(new ConsoleEntry("extension", "warn", $"{what} could not be saved: {error}"));
        }
        finally
        {
            _state.Work.End();
        }
        if (_stopWhenSaved && _webStorageSaves.Count == 0) Context.Stop(Self);
    }

    private bool _stopWhenSaved;

    /// <summary>Unloading: saves already sent (their messages came before this one) are answered first, then the supervisor stops.</summary>
    private void OnStopWhenSaved()
    {
        _stopWhenSaved = true;
        if (_webStorageSaves is not { Count: > 0 }) Context.Stop(Self);
    }
}
