namespace ActorRuntime.Benchmarks.Soak;

/// <summary><c>soak</c>: the on-demand soak test (not a BenchmarkDotNet run, not in CI); exit 0 when every target is met.</summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (settings, error) = SoakSettings.Parse(args, Environment.GetEnvironmentVariable("ACTORRUNTIME_SOAK_CYCLES"));
        if (settings is null)
        {
            Console.Error.WriteLine("error: " + error);
            return 2;
        }
        try
        {
            var result = await new SoakRun(settings, Console.Out).RunAsync();
            return SoakReport.Print(settings, result, Console.Out) ? 0 : 1;
        }
        catch (SoakFailedException failed)
        {
            Console.Error.WriteLine("error: soak: " + failed.Message);
            return 1;
        }
    }
}
