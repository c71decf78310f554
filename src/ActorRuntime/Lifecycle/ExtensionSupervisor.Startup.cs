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
        if (!start.RememberInstall)
        {
            Launch(replyTo, new InstallChecked(null, replyTo) { FirstInstall = true });
            return;
        }
        // Ask the extension's storage which version was installed before, and record this one.
        var self = Self;
        var storage = StorageGuardActor();
        storage.Ask<ActorRuntime.Storage.ExtensionStorage.Protocol.StorageAnswer>(
                new ActorRuntime.Storage.ExtensionStorage.Protocol.Call(0, new ActorRuntime.Storage.ExtensionStorage.Protocol.MarkInstalled(Manifest.Version)), _state.Options.AskTimeout)
            .PipeTo(self, success: result => result.Error is null
                ? new InstallChecked(result.Value as string, replyTo) { FirstInstall = result.Value is null }
                : new InstallChecked(null, replyTo) { FirstInstall = true, StorageError = result.Error },
                failure: _ => new InstallChecked(null, replyTo) { FirstInstall = true, StorageError = $"no answer from storage within {_state.Options.AskTimeout.TotalSeconds:0.#} s" });
    }

    private void OnInstallChecked(InstallChecked check)
    {
        // Started only to read the install record: let it go until a script stores something (a few KB per idle extension).
        if (!_storageUsedByScripts && _storage is { } storage)
        {
            Context.Stop(storage);
            _storage = null;
        }
        if (check.StorageError is { } error) _state.Report(new ConsoleEntry("background", "warn", "install record unavailable, treating this start as an install: " + error));
        Launch(check.ReplyTo, check);
    }

    /// <summary>Loads the background (an event page too: browsers start it to deliver onInstalled) and fires what this start is.</summary>
    private void Launch(IActorRef replyTo, InstallChecked install)
    {
        var started = new Started(_state.Package.Id);
        if (Manifest.Background.IsPage)
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
        var reason = install.FirstInstall ? "install" : install.PreviousVersion != version ? "update" : null;
        if (reason is not null)
            DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnInstalled,
                EventArguments.Installed(reason, reason == "update" ? install.PreviousVersion : null, flavor)));
        DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnStartup, EventArguments.None));
    }

    /// <summary>What the install record said: no earlier version (a first install), or the version installed before.</summary>
    private sealed record InstallChecked(string? PreviousVersion, IActorRef ReplyTo) : INoSerializationVerificationNeeded
    {
        public bool FirstInstall { get; init; }
        public string? StorageError { get; init; }
    }

    private void DispatchTo(BackgroundSlot slot, ContextProtocol.DispatchEvent dispatch, bool touches = true)
    {
        if (touches) NoteActivity(slot);
        _state.Work.Send(slot.Actor!, dispatch);
    }
}
