using System.Runtime.CompilerServices;
using Jint;

namespace ActorRuntime.Diagnostics;

/// <summary>
/// Counts the script engines a runtime creates and how many are still alive: each is held weakly, so an engine that
/// survives full garbage collections is one something still references. Off unless set in
/// <see cref="RuntimeOptions.EngineCensus"/> (the soak benchmark's "no leaked engine" check and its test).
/// </summary>
public sealed class EngineCensus
{
    private readonly ConditionalWeakTable<Engine, string> _engines = new();
    private long _created;

    /// <summary>Engines created since the census started.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Counts <paramref name="engine"/>, described by <paramref name="owner"/> (its extension and context) for <see cref="Alive"/>.</summary>
    internal void Add(Engine engine, string owner)
    {
        _engines.Add(engine, owner);
        Interlocked.Increment(ref _created);
    }

    /// <summary>Engines still reachable after full blocking collections (and the finalizers they let run).</summary>
    public int CountAlive() => Alive().Count;

    /// <summary>Who the engines still reachable after full blocking collections belonged to: <c>extension-id label</c> each.</summary>
    public IReadOnlyList<string> Alive()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return _engines.Select(e => e.Value).ToList();
    }
}
