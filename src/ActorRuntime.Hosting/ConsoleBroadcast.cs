using System.Threading.Channels;
using ActorRuntime.Contexts;
using Microsoft.Extensions.Logging;

namespace ActorRuntime.Hosting;

/// <summary>Fans every console line of every extension out to the log and to each subscriber's channel.</summary>
public sealed class ConsoleBroadcast(ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger("ActorRuntime.Console");
    private readonly object _gate = new();
    private volatile ConsoleSubscription[] _subscribers = [];

    public void Publish(ConsoleEntry entry)
    {
        var level = entry.Level switch
        {
            "error" => LogLevel.Error,
            "warn" => LogLevel.Warning,
            "debug" or "trace" => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        _log.Log(level, "{Entry}", entry.ToString());
        foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(entry);
    }

    /// <summary>A reader of every line from now on; complete it (or dispose the subscription) to stop.</summary>
    public ConsoleSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<ConsoleEntry>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        var subscription = new ConsoleSubscription(channel, this);
        lock (_gate) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    internal void Remove(ConsoleSubscription subscription)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
    }
}

/// <summary>Console lines as they happen; dispose to stop receiving.</summary>
public sealed class ConsoleSubscription : IDisposable
{
    private readonly Channel<ConsoleEntry> _channel;
    private readonly ConsoleBroadcast _owner;

    internal ConsoleSubscription(Channel<ConsoleEntry> channel, ConsoleBroadcast owner)
    {
        _channel = channel;
        _owner = owner;
    }

    internal ChannelWriter<ConsoleEntry> Writer => _channel.Writer;

    public ChannelReader<ConsoleEntry> Reader => _channel.Reader;

    public void Dispose()
    {
        _owner.Remove(this);
        _channel.Writer.TryComplete();
    }
}
