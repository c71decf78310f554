using System.Threading.Channels;

namespace ActorRuntime.FrontDoor.Api;

/// <summary>
/// A run's NDJSON lines, waiting for the response to take them; bounded for a client that reads slowly, by count
/// (<c>limits.max-buffered-lines</c>) and by bytes (<c>limits.max-buffered-size</c>). Past either, nothing more is
/// buffered, <paramref name="overflowed"/> is called once (the run stops before its next step, as for a client that went
/// away) and the answer ends with one <c>error:</c> line naming the limit, then <c>{"exit":1}</c> (or the run's own code
/// if higher). Only whole lines are buffered; one line longer than <c>max-buffered-size</c> by itself (which no client
/// could take in time) is cut to that size, ending with an ellipsis, rather than ending the run.
/// </summary>
internal sealed class BufferedRunOutput(int maxLines, long maxBytes, Action overflowed) : IRunOutput
{
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(); // counts what waits (a single-reader channel cannot)
    private readonly object _gate = new();
    private long _bufferedBytes;
    private string? _overflow;
    private bool _completed;

    public ChannelReader<byte[]> Reader => _lines.Reader;

    /// <summary>Bytes waiting for the client now.</summary>
    public long BufferedBytes
    {
        get { lock (_gate) return _bufferedBytes; }
    }

    public void Line(string text) => Write(WithinLimit("out", text));

    public void Error(string text) => Write(WithinLimit("err", text));

    /// <summary>The line, its text cut (ending with an ellipsis) if the line alone is longer than the bytes that may wait.</summary>
    private byte[] WithinLimit(string name, string text)
    {
        var line = FrontDoorJson.Line(name, text);
        var keep = text.Length;
        while (line.Length > maxBytes && keep > 0)
        {
            // Escapes and UTF-8 make bytes per character uneven: shrink in proportion, at least one character a time.
            keep = (int)Math.Min(keep - 1, keep * (double)maxBytes / line.Length);
            if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
            line = FrontDoorJson.Line(name, string.Concat(text.AsSpan(0, keep), "…"));
        }
        return line;
    }

    /// <summary>The response wrote <paramref name="line"/> to the client: its bytes no longer wait.</summary>
    public void Taken(byte[] line)
    {
        lock (_gate) _bufferedBytes -= line.Length;
    }

    private void Write(byte[] line)
    {
        lock (_gate)
        {
            if (_overflow is not null || _completed) return;
            if (_lines.Reader.Count >= maxLines)
                _overflow = $"{maxLines} lines were waiting (actorruntime.front-door.limits.max-buffered-lines)";
            else if (_bufferedBytes + line.Length > maxBytes)
                _overflow = $"{_bufferedBytes + line.Length} bytes would have been waiting, more than {maxBytes} (actorruntime.front-door.limits.max-buffered-size)";
            else
            {
                Append(line);
                return;
            }
        }
        try
        {
            overflowed();
        }
        catch (ObjectDisposedException)
        {
            // A late line raced the run's end: what would have stopped the run (its token source) is already gone.
        }
    }

    private void Append(byte[] line)
    {
        _bufferedBytes += line.Length;
        _lines.Writer.TryWrite(line);
    }

    /// <summary>The run ended with <paramref name="code"/>: the limit's line if one was passed, then the exit code, last.</summary>
    public void Complete(int code)
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            // These last lines are written past the limits: they are what tells the client why its answer ends.
            if (_overflow is not null)
            {
                Append(FrontDoorJson.Line("err", $"error: the client read too slowly: {_overflow}; the run stopped there and its later output was dropped"));
                code = Math.Max(code, 1);
            }
            Append(FrontDoorJson.Line("exit", code));
            _lines.Writer.Complete();
        }
    }
}
