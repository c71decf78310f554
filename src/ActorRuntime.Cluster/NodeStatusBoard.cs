using ActorRuntime.Kernel;
using Akka.Actor;
using static ActorRuntime.Cluster.NodeStatusProtocol;

namespace ActorRuntime.Cluster;

/// <summary>
/// What one node knows of its extensions for the status page, kept as they run: which are active (with their kernel, to
/// read the background's phase and start count, which are atomic), their recent console lines and errors, and
/// activations and wakes per minute. Written from the extensions' own threads (console lines) and their entities;
/// every member is thread-safe (one lock; nothing slow is done under it). One per actor system (an Akka extension).
/// </summary>
internal sealed class NodeStatusBoard : IExtension
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Active> _active = new(StringComparer.Ordinal);
    private readonly RecentItems<StatusLine> _console;
    private readonly RecentItems<StatusLine> _errors;
    private readonly ActivityMinutes _activity;
    private long _sequence;

    public NodeStatusBoard(NodeStatusSettings settings, TimeProvider? clock = null)
    {
        Settings = settings;
        Clock = clock ?? TimeProvider.System;
        _console = new RecentItems<StatusLine>(settings.ConsoleLines);
        _errors = new RecentItems<StatusLine>(settings.Errors);
        _activity = new ActivityMinutes(settings.Minutes);
    }

    public static NodeStatusBoard For(ActorSystem system) => system.WithExtension<NodeStatusBoard, NodeStatusBoardProvider>();

    public NodeStatusSettings Settings { get; }

    public TimeProvider Clock { get; }

    /// <summary>The ids of the extensions this node can host (its catalog), set when the node starts.</summary>
    public IReadOnlyCollection<string> Installed { get; set; } = [];

    /// <summary>An extension active on this node; <see cref="CountedStarts"/> is what the minutes have been told of so far.</summary>
    private sealed class Active(ExtensionKernel kernel, IActorRef supervisor, DateTimeOffset since)
    {
        public ExtensionKernel Kernel { get; } = kernel;
        public IActorRef Supervisor { get; } = supervisor;
        public DateTimeOffset Since { get; } = since;
        public int CountedStarts { get; set; }
    }

    /// <summary>An extension was activated on this node (its entity started it).</summary>
    public void Activated(string id, LoadedExtension extension)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            if (_active.Remove(id, out var previous)) CountWakes(previous, now);
            _active[id] = new Active(extension.State, extension.Supervisor, now);
            _activity.Add(now, 1, 0);
        }
    }

    /// <summary>The extension's entity stopped (passivated, handed off, unloaded): its last wakes are counted.</summary>
    public void Deactivated(string id, LoadedExtension extension)
    {
        lock (_gate)
        {
            if (!_active.TryGetValue(id, out var active) || !ReferenceEquals(active.Kernel, extension.State)) return;
            _active.Remove(id);
            CountWakes(active, Clock.GetUtcNow());
        }
    }

    /// <summary>A console line of extension <paramref name="id"/>; errors are also kept apart, so that chatter does not push them out.</summary>
    public void Console(string id, ConsoleEntry entry)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            var line = new StatusLine(++_sequence, now, id, Cut(entry.Label, 200), Cut(entry.Level, 20), Cut(entry.Text, Settings.MaxLineLength));
            _console.Add(line);
            if (entry.Level == "error") _errors.Add(line);
        }
    }

    private static string Cut(string? text, int length) =>
        text is null ? "" : text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");

    /// <summary>Counts into the current minute the wakes each active extension had since the last sample.</summary>
    public void SampleWakes()
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var active in _active.Values) CountWakes(active, now);
        }
    }

    // A background's first start belongs to its activation; every later one is a wake.
    private void CountWakes(Active active, DateTimeOffset now)
    {
        var starts = active.Kernel.RegularBackground.Starts;
        var wakes = Math.Max(0, starts - 1) - Math.Max(0, active.CountedStarts - 1);
        active.CountedStarts = starts;
        _activity.Add(now, 0, wakes);
    }

    /// <summary>The extensions listed on the status page (the first <c>max-extensions</c> by id) with their supervisors, and how many are active in all.</summary>
    public (IReadOnlyList<(string Id, IActorRef Supervisor)> Listed, int Active) Listed()
    {
        lock (_gate)
        {
            var listed = _active.OrderBy(pair => pair.Key, StringComparer.Ordinal).Take(Settings.MaxExtensions)
                .Select(pair => (pair.Key, pair.Value.Supervisor)).ToList();
            return (listed, _active.Count);
        }
    }

    /// <summary>This node's report; <paramref name="contexts"/> gives the labels last listed for an extension.</summary>
    public NodeStatusReport Report(string address, Func<string, IReadOnlyList<string>> contexts)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            var extensions = _active.OrderBy(pair => pair.Key, StringComparer.Ordinal).Take(Settings.MaxExtensions)
                .Select(pair => new ExtensionStatus(pair.Key, PhaseOf(pair.Value.Kernel), contexts(pair.Key), pair.Value.Since,
                    Math.Max(0, pair.Value.Kernel.RegularBackground.Starts - 1)))
                .ToList();
            return new NodeStatusReport(address, Installed.Count, _active.Count, extensions, _console.ToArray(), _errors.ToArray(), _activity.Window(now));
        }
    }

    /// <summary>Where an extension is, as the status page names it.</summary>
    internal static string PhaseOf(ExtensionKernel kernel)
    {
        if (kernel.HaltReason is not null) return "halted";
        if (!kernel.HasBackground) return "no background";
        return kernel.RegularBackground.Phase switch
        {
            BackgroundPhase.Running => "running",
            BackgroundPhase.Starting => "starting",
            BackgroundPhase.Suspending => "suspending",
            _ => kernel.IsServiceWorker ? "worker stopped" : kernel.BackgroundIsLazy ? "suspended" : "stopped",
        };
    }
}

/// <summary>Makes the one <see cref="NodeStatusBoard"/> of an actor system, with its settings from <c>actorruntime.status</c>.</summary>
internal sealed class NodeStatusBoardProvider : ExtensionIdProvider<NodeStatusBoard>
{
    public override NodeStatusBoard CreateExtension(ExtendedActorSystem system) => new(NodeStatusSettings.FromConfig(system.Settings.Config));
}
