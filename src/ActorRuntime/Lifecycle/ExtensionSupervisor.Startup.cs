using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using ActorRuntime.Contexts;
using ActorRuntime.Manifest;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>Starting an extension: its background loaded, then install (remembered or not) and startup events fired.</summary>
internal sealed partial class ExtensionSupervisor
{
    private void OnStart(Start start)
    {
        var replyTo = Sender;
        // The host's scripts are in place before any context runs: the functions they provide answer calls made at load.
        foreach (var script in _state.Options.HostScripts) _state.Host.Scripts.Run(script.Code, script.FileName);
        // The extension's localStorage is read before any of its contexts runs: its pages read it synchronously.
        // Remembering the install asks the same storage which version was installed before, and records this one.
        var storage = StorageGuardActor();
        var timeout = _state.Options.AskTimeout;
        var install = start.RememberInstall
            ? Ask(storage, new ActorRuntime.Storage.ExtensionStorage.Protocol.MarkInstalled(Manifest.Version), timeout)
            : null;
        var webStorage = Ask(storage, new ActorRuntime.Storage.ExtensionStorage.Protocol.Get(ActorRuntime.Storage.StorageQuotas.WebLocal, null), timeout);
        // What the browser keeps across restarts (alarms, dynamic rules, registered scripts) is back before any context runs.
        var kept = Ask(storage, new ActorRuntime.Storage.ExtensionStorage.Protocol.Get(ActorRuntime.Storage.StorageQuotas.BrowserState, null), timeout);
        Checked(install, webStorage, kept, replyTo).PipeTo(Self);
    }

    private static async Task<(object? Value, string? Error)> Ask(IActorRef storage, ActorRuntime.Storage.ExtensionStorage.Protocol.StorageRequest request, TimeSpan timeout)
    {
        try
        {
            var answer = await storage.Ask<ActorRuntime.Storage.ExtensionStorage.Protocol.StorageAnswer>(new ActorRuntime.Storage.ExtensionStorage.Protocol.Call(0, request), timeout);
            return (answer.Value, answer.Error);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return (null, $"no answer from storage within {timeout.TotalSeconds:0.#} s");
        }
    }

    private static async Task<InstallChecked> Checked(Task<(object? Value, string? Error)>? install, Task<(object? Value, string? Error)> webStorage,
        Task<(object? Value, string? Error)> kept, IActorRef replyTo)
    {
        var (previous, installError) = install is null ? (null, null) : await install;
        var (stored, webStorageError) = await webStorage;
        var (keptState, keptError) = await kept;
        return new InstallChecked(installError is null ? previous as string : null, replyTo)
        {
            FirstInstall = install is null || installError is not null || previous is null,
            StorageError = installError,
            WebStorage = stored as IReadOnlyDictionary<string, string>,
            WebStorageError = webStorageError,
            KeptState = keptState as IReadOnlyDictionary<string, string>,
            KeptStateError = keptError,
        };
    }

    private void OnInstallChecked(InstallChecked check)
    {
        // Durable when it could be read; otherwise kept in memory for this load, so what the store holds is not overwritten.
        _state.WebStorage.LoadLocal(check.WebStorage, durable: check.WebStorageError is null);
        RestoreKeptState(check);
        // Started only to read the install record and localStorage: let it go until a script stores something (a few KB per idle extension).
        if (!_storageUsedByScripts && _storage is { } storage)
        {
            Context.Stop(storage);
            _storage = null;
        }
        if (check.StorageError is { } error) _state.Report(new ConsoleEntry("background", "warn", "install record unavailable, treating this start as an install: " + error));
        if (check.WebStorageError is { } webError) _state.Report(new ConsoleEntry("background", "warn", "localStorage could not be read from storage, so this load keeps it in memory only: " + webError));
        Launch(check.ReplyTo, check);
    }

    /// <summary>Loads the background (an event page too: browsers start it to deliver onInstalled) and fires what this start is.</summary>
    private void Launch(IActorRef replyTo, InstallChecked install)
    {
        var started = new Started(_state.Package.Id);
        // Firefox runs no service worker: the extension loads without a background, and Firefox says why.
        if (Manifest.Background.Kind == BackgroundKind.ServiceWorker && !_state.IsServiceWorker)
            _state.Report(new ConsoleEntry("extension", "warn", "background.service_worker is currently disabled. Add background.scripts."));
        if (_state.HasBackground)
            WhenLoaded(_regular, () =>
            {
                FireInstallAndStartup(_regular, install);
                replyTo.Tell(started);
            });
        else
            replyTo.Tell(started);
    }

    /// <summary>
    /// <c>onInstalled</c> for a first install (reason "install") or a new version (reason "update", with the previous
    /// version), then <c>onStartup</c>; regular profile only.
    /// </summary>
    private void FireInstallAndStartup(BackgroundSlot slot, InstallChecked install)
    {
        var flavor = _state.Flavor;
        var version = Manifest.Version;
        var reason = install.FirstInstall ? "install" : install.PreviousVersion != version || install.Reloaded ? "update" : null;
        // A service worker registered (or updated) installs and activates first; it started for these events, so only its
        // initial evaluation's listeners hear them.
        var worker = _state.IsServiceWorker;
        if (worker && reason is not null)
        {
            _state.Work.Send(slot.Actor!, new ContextProtocol.WorkerLifecycle("install"));
            _state.Work.Send(slot.Actor!, new ContextProtocol.WorkerLifecycle("activate"));
        }
        if (reason is not null)
            DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnInstalled,
                EventArguments.Installed(reason, reason == "update" ? install.PreviousVersion : null, flavor)) { Waking = worker });
        // A reload is an update of a running profile: no startup.
        if (!install.Reloaded) DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnStartup, EventArguments.None) { Waking = worker });
    }

    /// <summary>
    /// <c>runtime.reload()</c>: every page of the extension closes (what others held of them is dead), and the background
    /// starts again and hears <c>onInstalled</c> with reason "update", as browsers treat the reload of an unpacked extension.
    /// Its notifications close; its menu items go, except where Chromium keeps a lazy background's menus across a load.
    /// </summary>
    private void OnReload()
    {
        foreach (var label in _views.Labels.ToList())
            if (_views.Remove(label, out var view, out var info))
            {
                // Its own pages' tabs close; web pages stay, without its content scripts until they navigate.
                if (info.Kind == ContextKind.Tab) TabClosedWithView(info);
                else ForgetTabView(info);
                view.Tell(ContextProtocol.Close.Instance, ActorRefs.Nobody);
            }
        KeepAliveChanged();
        foreach (var slot in Slots())
        {
            if (slot.Actor is not { } background) continue;
            slot.Reset();
            background.Tell(ContextProtocol.Close.Instance, ActorRefs.Nobody);
        }
        // Firefox clears an extension's alarms when it shuts down; Chromium keeps them for the reloaded extension.
        if (_state.Flavor != Flavor.Chrome) _state.AlarmsIfAny?.ClearAll();
        Apis.MenusApi.Reloaded(_state);
        _state.HostIfAny?.NotificationsIfAny?.CloseAll();
        Apis.Injection.RegisteredScripts.IfAny(_state)?.Reloaded(_state.Flavor);
        _state.Report(new ConsoleEntry("extension", "info", "reloaded"));
        if (_state.HasBackground)
            WhenLoaded(_regular, () => FireInstallAndStartup(_regular, new InstallChecked(Manifest.Version, ActorRefs.Nobody) { Reloaded = true }));
    }

    /// <summary>What the install record said (no earlier version: a first install; or the version installed before), and the stored localStorage.</summary>
    private sealed record InstallChecked(string? PreviousVersion, IActorRef ReplyTo) : INoSerializationVerificationNeeded
    {
        public bool FirstInstall { get; init; }

        /// <summary>A <c>runtime.reload()</c>, not a load: onInstalled says "update", and there is no startup.</summary>
        public bool Reloaded { get; init; }

        public string? StorageError { get; init; }

        /// <summary>The extension's localStorage as stored (key to JSON string), or null when there is none or it could not be read.</summary>
        public IReadOnlyDictionary<string, string>? WebStorage { get; init; }

        public string? WebStorageError { get; init; }

        /// <summary>What the browser kept of the extension (kind to JSON, <see cref="KeptBrowserState"/>), or null.</summary>
        public IReadOnlyDictionary<string, string>? KeptState { get; init; }

        public string? KeptStateError { get; init; }
    }

    private void DispatchTo(BackgroundSlot slot, ContextProtocol.DispatchEvent dispatch, bool touches = true)
    {
        if (touches) NoteActivity(slot);
        _state.Work.Send(slot.Actor!, dispatch);
    }
}
