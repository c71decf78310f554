namespace ActorRuntime.Host;

/// <summary>
/// Writes console lines and step results in the order they happened. While an evaluation is under way its lines
/// are held; when the result comes, the lines printed before it (by sequence, up to its mark) are written, then
/// the result, then the lines later tasks printed, though those may have arrived before the result did.
/// </summary>
internal sealed class OrderedConsole(Action<string> write)
{
    private readonly object _gate = new();
    private readonly List<(long Sequence, string Text)> _held = new();
    private bool _holding;

    public void Line(long sequence, string text)
    {
        lock (_gate)
        {
            if (_holding) _held.Add((sequence, text));
            else write(text);
        }
    }

    /// <summary>An evaluation starts: its lines wait for its result.</summary>
    public void Hold()
    {
        lock (_gate) _holding = true;
    }

    /// <summary>The result line, after the held lines up to <paramref name="mark"/> (all of them when null) and before the rest.</summary>
    public void Result(string text, long? mark)
    {
        lock (_gate)
        {
            var limit = mark ?? long.MaxValue;
            foreach (var line in _held.Where(l => l.Sequence <= limit)) write(line.Text);
            write(text);
            foreach (var line in _held.Where(l => l.Sequence > limit)) write(line.Text);
            _held.Clear();
            _holding = false;
        }
    }

    /// <summary>Writes whatever is held (an evaluation ended without a result line) and stops holding.</summary>
    public void Release()
    {
        lock (_gate)
        {
            foreach (var line in _held) write(line.Text);
            _held.Clear();
            _holding = false;
        }
    }
}
