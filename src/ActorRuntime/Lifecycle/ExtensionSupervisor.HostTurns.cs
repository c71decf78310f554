using ActorRuntime.Kernel;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>The extension's <see cref="HostTurns"/>, made on first use when asked (<see cref="HostTurns.Wanted"/>; most extensions never get a request from the host).</summary>
internal sealed partial class ExtensionSupervisor
{
    private IActorRef? _hostTurns;

    private void OnHostTurnsWanted() => Sender.Tell(_hostTurns ??= Context.ActorOf(HostTurns.Props(_state).WithDispatcher(RuntimeSettings.ScriptDispatcherId), ChildName("host-turns")));
}
