using ActorRuntime.Kernel;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>The extension's <see cref="HostTurns"/>, made on first use (most extensions never get a request from the host).</summary>
internal sealed partial class ExtensionSupervisor
{
    /// <summary>Asks for the extension's <see cref="HostTurns"/>; replies its <see cref="IActorRef"/>.</summary>
    internal sealed record HostTurnsWanted : INoSerializationVerificationNeeded
    {
        public static readonly HostTurnsWanted Instance = new();
    }

    private IActorRef? _hostTurns;

    private void OnHostTurnsWanted() => Sender.Tell(_hostTurns ??= Context.ActorOf(HostTurns.Props(_state).WithDispatcher(RuntimeSettings.ScriptDispatcherId), ChildName("host-turns")));
}
