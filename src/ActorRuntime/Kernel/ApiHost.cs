using System.Collections.Concurrent;

namespace ActorRuntime.Kernel;

/// <summary>
/// Where the runtime's calls are recorded (<see cref="IExtensionRuntime.SubscribeCalls"/>, <c>run --calls</c>): a
/// synchronous receiver (the CLI's ordered console) and subscribers. Nothing is recorded while nobody listens.
/// </summary>
internal sealed class ApiCallLog
{
    public Broadcast<ApiCallRecord> Subscribers { get; } = new();

    /// <summary>Called on the calling context's turn, in the order calls are made and answered.</summary>
    public Action<ApiCallRecord>? Receiver { get; init; }

    public bool IsActive => Receiver is not null || Subscribers.HasSubscribers;

    public void Publish(ApiCallRecord record)
    {
        Receiver?.Invoke(record);
        Subscribers.Publish(record);
    }
}

/// <summary>
/// The host's part of one extension's API: the functions it provides (<see cref="IExtensionRuntime.ProvideAsync"/>, host
/// scripts' <c>host.provide</c>), which answer before the runtime's own, and the calls recorded for host scripts to read.
/// </summary>
internal sealed class ApiHost(ExtensionKernel extension)
{
    // Made when the host first provides something: most extensions never have anything provided.
    private ConcurrentDictionary<string, ProvidedFunction>? _provided;
    private long _lastCallId;
    private HostScriptEngine? _scripts;


    /// <summary>The most calls a host script can read back (<c>host.calls()</c>); older ones are dropped.</summary>
    public const int KeptCalls = 1000;

    private ConcurrentQueue<ApiCallRecord>? _recent;

    public void Provide(string name, ProvidedFunction function)
    {
        if (_provided is null) Interlocked.CompareExchange(ref _provided, new ConcurrentDictionary<string, ProvidedFunction>(StringComparer.Ordinal), null);
        _provided[name] = function;
    }

    /// <summary>Whether the API has a function by that name (set once by the layer that spawns extensions: the kernel does not read the schema).</summary>
    public static Func<string, bool>? IsApiFunction { get; set; }

    /// <summary>
    /// The API permissions and origins the extension holds now: the manifest's at first, then as <c>permissions.request</c>
    /// and <c>permissions.remove</c> change them. Read and written on the extension's turns only.
    /// </summary>
    public GrantedPermissions? Granted { get; set; }

    /// <summary>Where the browser would go when the extension is uninstalled (<c>runtime.setUninstallURL</c>), for the host to read.</summary>
    public string? UninstallUrl { get; set; }

    public ProvidedFunction? Find(string name) => _provided?.GetValueOrDefault(name);

    public bool Records => extension.Options.CallLog?.IsActive == true || _scripts is not null;

    /// <summary>Whether calls are recorded for <paramref name="extension"/>, without making its host part.</summary>
    public static bool RecordsFor(ExtensionKernel extension) =>
        extension.Options.CallLog?.IsActive == true || extension.HostIfAny?._scripts is not null;

    public long NextCallId() => Interlocked.Increment(ref _lastCallId);

    public void Record(ApiCallRecord record)
    {
        extension.Options.CallLog?.Publish(record);
        if (_scripts is null) return;
        if (_recent is null) Interlocked.CompareExchange(ref _recent, new ConcurrentQueue<ApiCallRecord>(), null);
        _recent.Enqueue(record);
        while (_recent.Count > KeptCalls) _recent.TryDequeue(out _);
    }

    public IReadOnlyList<ApiCallRecord> RecentCalls => _recent?.ToArray() ?? [];

    /// <summary>The extension's host-script engine, made on first use.</summary>
    public HostScriptEngine Scripts
    {
        get
        {
            if (_scripts is null) Interlocked.CompareExchange(ref _scripts, new HostScriptEngine(extension), null);
            return _scripts;
        }
    }
}

/// <summary>What an extension holds: API permission names and origin match patterns.</summary>
/// <remarks>
/// Read and written on the extension's turns, except <see cref="OriginsNow"/>: a copy of <see cref="Origins"/> replaced
/// whole by <see cref="Publish"/> after each change, which other threads read (another extension's cookie change).
/// </remarks>
internal sealed class GrantedPermissions
{
    private volatile string[] _originsNow;

    public GrantedPermissions(IEnumerable<string> permissions, IEnumerable<string> origins)
    {
        Permissions = new HashSet<string>(permissions, StringComparer.Ordinal);
        Origins = origins.Distinct(StringComparer.Ordinal).ToList();
        _originsNow = Origins.ToArray();
    }

    public HashSet<string> Permissions { get; }
    public List<string> Origins { get; }

    /// <summary>The origins as of the last <see cref="Publish"/>, for any thread.</summary>
    public IReadOnlyList<string> OriginsNow => _originsNow;

    /// <summary>Makes a change to <see cref="Origins"/> visible to <see cref="OriginsNow"/>.</summary>
    public void Publish() => _originsNow = Origins.ToArray();
}
