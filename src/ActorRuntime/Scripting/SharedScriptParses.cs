using System.Collections.Concurrent;

namespace ActorRuntime.Scripting;

/// <summary>
/// Scripts and ES modules parsed once for a whole runtime, found by path and text: an extension loaded again, or the same file in many
/// extensions, reuses the parse instead of parsing again, as browsers reuse compiled code. A prepared script is
/// engine-neutral and safe to share between threads (each extension already shares its own between its contexts and wakes),
/// and the same text gives the same tree, so nothing passes from one extension to another. Bounded by the text it holds
/// (<c>actorruntime.script.shared-parse-cache-size</c>, two bytes a character): when full, it starts afresh.
/// </summary>
internal sealed class SharedScriptParses(long maxBytes)
{
    private readonly ConcurrentDictionary<(string Path, string Code), PreparedScript> _scripts = new();
    private readonly ConcurrentDictionary<(string Path, string Code), PreparedModule> _modules = new();
    private readonly Lock _adding = new();
    private long _bytes;

    /// <summary>The most script text kept, in bytes (two a character).</summary>
    public long MaxBytes { get; } = maxBytes;

    // As a setting of RuntimeOptions (a record compared by value), a cache is equal to any other of the same bound.
    public override bool Equals(object? obj) => obj is SharedScriptParses other && other.MaxBytes == MaxBytes;

    public override int GetHashCode() => MaxBytes.GetHashCode();

    /// <summary>The script parsed, from the cache when the same path and text were parsed before.</summary>
    public PreparedScript Get(string path, string code) => GetOrParse(_scripts, path, code, PreparedScript.Parse);

    /// <summary>The ES module parsed, from the cache when the same path and text were parsed before (modules and scripts share the bound).</summary>
    public PreparedModule GetModule(string path, string code) => GetOrParse(_modules, path, code, PreparedModule.Parse);

    private T GetOrParse<T>(ConcurrentDictionary<(string Path, string Code), T> cache, string path, string code, Func<string, string, T> parse)
    {
        if (cache.TryGetValue((path, code), out var known)) return known;
        var prepared = parse(path, code);
        var size = 2L * code.Length;
        if (size > MaxBytes) return prepared;
        lock (_adding)
        {
            if (cache.TryGetValue((path, code), out known)) return known;
            if (_bytes + size > MaxBytes)
            {
                _scripts.Clear();
                _modules.Clear();
                _bytes = 0;
            }
            _bytes += size;
            cache[(path, code)] = prepared;
        }
        return prepared;
    }
}
