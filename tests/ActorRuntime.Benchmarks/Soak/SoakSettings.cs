using System.Globalization;

namespace ActorRuntime.Benchmarks.Soak;

/// <summary>How long the soak runs and how often it suspends the event page and samples memory.</summary>
internal sealed record SoakSettings
{
    /// <summary>Cycles beside the spinning extension: the soak proper.</summary>
    public int Cycles { get; init; } = 1_000_000;

    /// <summary>Cycles measured with the healthy extension alone, for the comparison.</summary>
    public int AloneCycles { get; init; } = 100_000;

    /// <summary>Unmeasured cycles before each phase, so the JIT has settled and memory is at its working level.</summary>
    public int WarmupCycles { get; init; } = 20_000;

    /// <summary>Every this many cycles the popup is closed, the event page suspended and the popup opened again.</summary>
    public int SuspendEvery { get; init; } = 100;

    /// <summary>Every this many cycles managed memory and live engines are sampled; 0 for a fiftieth of the run.</summary>
    public int SampleEvery { get; init; }

    public int SampleInterval => SampleEvery > 0 ? SampleEvery : Math.Max(1, Cycles / 50);

    /// <summary>The settings from the arguments after <c>soak</c>, or the one line saying what is wrong.</summary>
    public static (SoakSettings? Settings, string? Error) Parse(IReadOnlyList<string> args, string? cyclesFromEnvironment)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(cyclesFromEnvironment))
        {
            if (!TryCount(cyclesFromEnvironment, out var cycles)) return (null, Expected("ACTORRUNTIME_SOAK_CYCLES", cyclesFromEnvironment));
            values["--cycles"] = cycles;
        }
        string[] known = ["--cycles", "--alone", "--warmup", "--suspend-every", "--sample-every"];
        for (var i = 0; i < args.Count; i++)
        {
            if (!known.Contains(args[i])) return (null, $"soak: unknown option \"{args[i]}\"; expected one of {string.Join(", ", known)}");
            if (i + 1 >= args.Count) return (null, $"soak: {args[i]} needs a value (a whole number above 0)");
            if (!TryCount(args[i + 1], out var value)) return (null, Expected(args[i], args[i + 1]));
            values[args[i]] = value;
            i++;
        }
        var total = values.GetValueOrDefault("--cycles", 1_000_000);
        var settings = new SoakSettings
        {
            Cycles = total,
            AloneCycles = values.GetValueOrDefault("--alone", Math.Min(100_000, total)),
            WarmupCycles = values.GetValueOrDefault("--warmup", Math.Min(20_000, total)),
            SuspendEvery = values.GetValueOrDefault("--suspend-every", 100),
            SampleEvery = values.GetValueOrDefault("--sample-every", 0),
        };
        return (settings, null);
    }

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static string Expected(string name, string got) => $"soak: {name}: expected a whole number above 0, got \"{got}\"";
}
