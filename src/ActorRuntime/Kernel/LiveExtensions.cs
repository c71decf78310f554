using System.Diagnostics.Metrics;
using ActorRuntime.Telemetry;

namespace ActorRuntime.Kernel;

/// <summary>
/// The extensions alive in this process (from their supervisor's start to its stop), each with the phase of its regular
/// background: what the <c>actorruntime.extensions</c> metric reports per phase, and what a status page can list. Linked
/// through the kernels themselves, so keeping one costs two references and nothing is allocated per extension.
/// </summary>
internal static class LiveExtensions
{
    public const string Running = "running";
    public const string Starting = "starting";
    public const string Suspending = "suspending";
    public const string Suspended = "suspended";
    public const string WorkerStopped = "worker_stopped";
    public const string Stopped = "stopped";
    public const string NoBackground = "no_background";
    public const string Halted = "halted";

    private static readonly string[] Phases = [Running, Starting, Suspending, Suspended, WorkerStopped, Stopped, NoBackground, Halted];
    private static readonly object Gate = new();
    private static ExtensionKernel? _head;

    static LiveExtensions()
    {
        RuntimeTelemetry.Meter.CreateObservableUpDownCounter("actorruntime.extensions", Observe, "{extension}",
            "Extensions alive in this process, by the phase of their background");
    }

    public static void Add(ExtensionKernel extension)
    {
        lock (Gate)
        {
            if (extension.CensusListed) return;
            extension.CensusListed = true;
            extension.CensusNext = _head;
            if (_head is not null) _head.CensusPrevious = extension;
            _head = extension;
        }
        BrowserNeighbours.Add(extension);
    }

    public static void Remove(ExtensionKernel extension)
    {
        lock (Gate)
        {
            if (!extension.CensusListed) return;
            extension.CensusListed = false;
            if (extension.CensusPrevious is { } previous) previous.CensusNext = extension.CensusNext;
            else _head = extension.CensusNext;
            if (extension.CensusNext is { } next) next.CensusPrevious = extension.CensusPrevious;
            extension.CensusPrevious = extension.CensusNext = null;
        }
        BrowserNeighbours.Remove(extension);
    }

    /// <summary>Each live extension's id and phase (one of the constants above), at this moment.</summary>
    public static IReadOnlyList<(string ExtensionId, string Phase)> Snapshot()
    {
        var list = new List<(string, string)>();
        lock (Gate)
            for (var extension = _head; extension is not null; extension = extension.CensusNext)
                list.Add((extension.Package.Id, PhaseOf(extension)));
        return list;
    }

    /// <summary>running, starting, suspending, suspended (an event page), worker_stopped, stopped (a persistent page not started), no_background or halted.</summary>
    public static string PhaseOf(ExtensionKernel extension)
    {
        if (extension.HaltReason is not null) return Halted;
        if (!extension.HasBackground) return NoBackground;
        return extension.RegularBackground.Phase switch
        {
            BackgroundPhase.Running => Running,
            BackgroundPhase.Starting => Starting,
            BackgroundPhase.Suspending => Suspending,
            _ when extension.IsServiceWorker => WorkerStopped,
            _ when extension.RegularBackground.Policy.IsEventPage => Suspended,
            _ => Stopped,
        };
    }

    private static IEnumerable<Measurement<long>> Observe()
    {
        var counts = new long[Phases.Length];
        lock (Gate)
            for (var extension = _head; extension is not null; extension = extension.CensusNext)
                counts[Array.IndexOf(Phases, PhaseOf(extension))]++;
        var measurements = new Measurement<long>[Phases.Length];
        for (var i = 0; i < Phases.Length; i++)
            measurements[i] = new Measurement<long>(counts[i], new KeyValuePair<string, object?>(RuntimeTelemetry.PhaseAttribute, Phases[i]));
        return measurements;
    }
}

internal sealed partial class ExtensionKernel
{
    // Links of LiveExtensions' list, touched only under its lock.
    internal ExtensionKernel? CensusPrevious { get; set; }
    internal ExtensionKernel? CensusNext { get; set; }
    internal bool CensusListed { get; set; }
}
