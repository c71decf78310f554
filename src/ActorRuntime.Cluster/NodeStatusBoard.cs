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
    // Extensions that left the node, the most recently unloaded last; bounded by remembered-unloaded.
    private readonly Dictionary<string, LinkedListNode<Unloaded>> _unloaded = new(StringComparer.Ordinal);
    private readonly LinkedList<Unloaded> _unloadedOrder = new();
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

    /// <summary>An extension that left the node: when, and how many times it woke while it was here.</summary>
    private sealed record Unloaded(string Id, DateTimeOffset At, int Wakes);

    /// <summary>An extension was activated on this node (its entity started it).</summary>
    public void Activated(string id, ExtensionKernel kernel, IActorRef supervisor)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            if (_active.Remove(id, out var previous)) CountWakes(previous, now);
            if (_unloaded.Remove(id, out var unloaded)) _unloadedOrder.Remove(unloaded);
            _active[id] = new Active(kernel, supervisor, now);
            _activity.Add(now, 1, 0);
        }
    }

    /// <summary>The extension's entity stopped (passivated, handed off, unloaded): its last wakes are counted.</summary>
    public void Deactivated(string id, ExtensionKernel kernel)
    {
        lock (_gate)
        {
            if (!_active.TryGetValue(id, out var active) || !ReferenceEquals(active.Kernel, kernel)) return;
            _active.Remove(id);
            var now = Clock.GetUtcNow();
            CountWakes(active, now);
            Remember(new Unloaded(id, now, WakesOf(active.Kernel)));
        }
    }

    private void Remember(Unloaded unloaded)
    {
        if (Settings.RememberedUnloaded == 0) return;
        if (_unloaded.Remove(unloaded.Id, out var earlier)) _unloadedOrder.Remove(earlier);
        _unloaded[unloaded.Id] = _unloadedOrder.AddLast(unloaded);
        while (_unloaded.Count > Settings.RememberedUnloaded)
        {
            _unloaded.Remove(_unloadedOrder.First!.Value.Id);
            _unloadedOrder.RemoveFirst();
        }
    }

    // A background's first start belongs to its activation; every later one is a wake.
    private static int WakesOf(ExtensionKernel kernel) => Math.Max(0, kernel.RegularBackground.Starts - 1);

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

    internal static string Cut(string? text, int length) =>
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

    /// <summary>
    /// This node's report, within <c>max-report-size</c> as sent: the newest lines within <c>max-lines-size</c> (console
    /// lines and errors each half), then the extensions active or remembered as unloaded, the first by id, while they fit
    /// (and at most <c>max-extensions</c>); what is left out is counted. <paramref name="contexts"/> gives the labels last
    /// listed for an extension.
    /// </summary>
    public NodeStatusReport Report(string address, Func<string, IReadOnlyList<string>> contexts)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            var activity = _activity.Window(now);
            var (console, consoleLeftOut, consoleSize) = Newest(_console.ToArray(), Settings.MaxLinesSize / 2);
            var (errors, errorsLeftOut, errorsSize) = Newest(_errors.ToArray(), Settings.MaxLinesSize / 2);
            var room = Settings.MaxReportSize - ReportOverhead - WireSize.Of(address) - activity.Length * WireSize.ItemOverhead - consoleSize - errorsSize;
            var listed = new List<ExtensionStatus>();
            foreach (var extension in Extensions(contexts).Take(Settings.MaxExtensions))
            {
                room -= SizeOf(extension);
                if (room < 0) break;
                listed.Add(extension);
            }
            return new NodeStatusReport(address, Installed.Count, _active.Count, listed, console, errors, activity,
                _unloaded.Count, consoleLeftOut + errorsLeftOut);
        }
    }

    /// <summary>Room for the report's field names and numbers around what it lists.</summary>
    private const int ReportOverhead = 4096;

    /// <summary>The most characters of a context's label listed.</summary>
    private const int MaxLabelLength = 200;

    /// <summary>Active and unloaded extensions by id (an id is never both).</summary>
    private IEnumerable<ExtensionStatus> Extensions(Func<string, IReadOnlyList<string>> contexts) =>
        _active.Select(pair => (pair.Key, Active: (Active?)pair.Value, Unloaded: (Unloaded?)null))
            .Concat(_unloaded.Select(pair => (pair.Key, Active: (Active?)null, Unloaded: (Unloaded?)pair.Value.Value)))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => entry.Active is { } active
                ? new ExtensionStatus(entry.Key, PhaseOf(active.Kernel), Contexts(contexts(entry.Key)), active.Since, WakesOf(active.Kernel))
                : new ExtensionStatus(entry.Key, UnloadedPhase, [], entry.Unloaded!.At, entry.Unloaded.Wakes));

    /// <summary>The most bytes (as sent) of one extension's context labels in a report: many long labels do not crowd the other extensions out.</summary>
    private const int MaxContextsSize = 4096;

    /// <summary>The labels, each cut, while they fit <see cref="MaxContextsSize"/>; then <c>+N more</c>.</summary>
    private static string[] Contexts(IReadOnlyList<string> labels)
    {
        var listed = new List<string>();
        long size = 0;
        foreach (var label in labels)
        {
            var cut = Cut(label, MaxLabelLength);
            size += WireSize.Of(cut) + 1;
            if (size > MaxContextsSize)
            {
                listed.Add($"+{labels.Count - listed.Count} more");
                break;
            }
            listed.Add(cut);
        }
        return listed.ToArray();
    }

    /// <summary>The phase of an extension the node hosted and no longer does.</summary>
    public const string UnloadedPhase = "unloaded";

    private static long SizeOf(ExtensionStatus extension) =>
        WireSize.ItemOverhead + WireSize.Of(extension.Id) + WireSize.Of(extension.Phase) + extension.Contexts.Sum(label => WireSize.Of(label) + 1);

    /// <summary>The wire size of a line whose texts are at most <paramref name="textLength"/> characters (the longest label and level included).</summary>
    internal static long LineSize(int textLength) => WireSize.ItemOverhead + 6L * (textLength + 1 + 200 + 1 + 20 + 1) + 6L * 256;

    private static long SizeOf(StatusLine line) =>
        WireSize.ItemOverhead + WireSize.Of(line.ExtensionId) + WireSize.Of(line.Label) + WireSize.Of(line.Level) + WireSize.Of(line.Text);

    /// <summary>The newest of <paramref name="lines"/> (oldest first) that fit <paramref name="budget"/>, how many older ones were left out, and their size.</summary>
    private static (StatusLine[] Lines, int LeftOut, long Size) Newest(StatusLine[] lines, long budget)
    {
        long size = 0;
        var first = lines.Length;
        while (first > 0 && size + SizeOf(lines[first - 1]) <= budget) size += SizeOf(lines[--first]);
        return (lines[first..], first, size);
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
