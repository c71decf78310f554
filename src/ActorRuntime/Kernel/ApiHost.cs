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
/// scripts' <c>host.provide</c>), which answer before the runtime's own, the calls recorded for host scripts to read, and
/// what the extension keeps of the browser's UI (its menu items, its notifications). Each part is made on first use.
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
    public GrantedPermissions? Granted
    {
        get => Volatile.Read(ref _granted);
        set => Volatile.Write(ref _granted, value);
    }

    private GrantedPermissions? _granted;

    private volatile string? _idleState;

    /// <summary>The user's idle state as the host last fired it (<c>idle.onStateChanged</c>): "active" until then.</summary>
    public string IdleState
    {
        get => _idleState ?? "active";
        set => _idleState = value;
    }

    private volatile IReadOnlyDictionary<string, string>? _managedStorage;

    /// <summary>The policy <c>storage.managed</c> answers from (<c>host.setManagedStorage</c>): each key's value as JSON; null until given.</summary>
    public IReadOnlyDictionary<string, string>? ManagedStorage
    {
        get => _managedStorage;
        set => _managedStorage = value;
    }

    /// <summary>Where the browser would go when the extension is uninstalled (<c>runtime.setUninstallURL</c>), for the host to read.</summary>
    public string? UninstallUrl { get; set; }

    private MenuTree? _menus;
    private NotificationCenter? _notifications;

    /// <summary>The extension's menu items, made when it first creates one (kept through suspensions, as browsers keep them).</summary>
    public MenuTree Menus
    {
        get
        {
            if (_menus is null) Interlocked.CompareExchange(ref _menus, new MenuTree(), null);
            return _menus;
        }
    }

    /// <summary>The menu items if the extension ever made any (a query never makes them).</summary>
    public MenuTree? MenusIfAny => Volatile.Read(ref _menus);

    /// <summary>The notifications the extension shows, made when it first creates one.</summary>
    public NotificationCenter Notifications
    {
        get
        {
            if (_notifications is null) Interlocked.CompareExchange(ref _notifications, new NotificationCenter(), null);
            return _notifications;
        }
    }

    public NotificationCenter? NotificationsIfAny => Volatile.Read(ref _notifications);

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

/// <summary>
/// What an extension holds: API permission names and origin match patterns. Never changed once made (the permissions API
/// replaces it whole), so the supervisor may read it for tab privacy while a context's turn replaces it.
/// </summary>
internal sealed class GrantedPermissions(IEnumerable<string> permissions, IEnumerable<string> origins)
{
    public IReadOnlySet<string> Permissions { get; } = new HashSet<string>(permissions, StringComparer.Ordinal);
    public IReadOnlyList<string> Origins { get; } = origins.Distinct(StringComparer.Ordinal).ToArray();

    public GrantedPermissions With(IEnumerable<string> permissions, IEnumerable<string> origins) =>
        new(Permissions.Concat(permissions), Origins.Concat(origins));

    public GrantedPermissions Without(IReadOnlyCollection<string> permissions, IReadOnlyCollection<string> origins) =>
        new(Permissions.Where(p => !permissions.Contains(p)), Origins.Where(o => !origins.Contains(o)));

    /// <summary>The origins, for any thread (the whole object is never changed: another extension's cookie change reads it).</summary>
    public IReadOnlyList<string> OriginsNow => Origins;
}
