using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Manifest;
using Akka.Actor;
using Akka.Event;
using static ActorRuntime.Lifecycle.ExtensionRouter.Protocol;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// The extensions of one process: loads extension folders, starts one supervisor per extension id and
/// routes <see cref="ExtensionEnvelope"/>s to it. What a hosted runtime's clients talk to; across a
/// cluster the same envelopes go to a shard region instead.
/// </summary>
public sealed class ExtensionRouter : UntypedActor
{
    private readonly RuntimeOptions _options;
    private readonly Dictionary<string, Loaded> _extensions = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _byActor = new();
    private readonly Dictionary<IActorRef, (string Id, IActorRef ReplyTo)> _unloading = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The extensions of one process share one browser and its cookie jar.
    public ExtensionRouter(RuntimeOptions options) => _options = options.WithBrowser().WithOwnCookieJar();

    public static Props Props(RuntimeOptions options) => Akka.Actor.Props.Create<ExtensionRouter>(options);

    /// <summary>Messages the router understands. Failures come back as <c>Status.Failure</c>.</summary>
    internal static class Protocol
    {
        /// <summary>Load the extension in <paramref name="Directory"/> and fire install/startup; replies <see cref="Loaded"/>.</summary>
        public sealed record Load(string Directory, Flavor? Flavor = null) : INoSerializationVerificationNeeded;

        public sealed record Loaded(string ExtensionId, string Directory) : INoSerializationVerificationNeeded
        {
            internal SpawnedExtension? Extension { get; init; }
        }

        /// <summary>The loaded extension with that id, for a driver in this process; replies <see cref="Loaded"/>.</summary>
        internal sealed record Find(string ExtensionId) : INoSerializationVerificationNeeded;

        /// <summary>Any supervisor message (<c>ExtensionSupervisor.Protocol</c>) for the extension with that id; the supervisor replies to the sender.</summary>
        public sealed record ExtensionEnvelope(string ExtensionId, object Message) : INoSerializationVerificationNeeded;

        /// <summary>Stop the extension; replies <see cref="Unloaded"/> once it has stopped (what its pages wrote to localStorage saved).</summary>
        public sealed record Unload(string ExtensionId) : INoSerializationVerificationNeeded;

        public sealed record Unloaded(string ExtensionId) : INoSerializationVerificationNeeded;

        public sealed record ListExtensions : INoSerializationVerificationNeeded
        {
            public static readonly ListExtensions Instance = new();
        }

        public sealed record ExtensionList(IReadOnlyList<string> ExtensionIds) : INoSerializationVerificationNeeded;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Load load: OnLoad(load); break;
            case ExtensionEnvelope envelope when _extensions.TryGetValue(envelope.ExtensionId, out var loaded):
                loaded.Extension!.Supervisor.Forward(envelope.Message);
                break;
            case Find find when _extensions.TryGetValue(find.ExtensionId, out var found):
                Sender.Tell(found);
                break;
            case Find find:
                Sender.Tell(new Status.Failure(new ExtensionRequestException(NotLoaded(find.ExtensionId))));
                break;
            case ExtensionEnvelope envelope:
                Sender.Tell(new Status.Failure(new ExtensionRequestException(NotLoaded(envelope.ExtensionId))));
                break;
            case Unload unload when _extensions.Remove(unload.ExtensionId, out var gone):
                // Answered once the supervisor has stopped: the extension can then be loaded again at once, reading what it saved.
                _byActor.Remove(gone.Extension!.Supervisor);
                _unloading[gone.Extension.Supervisor] = (unload.ExtensionId, Sender);
                gone.Extension.Supervisor.Tell(SupervisorProtocol.StopWhenSaved.Instance);
                break;
            case Unload unload:
                Sender.Tell(new Status.Failure(new ExtensionRequestException(NotLoaded(unload.ExtensionId))));
                break;
            case Protocol.ListExtensions:
                Sender.Tell(new ExtensionList(_extensions.Keys.Order(StringComparer.Ordinal).ToList()));
                break;
            case Terminated terminated when _unloading.Remove(terminated.ActorRef, out var unloaded):
                unloaded.ReplyTo.Tell(new Unloaded(unloaded.Id));
                break;
            case Terminated terminated when _byActor.Remove(terminated.ActorRef, out var id):
                _extensions.Remove(id);
                _log.Warning("extension {ExtensionId} stopped", id);
                break;
            case Terminated:
                // Not (or no longer) one of this router's extensions.
                break;
            case ExtensionSupervisor.Protocol.ExtensionIdle:
                // In one process an idle extension costs a few KB; it stays loaded.
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnLoad(Load load)
    {
        ExtensionPackage package;
        try
        {
            package = ExtensionPackage.Load(load.Directory, _options.Files);
        }
        catch (Exception ex)
        {
            // Whatever the folder holds, the router (and every extension it holds) lives on.
            Sender.Tell(new Status.Failure(ex is ManifestException ? ex : new ManifestException($"{load.Directory}: {ex.Message}")));
            return;
        }
        var directory = Path.GetFullPath(load.Directory);
        if (_unloading.Values.Any(u => u.Id == package.Id))
        {
            Sender.Tell(new Status.Failure(new ExtensionRequestException($"extension \"{package.Id}\" is being unloaded; load it again once the unload has returned")));
            return;
        }
        if (_extensions.TryGetValue(package.Id, out var existing))
        {
            Sender.Tell(existing.Directory == directory
                ? existing
                : new Status.Failure(new ExtensionRequestException($"extension \"{package.Id}\" is already loaded from {existing.Directory}")));
            return;
        }
        var spawned = ExtensionSpawner.Spawn(Context, package, _options, load.Flavor, ExtensionSpawner.ActorName(package.Id));
        var supervisor = spawned.Supervisor;
        Context.Watch(supervisor);
        var loaded = new Loaded(package.Id, directory) { Extension = spawned };
        _extensions[package.Id] = loaded;
        _byActor[supervisor] = package.Id;
        _log.Info("activated {ExtensionId}", package.Id);
        // The supervisor answers once install/startup has run; the caller hears only then.
        // A hosted runtime remembers installs across restarts (its storage is durable by default).
        supervisor.Ask<SupervisorProtocol.Started>(new SupervisorProtocol.Start(RememberInstall: true), _options.AskTimeout)
            .PipeTo(Sender, success: _ => loaded, failure: ex => new Status.Failure(ex));
    }

    private string NotLoaded(string id) =>
        $"no extension \"{id}\" is loaded (loaded: {string.Join(", ", _extensions.Keys.Order(StringComparer.Ordinal).DefaultIfEmpty("none"))})";
}
