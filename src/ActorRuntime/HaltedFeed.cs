using Akka.Actor;

namespace ActorRuntime;

/// <summary>The <see cref="ExtensionHalted"/> notices supervisors publish on an actor system's event stream, as a broadcast.</summary>
internal static class HaltedFeed
{
    public static Broadcast<ExtensionHalted> Start(ActorSystem system)
    {
        var halted = new Broadcast<ExtensionHalted>();
        system.ActorOf(Props.Create(() => new Listener(halted)));
        return halted;
    }

    private sealed class Listener(Broadcast<ExtensionHalted> halted) : UntypedActor
    {
        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ExtensionHalted));

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

        protected override void OnReceive(object message)
        {
            if (message is ExtensionHalted item) halted.Publish(item);
            else Unhandled(message);
        }
    }
}
