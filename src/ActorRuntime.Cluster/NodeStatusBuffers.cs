namespace ActorRuntime.Cluster;

/// <summary>The last <c>capacity</c> items added, oldest first; older ones are dropped. Not thread-safe (its owner locks).</summary>
internal sealed class RecentItems<T>(int capacity)
{
    private readonly T[] _items = new T[capacity];
    private int _next;
    private int _count;

    public int Capacity => _items.Length;

    public void Add(T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        if (_count < _items.Length) _count++;
    }

    public T[] ToArray()
    {
        var result = new T[_count];
        var start = (_next - _count + _items.Length) % _items.Length;
        for (var i = 0; i < _count; i++) result[i] = _items[(start + i) % _items.Length];
        return result;
    }
}

/// <summary>
/// Activations and wakes counted per minute over the last <c>minutes</c> minutes: one slot per minute, reused when the
/// minute it held has passed out of the window. Times come in as arguments. Not thread-safe (its owner locks).
/// </summary>
internal sealed class ActivityMinutes(int minutes)
{
    private readonly long[] _minute = Enumerable.Repeat(long.MinValue, minutes).ToArray();
    private readonly int[] _activations = new int[minutes];
    private readonly int[] _wakes = new int[minutes];

    private static long MinuteOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerMinute;

    public void Add(DateTimeOffset at, int activations, int wakes)
    {
        if (activations == 0 && wakes == 0) return;
        var minute = MinuteOf(at);
        var slot = (int)(minute % _minute.Length);
        if (_minute[slot] != minute)
        {
            // Only a newer minute takes a slot over: a late sample of a minute already gone is dropped.
            if (_minute[slot] > minute) return;
            (_minute[slot], _activations[slot], _wakes[slot]) = (minute, 0, 0);
        }
        _activations[slot] += activations;
        _wakes[slot] += wakes;
    }

    /// <summary>Every minute of the window ending with the one <paramref name="now"/> is in, oldest first (zeros where nothing happened).</summary>
    public NodeStatusProtocol.MinuteActivity[] Window(DateTimeOffset now)
    {
        var last = MinuteOf(now);
        var result = new NodeStatusProtocol.MinuteActivity[_minute.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var minute = last - result.Length + 1 + i;
            var slot = (int)(minute % _minute.Length);
            var held = _minute[slot] == minute;
            result[i] = new NodeStatusProtocol.MinuteActivity(new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero),
                held ? _activations[slot] : 0, held ? _wakes[slot] : 0);
        }
        return result;
    }
}
