using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Cluster;

/// <summary>
/// <c>actorruntime.cluster.held-output</c>: what an extension's entity holds between two commands for the next answer (the
/// console lines and API calls it made meanwhile), bounded so that an extension printing or calling in a loop keeps
/// memory flat and the answer fits a frame.
/// </summary>
internal sealed record HeldOutputSettings(int MaxLines, int MaxCalls, long MaxSize)
{
    private const string Keys = "actorruntime.cluster.held-output";

    public static HeldOutputSettings FromConfig(Config config)
    {
        var section = ShippedConfig.Section(config, "cluster");
        var frame = section.GetByteSize("maximum-frame-size") ?? 0;
        var settings = new HeldOutputSettings(Count(section, "max-lines"), Count(section, "max-calls"), section.GetByteSize("held-output.max-size") ?? 0);
        // Room is left in the frame for the answer's value and the rest of the message.
        if (settings.MaxSize < 1024 || settings.MaxSize > frame / 2)
            throw new ConfigurationException($"{Keys}.max-size: expected from 1KiB to half of actorruntime.cluster.maximum-frame-size ({frame} bytes): an answer carries what is held, got {section.GetString("held-output.max-size")}");
        return settings;
    }

    private static int Count(Config section, string key)
    {
        var value = section.GetInt("held-output." + key);
        return value is >= 1 and <= 1_000_000 ? value
            : throw new ConfigurationException($"{Keys}.{key}: expected a number from 1 to 1000000, got {section.GetString("held-output." + key)}");
    }
}

/// <summary>
/// The console lines and API calls an extension made since the last answer, newest kept: past <c>max-lines</c>,
/// <c>max-calls</c> or <c>max-size</c> (their wire size together) the oldest are dropped, as a reader falling behind
/// the local runtime's console loses the oldest, and the next answer starts with one <c>[runtime]</c> line saying how
/// many were dropped and which limit. A single item larger than <c>max-size</c> is cut. Thread-safe (written from the
/// extension's threads, taken by its entity).
/// </summary>
internal sealed class HeldOutput(HeldOutputSettings settings)
{
    private readonly object _gate = new();
    private readonly Queue<(ConsoleEntry Line, long Size)> _lines = new();
    private readonly Queue<(ApiCallRecord Call, long Size)> _calls = new();
    private long _size;
    private int _droppedLines;
    private int _droppedCalls;
    private long _lastDroppedSequence;
    private readonly SortedSet<string> _passed = new(StringComparer.Ordinal);

    public void Add(ConsoleEntry line)
    {
        var size = SizeOf(line);
        if (size > settings.MaxSize)
        {
            line = line with { Text = WireSize.Cut(line.Text, settings.MaxSize - (size - WireSize.Of(line.Text))) };
            size = SizeOf(line);
            // Its label too, when the text alone could not make room.
            if (size > settings.MaxSize) line = line with { Label = WireSize.Cut(line.Label, settings.MaxSize / 4), Text = WireSize.Cut(line.Text, settings.MaxSize / 4) };
            size = SizeOf(line);
        }
        lock (_gate)
        {
            if (size > settings.MaxSize)
            {
                // Still larger once cut (tiny max-size): dropped, and said in the notice.
                _droppedLines++;
                DroppedAt(line.Sequence, "max-size");
                return;
            }
            _lines.Enqueue((line, size));
            _size += size;
            while (_lines.Count > settings.MaxLines) DropLine("max-lines");
            Fit();
        }
    }

    public void Add(ApiCallRecord call)
    {
        var size = SizeOf(call);
        if (size > settings.MaxSize)
        {
            // Its JSON cannot be cut and stay JSON: it is replaced, and its error's text cut; then its label and
            // function's name if it is still too large. The size held is the real one after the cut.
            call = call with { ArgumentsJson = "[\"<cut>\"]", ResultJson = call.ResultJson is null ? null : "\"<cut>\"",
                Error = call.Error is null ? null : WireSize.Cut(call.Error, settings.MaxSize / 2) };
            size = SizeOf(call);
            if (size > settings.MaxSize)
                call = call with { Label = WireSize.Cut(call.Label, settings.MaxSize / 8), Function = WireSize.Cut(call.Function, settings.MaxSize / 8),
                    Error = call.Error is null ? null : WireSize.Cut(call.Error, settings.MaxSize / 8) };
            size = SizeOf(call);
        }
        lock (_gate)
        {
            if (size > settings.MaxSize)
            {
                _droppedCalls++;
                DroppedAt(call.Sequence, "max-size");
                return;
            }
            _calls.Enqueue((call, size));
            _size += size;
            while (_calls.Count > settings.MaxCalls) DropCall("max-calls");
            Fit();
        }
    }

    private static long SizeOf(ConsoleEntry line) =>
        WireSize.ItemOverhead + WireSize.Of(line.Label) + WireSize.Of(line.Level) + WireSize.Of(line.Text);

    private void DroppedAt(long sequence, string limit)
    {
        _lastDroppedSequence = Math.Max(_lastDroppedSequence, sequence);
        _passed.Add(limit);
    }

    private static long SizeOf(ApiCallRecord call) =>
        WireSize.ItemOverhead + WireSize.Of(call.ExtensionId) + WireSize.Of(call.Label) + WireSize.Of(call.Function)
        + WireSize.Of(call.ArgumentsJson) + WireSize.Of(call.ResultJson) + WireSize.Of(call.Error);

    /// <summary>Drops the oldest item, line or call, until what is held fits <c>max-size</c>.</summary>
    private void Fit()
    {
        while (_size > settings.MaxSize)
        {
            var lineFirst = _calls.Count == 0 || _lines.Count > 0 && _lines.Peek().Line.Sequence <= _calls.Peek().Call.Sequence;
            if (lineFirst) DropLine("max-size");
            else DropCall("max-size");
        }
    }

    private void DropLine(string limit)
    {
        var (line, size) = _lines.Dequeue();
        _size -= size;
        _droppedLines++;
        _lastDroppedSequence = Math.Max(_lastDroppedSequence, line.Sequence);
        _passed.Add(limit);
    }

    private void DropCall(string limit)
    {
        var (call, size) = _calls.Dequeue();
        _size -= size;
        _droppedCalls++;
        _lastDroppedSequence = Math.Max(_lastDroppedSequence, call.Sequence);
        _passed.Add(limit);
    }

    /// <summary>Forgets the calls held (a first command that does not record them).</summary>
    public void ClearCalls()
    {
        lock (_gate)
        {
            while (_calls.Count > 0) _size -= _calls.Dequeue().Size;
            _droppedCalls = 0;
            if (_droppedLines == 0) _passed.Clear();
        }
    }

    /// <summary>The lines held since the last take (the drop's line first, where the dropped ones were), and the calls (null when none).</summary>
    public (ConsoleEntry[] Lines, ApiCallRecord[]? Calls) Take()
    {
        lock (_gate)
        {
            var lines = new List<ConsoleEntry>(_lines.Count + 1);
            if (_droppedLines + _droppedCalls > 0) lines.Add(DropNotice());
            lines.AddRange(_lines.Select(held => held.Line));
            var calls = _calls.Count == 0 ? null : _calls.Select(held => held.Call).ToArray();
            _lines.Clear();
            _calls.Clear();
            _size = 0;
            (_droppedLines, _droppedCalls, _lastDroppedSequence) = (0, 0, 0);
            _passed.Clear();
            return (lines.ToArray(), calls);
        }
    }

    private ConsoleEntry DropNotice()
    {
        var what = (_droppedLines, _droppedCalls) switch
        {
            (> 0, > 0) => $"{_droppedLines} console lines and {_droppedCalls} API calls",
            (> 0, _) => $"{_droppedLines} console lines",
            _ => $"{_droppedCalls} API calls",
        };
        var limits = string.Join(", ", _passed.Select(limit => limit switch
        {
            "max-lines" => $"{settings.MaxLines} lines",
            "max-calls" => $"{settings.MaxCalls} calls",
            _ => $"{settings.MaxSize} bytes",
        }));
        var keys = string.Join(", ", _passed.Select(limit => "actorruntime.cluster.held-output." + limit));
        return new ConsoleEntry("runtime", "warn",
            $"{what} made since the last step were dropped, the oldest first: the node holds at most {limits} between two steps ({keys})")
        {
            Sequence = _lastDroppedSequence,
        };
    }
}
