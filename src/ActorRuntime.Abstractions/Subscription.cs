using System.Threading.Channels;

namespace ActorRuntime;

/// <summary>Items as they happen, from the moment of subscribing; dispose to stop receiving. A reader that falls
/// <see cref="Capacity"/> items behind loses the oldest.</summary>
public sealed class Subscription<T> : IDisposable
{
    public const int Capacity = 10_000;

    private readonly Channel<T> _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Broadcast<T> _owner;

    internal Subscription(Broadcast<T> owner) => _owner = owner;

    public ChannelReader<T> Reader => _channel.Reader;

    internal void Write(T item) => _channel.Writer.TryWrite(item);

    public void Dispose()
    {
        _owner.Remove(this);
        _channel.Writer.TryComplete();
    }
}

/// <summary>Fans each published item out to every current subscription; publishing never blocks.</summary>
internal sealed class Broadcast<T>
{
    private readonly object _gate = new();
    private volatile Subscription<T>[] _subscribers = [];

    /// <summary>Whether anyone listens: a publisher may skip building an item nobody reads.</summary>
    public bool HasSubscribers => _subscribers.Length > 0;

    public void Publish(T item)
    {
        foreach (var subscriber in _subscribers) subscriber.Write(item);
    }

    public Subscription<T> Subscribe()
    {
        var subscription = new Subscription<T>(this);
        lock (_gate) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    internal void Remove(Subscription<T> subscription)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
    }
}
