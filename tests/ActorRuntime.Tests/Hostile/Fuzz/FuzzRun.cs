using FsCheck;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Hostile.Fuzz;

/// <summary>
/// How many cases a fuzzing property runs and from which seed. CI runs a small fixed number from a fixed seed, so
/// it is deterministic; <c>ACTORRUNTIME_FUZZ_CASES</c> raises the count for a longer run and
/// <c>ACTORRUNTIME_FUZZ_SEED</c> (a number, or <c>random</c>) starts elsewhere. A failure names both, so it replays.
/// </summary>
public static class FuzzRun
{
    public const string CasesVariable = "ACTORRUNTIME_FUZZ_CASES";
    public const string SeedVariable = "ACTORRUNTIME_FUZZ_SEED";
    private const ulong FixedSeed = 20260101;

    public static int Cases(int defaultCases) =>
        int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), out var cases) && cases > 0 ? cases : defaultCases;

    public static ulong Seed()
    {
        var text = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.Equals(text, "random", StringComparison.OrdinalIgnoreCase)) return (ulong)System.Random.Shared.NextInt64(1, long.MaxValue);
        return ulong.TryParse(text, out var seed) ? seed : FixedSeed;
    }

    /// <summary>
    /// Checks <paramref name="property"/> on a thread-pool thread (FsCheck waits for asynchronous cases by blocking),
    /// failing the test with FsCheck's report (the smallest failing case it found) and the variables that replay it.
    /// </summary>
    /// <remarks><paramref name="seedOffset"/> gives runs of one property over several settings different cases from one seed.</remarks>
    public static async Task CheckAsync(string name, Property property, int defaultCases, ITestOutputHelper output, ulong seedOffset = 0)
    {
        var cases = Cases(defaultCases);
        var seed = Seed();
        var replay = $"{SeedVariable}={seed} {CasesVariable}={cases}";
        output.WriteLine($"{name}: {cases} cases, {replay}");
        var config = Config.QuickThrowOnFailure
            .WithName(name)
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed + seedOffset), FSharpOption<int>.None)));
        try
        {
            await Task.Run(() => Check.One(config, property));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"{name} failed; replay with {replay}\n{ex.Message}");
        }
    }

    /// <summary>An exception that should not have escaped, as one report: its type, message and where it was thrown.</summary>
    public static string Escaped(Exception ex) =>
        $"escaped as {ex.GetType().FullName}: {ex.Message}\n" + string.Join("\n", (ex.StackTrace ?? "").Split('\n').Take(6));

    /// <summary>A case as FsCheck prints it: long texts cut so a report stays readable.</summary>
    public static string Shorten(string text, int max = 600) =>
        text.Length <= max ? text : text[..max] + $"... ({text.Length} chars)";
}
