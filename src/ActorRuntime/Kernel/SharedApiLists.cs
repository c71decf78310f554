using System.Collections.Concurrent;

namespace ActorRuntime.Kernel;

/// <summary>
/// The lists the API layer makes a context's <c>browser</c> and <c>chrome</c> from (the namespaces a root has, the
/// members a namespace has, each with its index by name), one per distinct list for a whole runtime: contexts that may
/// see the same members (the same kind of context, manifest version and permissions) share one list instead of keeping
/// a copy each. A list is plain data from the schema (names, schema entries, no engine's values, nothing an extension
/// wrote), so sharing it shows one extension nothing of another's. Beside the lists, an index finds them by a context's
/// access (<see cref="ShareByAccess{T}"/>). Each is bounded by <c>actorruntime.api.shared-surface-lists</c> entries and
/// starts afresh when full, apart from the other.
/// </summary>
internal sealed class SharedApiLists(int maxLists)
{
    private readonly ConcurrentDictionary<string, object> _lists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _byAccess = new(StringComparer.Ordinal);
    private readonly Lock _clearing = new();

    /// <summary>The most lists kept.</summary>
    public int MaxLists { get; } = maxLists;

    // As a setting of RuntimeOptions (a record compared by value), a cache is equal to any other of the same bound.
    public override bool Equals(object? obj) => obj is SharedApiLists other && other.MaxLists == MaxLists;

    public override int GetHashCode() => MaxLists.GetHashCode();

    /// <summary>
    /// The list kept under <paramref name="key"/> (a description of everything it is made from), else the one
    /// <paramref name="make"/> makes, kept from now on.
    /// </summary>
    public T Share<T>(string key, Func<T> make) where T : notnull =>
        _lists.TryGetValue(key, out var known) ? (T)known : Keep(_lists, key, make());

    /// <summary>The list kept under <paramref name="key"/> (a description of its whole content), else <paramref name="made"/>, kept from now on.</summary>
    public T Share<T>(string key, T made) where T : notnull =>
        _lists.TryGetValue(key, out var known) ? (T)known : Keep(_lists, key, made);

    /// <summary>
    /// What <paramref name="make"/> gives for one access (<paramref name="key"/> names everything that decides it: the
    /// flavour, the context's access signature, the namespace), kept apart from the lists themselves under the same
    /// bound: a runtime of many different accesses starts this index afresh without dropping the lists it shares.
    /// </summary>
    public T ShareByAccess<T>(string key, Func<T> make) where T : notnull =>
        _byAccess.TryGetValue(key, out var known) ? (T)known : Keep(_byAccess, key, make());

    /// <summary>Keeps <paramref name="made"/> under <paramref name="key"/> (or what another thread kept first), starting <paramref name="kept"/> afresh when full.</summary>
    private T Keep<T>(ConcurrentDictionary<string, object> kept, string key, T made) where T : notnull
    {
        if (kept.Count >= MaxLists)
            lock (_clearing)
                if (kept.Count >= MaxLists) kept.Clear();
        return (T)kept.GetOrAdd(key, made);
    }
}
