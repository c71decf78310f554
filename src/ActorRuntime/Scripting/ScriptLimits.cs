namespace ActorRuntime.Scripting;

/// <summary>Bounds on one turn of an extension's event loop; a script that passes one is stopped.</summary>
public sealed record ScriptLimits
{
    public static readonly ScriptLimits Default = new();

    /// <summary>Wall-clock budget of one turn, across every engine the turn reaches.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Bytes one turn may allocate.</summary>
    public long MaxAllocatedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>JavaScript call depth per engine.</summary>
    public int MaxRecursionDepth { get; init; } = 400;

    /// <summary>Largest array a script may create.</summary>
    public uint MaxArraySize { get; init; } = 10_000_000;

    /// <summary>Memory the extension's engines may hold together, over time (an estimate, measured as it allocates).</summary>
    public long MaxRetainedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Timers (<c>setTimeout</c>/<c>setInterval</c>) the extension's contexts may hold at once.</summary>
    public int MaxTimers { get; init; } = 10_000;

    /// <summary>Tasks (messages, responses) queued on the extension's event loop at once.</summary>
    public int MaxPendingTasks { get; init; } = 100_000;

    /// <summary>How much of a script thread an extension's turns may use over time before they wait, and before it is stopped.</summary>
    public Contexts.CpuShareSettings CpuShare { get; init; } = new(TimeSpan.FromSeconds(10), 0.5, TimeSpan.FromSeconds(30));
}

/// <summary>Thrown (uncatchable from JavaScript) when a script passes one of its <see cref="ScriptLimits"/>.</summary>
public sealed class ScriptLimitExceededException(string message) : Exception(message);
