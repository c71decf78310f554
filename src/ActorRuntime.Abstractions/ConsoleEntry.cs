namespace ActorRuntime;

/// <summary>One line of console output or an uncaught error, tagged with its context.</summary>
public sealed record ConsoleEntry(string Label, string Level, string Text)
{
    /// <summary>Position among the extension's console lines (from 1), to order them against evaluation results.</summary>
    public long Sequence { get; init; }

    /// <summary>Printed by the extension's own <c>console.*</c> call (as opposed to what the runtime reports: uncaught errors, warnings).</summary>
    public bool IsScriptOutput { get; init; }

    public override string ToString() => $"[{Label}] {Text}";
}

/// <summary>
/// Published when an extension is stopped as a whole because it passed a limit that holds over time (its CPU share,
/// its timers, its pending messages, its memory). Requests to it are refused afterwards with <paramref name="Reason"/>.
/// </summary>
public sealed record ExtensionHalted(string ExtensionId, string Reason);
