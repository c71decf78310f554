namespace ActorRuntime.Contexts;

/// <summary>What an extension may do with its next turn, given the CPU its turns used lately.</summary>
public enum TurnVerdict
{
    /// <summary>Within its share: run now.</summary>
    Run,

    /// <summary>Over its share: wait, so other extensions' turns go first.</summary>
    Defer,

    /// <summary>Over its share for longer than allowed: the extension is unresponsive and is stopped.</summary>
    Unresponsive,
}

/// <summary>The settings of <see cref="CpuShare"/> (<c>actorruntime.script.cpu-share</c>).</summary>
public sealed record CpuShareSettings(TimeSpan Window, double DeferAbove, TimeSpan UnresponsiveAfter)
{
    /// <summary>
    /// Unresponsive: over <see cref="UnresponsiveAfter"/> the extension used at least this fraction of
    /// <see cref="DeferAbove"/> on average, i.e. it wanted more than its share nearly all that time.
    /// </summary>
    public const double UnresponsiveAt = 0.8;
}

/// <summary>
/// The share of one script thread an extension's turns used, and the verdict on its next turn: over its share in
/// the short window its turns wait (which holds it near the share), and near that share on average over the long
/// window (<see cref="CpuShareSettings.UnresponsiveAfter"/>) it is unresponsive. An average, so a turn's CPU falling
/// in one bucket or a burst that ends does not decide it. A pure state machine over times it is given (Stopwatch
/// ticks), tested without waiting; one per extension, used only by the context holding the extension's turn.
/// </summary>
public sealed class CpuShare(CpuShareSettings settings, long frequency)
{
    private readonly Window _recent = new(settings.Window, frequency);
    private readonly Window _long = new(settings.UnresponsiveAfter, frequency);

    /// <summary>Adds a turn that used <paramref name="cpuTicks"/> of CPU and ended at <paramref name="now"/>.</summary>
    public void Record(long now, long cpuTicks)
    {
        _recent.Add(now, cpuTicks);
        _long.Add(now, cpuTicks);
    }

    /// <summary>The fraction of one thread used over the window ending at <paramref name="now"/>.</summary>
    public double Share(long now) => _recent.Share(now);

    /// <summary>The fraction of one thread used over the unresponsiveness window ending at <paramref name="now"/>.</summary>
    public double LongShare(long now) => _long.Share(now);

    /// <summary>Whether a turn starting at <paramref name="now"/> may run.</summary>
    public TurnVerdict Observe(long now)
    {
        if (_long.Share(now) >= settings.DeferAbove * CpuShareSettings.UnresponsiveAt) return TurnVerdict.Unresponsive;
        return _recent.Share(now) >= settings.DeferAbove ? TurnVerdict.Defer : TurnVerdict.Run;
    }

    /// <summary>CPU time summed over a sliding window, in buckets of a twentieth of it.</summary>
    private sealed class Window
    {
        private const int Buckets = 20;
        private readonly long[] _used = new long[Buckets];
        private readonly long _bucketTicks;
        private readonly long _windowTicks;
        private long _bucket = long.MinValue;
        private long _total;

        public Window(TimeSpan length, long frequency)
        {
            _bucketTicks = Math.Max(1, (long)(length.TotalSeconds * frequency) / Buckets);
            _windowTicks = _bucketTicks * Buckets;
        }

        public void Add(long now, long ticks)
        {
            Slide(now);
            _used[(int)(_bucket % Buckets)] += ticks;
            _total += ticks;
        }

        public double Share(long now)
        {
            Slide(now);
            return (double)_total / _windowTicks;
        }

        private void Slide(long now)
        {
            var bucket = now / _bucketTicks;
            if (bucket <= _bucket) return;
            // Empty the buckets the window moved onto (at most all of them): they hold a window-old turn's time.
            var passed = _bucket == long.MinValue ? Buckets : Math.Min(Buckets, bucket - _bucket);
            for (var i = 1; i <= passed; i++)
            {
                var index = (int)(((bucket - passed + i) % Buckets + Buckets) % Buckets);
                _total -= _used[index];
                _used[index] = 0;
            }
            _bucket = bucket;
        }
    }
}
