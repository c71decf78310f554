using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Scripting;

/// <summary>Bounds on one turn of an extension's event loop, and on what it holds over time (HOCON <c>actorruntime.script</c>).</summary>
public sealed record ScriptLimits
{
    /// <summary>The shipped defaults of <c>config/actorruntime.hocon</c>.</summary>
    public static ScriptLimits Default { get; } = FromConfig(ShippedConfig.Defaults);

    /// <summary>CPU-time budget of one turn, across every engine the turn reaches.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Bytes one turn may allocate.</summary>
    public required long MaxAllocatedBytes { get; init; }

    /// <summary>JavaScript call depth per engine.</summary>
    public required int MaxRecursionDepth { get; init; }

    /// <summary>Largest array a script may create.</summary>
    public required uint MaxArraySize { get; init; }

    /// <summary>Memory the extension's engines may hold together, over time (an estimate, measured as it allocates).</summary>
    public required long MaxRetainedBytes { get; init; }

    /// <summary>Timers (<c>setTimeout</c>/<c>setInterval</c>) the extension's contexts may hold at once.</summary>
    public required int MaxTimers { get; init; }

    /// <summary>Tasks (messages, responses) queued on the extension's event loop at once.</summary>
    public required int MaxPendingTasks { get; init; }

    /// <summary>ES modules one context may load, by static and dynamic imports together.</summary>
    public required int MaxModules { get; init; }

    /// <summary>How deep a module graph's static imports may nest (linking recurses once per level).</summary>
    public required int MaxModuleDepth { get; init; }

    /// <summary>How much of a script thread an extension's turns may use over time before they wait, and before it is stopped.</summary>
    public required CpuShareSettings CpuShare { get; init; }

    /// <summary>The limits of <paramref name="config"/>'s <c>actorruntime.script</c>, over the shipped defaults.</summary>
    public static ScriptLimits FromConfig(Config config)
    {
        var script = ShippedConfig.Section(config, "script");
        return new ScriptLimits
        {
            Timeout = script.GetTimeSpan("timeout"),
            MaxAllocatedBytes = script.GetByteSize("max-allocated-bytes")!.Value,
            MaxRecursionDepth = script.GetInt("max-recursion-depth"),
            MaxArraySize = checked((uint)script.GetLong("max-array-size")),
            MaxRetainedBytes = script.GetByteSize("max-retained-bytes")!.Value,
            MaxTimers = script.GetInt("max-timers"),
            MaxPendingTasks = script.GetInt("max-pending-tasks"),
            MaxModules = Bounded(script, "max-modules", 1, 1_000_000),
            // Linking recurses on the script thread's stack once per level: about a thousand overflow 1 MiB.
            MaxModuleDepth = Bounded(script, "max-module-depth", 1, 256),
            CpuShare = CpuShareSettings.FromConfig(script.GetConfig("cpu-share")),
        };
    }

    private static int Bounded(Config script, string key, int least, int most)
    {
        var value = script.GetInt(key);
        if (value < least || value > most)
            throw new ConfigurationException($"actorruntime.script.{key}: expected a number from {least} to {most}, got {script.GetString(key)}");
        return value;
    }
}

/// <summary>Thrown (uncatchable from JavaScript) when a script passes one of its <see cref="ScriptLimits"/>.</summary>
internal sealed class ScriptLimitExceededException(string message) : Exception(message);
