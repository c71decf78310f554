using System.Threading.Channels;
using ActorRuntime.Lifecycle;
using Akka.Actor;

namespace ActorRuntime.Hosting;

/// <summary>
/// Extensions stopped as a whole (over a limit that holds over time: CPU share, memory, timers, queued tasks) from now
/// on, as the actor system's event stream publishes them; dispose to stop receiving.
/// </summary>
public sealed class HaltedSubscription : IDisposable
{
    private readonly Channel<ExtensionHalted> _channel = Channel.CreateBounded<ExtensionHalted>(new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ActorSystem _system;
    private readonly IActorRef _listener;

    internal HaltedSubscription(ActorSystem system)
    {
        _system = system;
        _listener = system.ActorOf(Props.Create<Listener>(_channel.Writer));
    }

    public ChannelReader<ExtensionHalted> Reader => _channel.Reader;

    public void Dispose()
    {
        _system.Stop(_listener);
        _channel.Writer.TryComplete();
    }

    private sealed class Listener(ChannelWriter<ExtensionHalted> writer) : UntypedActor
    {
        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ExtensionHalted));

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

        protected override void OnReceive(object message)
        {
            if (message is ExtensionHalted halted) writer.TryWrite(halted);
            else Unhandled(message);
        }
    }
}
