using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace ActorRuntime.Kernel;

/// <summary>The settings of <see cref="ScriptThreads"/> (a dispatcher's <c>script-threads</c> section).</summary>
internal sealed record ScriptThreadSettings(int ThreadCount, TimeSpan StealAfter, int IdleSpins, TimeSpan WatchFor)
{
    internal const int MaxThreads = 256, MaxIdleSpins = 100_000;
    internal static readonly TimeSpan MinStealAfter = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMinutes(10);

    /// <summary>The <c>script-threads</c> section of the dispatcher at <paramref name="dispatcherId"/>, checked.</summary>
    public static ScriptThreadSettings FromConfig(Config dispatcher, string dispatcherId)
    {
        var path = $"{dispatcherId}.script-threads";
        var section = dispatcher.GetConfig("script-threads");
        if (section is null || section.IsEmpty)
            throw new ConfigurationException($"{path}: expected a section with thread-count, steal-after, idle-spins and watch-for, got none");
        return new ScriptThreadSettings(
            Read(section, path, "thread-count", (c, k) => c.GetInt(k), count => count is >= 1 and <= MaxThreads, $"a number of threads from 1 to {MaxThreads}"),
            Read(section, path, "steal-after", (c, k) => c.GetTimeSpan(k, allowInfinite: false), after => after >= MinStealAfter && after <= MaxDelay, "a duration from 1ms to 10m"),
            Read(section, path, "idle-spins", (c, k) => c.GetInt(k), spins => spins is >= 0 and <= MaxIdleSpins, $"a number of looks from 0 to {MaxIdleSpins}"),
            Read(section, path, "watch-for", (c, k) => c.GetTimeSpan(k, allowInfinite: false), watch => watch >= TimeSpan.Zero && watch <= MaxDelay, "a duration from 0 to 10m"));
    }

    private static T Read<T>(Config section, string path, string key, Func<Config, string, T> read, Func<T, bool> valid, string expected)
    {
        var refused = new ConfigurationException($"{path}.{key}: expected {expected}, got {Shown(section, key)}");
        if (!section.HasPath(key)) throw refused;
        T value;
        try
        {
            value = read(section, key);
        }
        catch (Exception failure) when (failure is FormatException or OverflowException or ArgumentException or InvalidCastException or ConfigurationException)
        {
            throw refused;
        }
        return valid(value) ? value : throw refused;
    }

    private static string Shown(Config section, string key)
    {
        if (!section.HasPath(key)) return "nothing";
        var value = section.GetValue(key);
        return value.IsObject() ? "a section" : value.IsArray() ? "a list" : value.GetString() ?? "nothing";
    }
}

/// <summary>
/// Makes <see cref="ScriptThreads"/> the executor of a dispatcher (<c>executor = "ActorRuntime.Kernel.ScriptThreadsConfigurator, ActorRuntime"</c>).
/// Akka creates it by reflection with this constructor.
/// </summary>
internal sealed class ScriptThreadsConfigurator(Config config, IDispatcherPrerequisites prerequisites) : ExecutorServiceConfigurator(config, prerequisites)
{
    /// <summary>What a dispatcher's <c>executor</c> says to run on these threads.</summary>
    internal const string TypeName = "ActorRuntime.Kernel.ScriptThreadsConfigurator, ActorRuntime";

    /// <summary>Whether a dispatcher's <c>executor</c> names this type, however spelled (Akka resolves it with <see cref="Type.GetType(string)"/>).</summary>
    internal static bool IsNamedBy(string? executor)
    {
        try
        {
            return executor is { Length: > 0 } && Type.GetType(executor, throwOnError: false) == typeof(ScriptThreadsConfigurator);
        }
        catch (Exception failure) when (failure is ArgumentException or IOException or BadImageFormatException)
        {
            return false;
        }
    }

    private readonly ScriptThreadSettings _settings = ScriptThreadSettings.FromConfig(config, config.GetString("id", "dispatcher"));

    public override ExecutorService Produce(string id) =>
        new ScriptThreads(id, _settings, failure => Prerequisites.EventStream.Publish(new Error(failure, id, typeof(ScriptThreads), "A runnable of the script threads failed")));
}
