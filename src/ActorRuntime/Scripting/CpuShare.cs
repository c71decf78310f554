namespace ActorRuntime.Scripting;

/// <summary>What an extension may do with its next turn, given the CPU its turns used lately.</summary>
internal enum TurnVerdict
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

    /// <summary>The settings in <paramref name="section"/> (<c>actorruntime.script.cpu-share</c>), checked.</summary>
    public static CpuShareSettings FromConfig(Akka.Configuration.Config section)
    {
        var settings = new CpuShareSettings(section.GetTimeSpan("window"), Fraction(section, "defer-above"), section.GetTimeSpan("unresponsive-after"));
        if (settings.Window <= TimeSpan.Zero || settings.UnresponsiveAfter <= TimeSpan.Zero || settings.UnresponsiveAfter > settings.Window * CpuShare.MaxWindows)
            throw new Akka.Configuration.ConfigurationException($"actorruntime.script.cpu-share: expected a window above 0 and unresponsive-after above 0 and at most {CpuShare.MaxWindows} windows long, got window = {settings.Window}, unresponsive-after = {settings.UnresponsiveAfter}");
        return settings;
    }

    private static double Fraction(Akka.Configuration.Config section, string key)
    {
        var value = section.GetDouble(key);
        if (value is > 0 and <= 1) return value;
        throw new Akka.Configuration.ConfigurationException($"actorruntime.script.cpu-share.{key}: expected a fraction of a thread above 0 and at most 1, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }
}

/// <summary>
/// The share of one script thread an extension's turns used, and the verdict on its next turn: over its share in
/// the short window its turns wait (which holds it near the share), and near that share on average over the long
/// window (<see cref="CpuShareSettings.UnresponsiveAfter"/>) it is unresponsive. An average, so a turn's CPU falling
/// in one bucket or a burst that ends does not decide it. A pure state machine over times it is given (Stopwatch
/// ticks), tested without waiting; one per extension, used only by the context holding the extension's turn.
/// </summary>
/// <remarks>
/// One small array serves both windows (a runtime holds thousands of extensions): buckets a tenth of the short window
/// wide, in microseconds, as many as the long window needs; the short window is the newest ten.
/// </remarks>
internal sealed class CpuShare
{
    private const int ShortBuckets = 10;

    /// <summary>How many short windows the unresponsiveness window may span (its buckets are kept in one array).</summary>
    public const int MaxWindows = 60;

    private const int MaxBuckets = MaxWindows * ShortBuckets;
    private readonly CpuShareSettings _settings;
    private readonly long _frequency;
    private readonly long _bucketTicks;
    private readonly int[] _micros;
    private long _bucket = long.MinValue;

    public CpuShare(CpuShareSettings settings, long frequency)
    {
        _settings = settings;
        _frequency = frequency;
        _bucketTicks = Math.Max(1, (long)(settings.Window.TotalSeconds * frequency) / ShortBuckets);
        var longBuckets = (long)Math.Ceiling(settings.UnresponsiveAfter.TotalSeconds * frequency / _bucketTicks);
        _micros = new int[Math.Clamp(longBuckets, ShortBuckets, MaxBuckets)];
    }

    /// <summary>Adds a turn that used <paramref name="cpuTicks"/> of CPU and ended at <paramref name="now"/>.</summary>
    public void Record(long now, long cpuTicks)
    {
        Slide(now);
        var index = (int)(_bucket % _micros.Length);
        _micros[index] = (int)Math.Min(int.MaxValue, _micros[index] + cpuTicks * 1_000_000 / _frequency);
    }

    /// <summary>The fraction of one thread used over the window ending at <paramref name="now"/>.</summary>
    public double Share(long now) => Sum(now, ShortBuckets) / Seconds(ShortBuckets);

    /// <summary>The fraction of one thread used over the unresponsiveness window ending at <paramref name="now"/>.</summary>
    public double LongShare(long now) => Sum(now, _micros.Length) / Seconds(_micros.Length);

    /// <summary>Whether a turn starting at <paramref name="now"/> may run.</summary>
    public TurnVerdict Observe(long now)
    {
        if (LongShare(now) >= _settings.DeferAbove * CpuShareSettings.UnresponsiveAt) return TurnVerdict.Unresponsive;
        return Share(now) >= _settings.DeferAbove ? TurnVerdict.Defer : TurnVerdict.Run;
    }

    private double Seconds(int buckets) => (double)buckets * _bucketTicks / _frequency * 1_000_000;

    /// <summary>Microseconds in the newest <paramref name="buckets"/> buckets.</summary>
    private double Sum(long now, int buckets)
    {
        Slide(now);
        if (_bucket == long.MinValue) return 0;
        double sum = 0;
        for (var i = 0; i < buckets; i++) sum += _micros[(int)((_bucket - i) % _micros.Length + _micros.Length) % _micros.Length];
        return sum;
    }

    private void Slide(long now)
    {
        var bucket = now / _bucketTicks;
        if (bucket <= _bucket) return;
        // Empty the buckets the window moved onto (at most all of them): they hold a window-old turn's time.
        var passed = _bucket == long.MinValue ? _micros.Length : Math.Min(_micros.Length, bucket - _bucket);
        for (var i = 1; i <= passed; i++) _micros[(int)(((bucket - passed + i) % _micros.Length + _micros.Length) % _micros.Length)] = 0;
        _bucket = bucket;
    }
}
