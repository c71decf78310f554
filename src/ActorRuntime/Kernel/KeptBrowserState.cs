using Akka.Actor;
using StorageProtocol = ActorRuntime.Storage.ExtensionStorage.Protocol;
using StorageQuotas = ActorRuntime.Storage.StorageQuotas;

namespace ActorRuntime.Kernel;

/// <summary>
/// What the browser keeps of an extension across its restarts, in the extension's storage (area
/// <see cref="StorageQuotas.BrowserState"/>, one JSON value per kind): Chromium's alarms, the declarativeNetRequest dynamic
/// rules and enabled static rulesets, and the registered content scripts that persist across sessions. The supervisor reads it before any context runs
/// and hands each kind to its restore hook; afterwards each change marks its kind, and <see cref="SaveChanges"/> (after a
/// turn, or after alarms fired on the clock's thread) sends what changed to the storage through the supervisor, where it
/// counts as the extension's work until the storage has it. Each kind's own limits bound what is kept.
/// </summary>
/// <remarks>
/// Thread-safety: marks and saves take <c>_gate</c>; a save snapshots and sends under it, so saves reach the storage in the
/// order their snapshots were taken. Callers mark a change after releasing their own locks (a snapshot takes them).
/// </remarks>
internal sealed class KeptBrowserState(ExtensionKernel extension)
{
    public const string Alarms = "alarms";
    public const string DynamicRules = "dynamicRules";
    public const string RegisteredScripts = "registeredScripts";
    public const string StaticRulesets = "staticRulesets";

    private readonly object _gate = new();
    private Dictionary<string, Func<string?>>? _changed;
    private Dictionary<string, string>? _saved;
    // Set when the store could not be read at start: this load keeps its changes in memory.
    private bool _memoryOnly;

    /// <summary>
    /// Whether the flavour's browser keeps <paramref name="kind"/> across a restart: Firefox keeps alarms for the current
    /// browser session only (flavour mdn follows it); dynamic rules and persisted registered scripts are kept by both.
    /// </summary>
    public static bool Keeps(Flavor flavor, string kind) => kind != Alarms || flavor == Flavor.Chrome;

    /// <summary>
    /// The state as read at start (kind to JSON), now restored: later saves go to the storage. Not <paramref name="durable"/>
    /// when it could not be read: this load keeps its changes in memory, so what the store holds is not overwritten.
    /// </summary>
    public void Loaded(IReadOnlyDictionary<string, string>? stored, bool durable)
    {
        lock (_gate)
        {
            _memoryOnly = !durable;
            _saved = stored is null ? null : new Dictionary<string, string>(stored, StringComparer.Ordinal);
        }
    }

    /// <summary><paramref name="kind"/> changed; <paramref name="snapshot"/> gives its JSON when it is saved (null: nothing to keep).</summary>
    public void Changed(string kind, Func<string?> snapshot)
    {
        if (!Keeps(extension.Flavor, kind)) return;
        lock (_gate) (_changed ??= new(StringComparer.Ordinal))[kind] = snapshot;
    }

    /// <summary>Sends the kinds that changed (and differ from what was last saved) to the storage, as the extension's work.</summary>
    public void SaveChanges()
    {
        lock (_gate)
        {
            if (_changed is not { } changed || _memoryOnly) return;
            _changed = null;
            var set = new Dictionary<string, string>(StringComparer.Ordinal);
            var removed = new List<string>();
            foreach (var (kind, snapshot) in changed)
            {
                var json = snapshot();
                var saved = _saved?.GetValueOrDefault(kind);
                if (json == saved) continue;
                if (json is null) removed.Add(kind);
                else set[kind] = json;
                _saved ??= new(StringComparer.Ordinal);
                if (json is null) _saved.Remove(kind);
                else _saved[kind] = json;
            }
            var requests = new List<StorageProtocol.StorageRequest>();
            if (removed.Count > 0) requests.Add(new StorageProtocol.Remove(StorageQuotas.BrowserState, removed));
            if (set.Count > 0) requests.Add(new StorageProtocol.Set(StorageQuotas.BrowserState, set));
            if (requests.Count > 0) extension.Work.Send(extension.Supervisor, new SupervisorSignals.SaveBrowserState(requests), ActorRefs.NoSender);
        }
    }
}
