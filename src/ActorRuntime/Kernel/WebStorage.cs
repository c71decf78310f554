using System.Text.Json;
using ActorRuntime.Storage;
using Akka.Actor;
using StorageProtocol = ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Kernel;

/// <summary>One change to a Storage area, for the <c>storage</c> events of the other pages that see it (a clear has no key).</summary>
internal sealed record WebStorageChange(WebStorageArea Area, string? Key, string? OldValue, string? NewValue, string Url, ContextRealm Source);

/// <summary>
/// The items of one Storage area (a <c>localStorage</c> or a <c>sessionStorage</c>), shared by every page that sees it
/// and read and written synchronously, as browsers do, on the extension's turn. Keys keep the order they were first set
/// in (what <c>key(i)</c> walks). The area holds at most <see cref="QuotaUnits"/> UTF-16 code units of keys and values,
/// the 5 MiB per origin browsers allow; a write past it is refused whole. A durable area also remembers what changed
/// since it was last saved (<see cref="TakeChanges"/>).
/// </summary>
/// <remarks>Touched only by the turn holder, except <see cref="Load"/>, which runs before any context exists.</remarks>
internal sealed class WebStorageArea(bool durable)
{
    /// <summary>5 MiB of UTF-16 code units (keys plus values), as Firefox and Chromium count an origin's quota.</summary>
    public const long QuotaUnits = 5 * 1024 * 1024;

    private readonly OrderedDictionary<string, string> _items = new(StringComparer.Ordinal);
    private long _used;

    // What changed since the last save: a key's value, or null when it was removed; and whether the area was cleared first.
    private Dictionary<string, string?>? _unsaved;
    private bool _clearedSinceSave;

    /// <summary>Whether changes are saved in the extension's storage (the extension's own <c>localStorage</c>, once read from it).</summary>
    public bool Durable { get; set; } = durable;

    public int Count => _items.Count;

    public string? Key(int index) => index >= 0 && index < _items.Count ? _items.GetAt(index).Key : null;

    public string? Get(string key) => _items.TryGetValue(key, out var value) ? value : null;

    public bool Contains(string key) => _items.ContainsKey(key);

    public IEnumerable<string> Keys => _items.Keys;

    /// <summary>Whether <paramref name="value"/> under <paramref name="key"/> would fit the quota.</summary>
    public bool Fits(string key, string value)
    {
        var freed = _items.TryGetValue(key, out var old) ? key.Length + old.Length : 0;
        return _used - freed + key.Length + value.Length <= QuotaUnits;
    }

    /// <summary>Sets an item (the caller checked <see cref="Fits"/>); the value it replaced, and whether anything changed.</summary>
    public (bool Changed, string? Old) Set(string key, string value)
    {
        if (_items.TryGetValue(key, out var old))
        {
            if (old == value) return (false, old);
            _used += value.Length - old.Length;
            _items[key] = value;
        }
        else
        {
            _used += key.Length + value.Length;
            _items.Add(key, value);
        }
        MarkUnsaved(key, value);
        return (true, old);
    }

    public (bool Changed, string? Old) Remove(string key)
    {
        if (!_items.Remove(key, out var old)) return (false, null);
        _used -= key.Length + old.Length;
        MarkUnsaved(key, null);
        return (true, old);
    }

    /// <summary>Empties the area; false when it was empty already.</summary>
    public bool Clear()
    {
        if (_items.Count == 0) return false;
        _items.Clear();
        _used = 0;
        if (Durable)
        {
            _unsaved?.Clear();
            _clearedSinceSave = true;
        }
        return true;
    }

    private void MarkUnsaved(string key, string? value)
    {
        if (Durable) (_unsaved ??= new(StringComparer.Ordinal))[key] = value;
    }

    /// <summary>Items read back from the extension's storage (key to JSON string), before any page can see the area.</summary>
    public void Load(IReadOnlyDictionary<string, string> stored)
    {
        foreach (var (key, json) in stored)
        {
            string? value;
            try
            {
                value = JsonSerializer.Deserialize<string>(json);
            }
            catch (JsonException)
            {
                continue;
            }
            if (value is null || !Fits(key, value)) continue;
            _items[key] = value;
            _used += key.Length + value.Length;
        }
    }

    /// <summary>
    /// The storage requests that save what changed since the last call, in order (a clear, the removals, the values set),
    /// or none; values travel as JSON strings, as the extension's storage keeps every value.
    /// </summary>
    public IReadOnlyList<StorageProtocol.StorageRequest> TakeChanges()
    {
        if (!_clearedSinceSave && (_unsaved is null || _unsaved.Count == 0)) return [];
        var requests = new List<StorageProtocol.StorageRequest>();
        if (_clearedSinceSave) requests.Add(new StorageProtocol.Clear(StorageQuotas.WebLocal));
        if (_unsaved is { Count: > 0 } unsaved)
        {
            var removed = unsaved.Where(p => p.Value is null).Select(p => p.Key).ToList();
            if (removed.Count > 0 && !_clearedSinceSave) requests.Add(new StorageProtocol.Remove(StorageQuotas.WebLocal, removed));
            var set = unsaved.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => JsonSerializer.Serialize(p.Value), StringComparer.Ordinal);
            if (set.Count > 0) requests.Add(new StorageProtocol.Set(StorageQuotas.WebLocal, set));
            unsaved.Clear();
        }
        _clearedSinceSave = false;
        return requests;
    }
}

/// <summary>
/// The Web Storage of one extension's pages (<c>localStorage</c>, <c>sessionStorage</c>), kept in the kernel so that every
/// page reads and writes it synchronously, as browsers let them.
/// <list type="bullet">
/// <item>The extension's origin: one <c>localStorage</c> for all its pages, read from the extension's storage before its
/// first context runs (<see cref="LoadLocal"/>, by the supervisor's start) and saved through it after every turn that changed
/// it (<see cref="SaveChanges"/>: the extension is not settled until the storage has answered); one
/// <c>sessionStorage</c>, in memory for as long as the extension is loaded (browsers keep one per tab; all pages of an
/// extension share this one).</item>
/// <item>Pages in a private window get their own pair, in memory only, as private browsing keeps them (Firefox; Chromium's
/// split mode), except in a spanning Chromium extension, whose pages all run in its one regular profile.</item>
/// <item>Content scripts see the storage of their tab's web page: a <c>localStorage</c> per origin and a
/// <c>sessionStorage</c> per tab and origin, in memory for as long as the extension is loaded.</item>
/// </list>
/// </summary>
/// <remarks>Touched only by the turn holder, except <see cref="LoadLocal"/>, which runs before any context exists.</remarks>
internal sealed class WebStorage(ExtensionKernel extension)
{
    private WebStorageArea? _local;
    private WebStorageArea? _session;
    private WebStorageArea? _privateLocal;
    private WebStorageArea? _privateSession;
    private Dictionary<string, WebStorageArea>? _pages;
    private bool _localDurable;

    /// <summary>The extension's <c>localStorage</c> as its storage holds it; with <paramref name="durable"/> false (the storage could not be read) it is kept in memory only.</summary>
    public void LoadLocal(IReadOnlyDictionary<string, string>? stored, bool durable)
    {
        _localDurable = durable;
        if (stored is { Count: > 0 }) Local.Load(stored);
    }

    private WebStorageArea Local => _local ??= new WebStorageArea(_localDurable);

    /// <summary>
    /// The area a context sees as <c>localStorage</c> (<paramref name="local"/>) or <c>sessionStorage</c>; null when its
    /// document's origin is opaque (a web page that is not http, https or file), where browsers refuse access.
    /// </summary>
    public WebStorageArea? For(ContextInfo context, bool local)
    {
        if (context.IsExtensionPage)
            return context.IsPrivate && SeparatePrivatePages
                ? local ? _privateLocal ??= new(false) : _privateSession ??= new(false)
                : local ? Local : _session ??= new(false);
        if (OriginOf(context.Url) is not { } origin) return null;
        var key = (context.IsPrivate ? "private " : "") + (local ? origin : $"tab {context.TabId} {origin}");
        _pages ??= new(StringComparer.Ordinal);
        if (!_pages.TryGetValue(key, out var area)) _pages[key] = area = new WebStorageArea(false);
        return area;
    }

    /// <summary>
    /// Whether an extension's pages in a private window have storage of their own: in Firefox (private browsing is another
    /// partition of every origin) and in Chromium's split mode (another profile); a spanning Chromium extension runs its
    /// private windows' pages in its one regular profile.
    /// </summary>
    private bool SeparatePrivatePages => extension.Flavor != Flavor.Chrome || extension.Manifest.Incognito == Manifest.IncognitoMode.Split;

    /// <summary>A web page's origin (scheme, host, port), or null when it is opaque.</summary>
    public static string? OriginOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        return uri.Scheme switch
        {
            "http" or "https" or "ws" or "wss" or "ftp" => $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}",
            "file" => "file://",
            _ => null,
        };
    }

    /// <summary>Tells every other page (another document) that sees <paramref name="change"/>'s area (its <c>storage</c> event).</summary>
    public void Broadcast(WebStorageChange change, bool local)
    {
        // One event per other window: a tab's web page and its content scripts share one (their listeners are the
        // document's), so a change by either is no event there, and another's reaches that window once.
        HashSet<object>? told = null;
        foreach (var realm in extension.Realms)
        {
            if (ReferenceEquals(realm, change.Source) || realm.IsDead || realm.OnWebStorageChange is not { } listener) continue;
            if (realm.Document is { } document && (ReferenceEquals(document, change.Source.Document) || !(told ??= new(ReferenceEqualityComparer.Instance)).Add(document))) continue;
            if (ReferenceEquals(For(realm.Info, local), change.Area)) listener(change, local);
        }
    }

    /// <summary>
    /// After a turn: what the extension's <c>localStorage</c> changed goes to its storage, through the supervisor, and counts
    /// as the extension's work until the storage has it.
    /// </summary>
    public void SaveChanges()
    {
        if (_local is not { Durable: true } local) return;
        var requests = local.TakeChanges();
        if (requests.Count == 0) return;
        extension.Work.Send(extension.Supervisor, new SupervisorSignals.SaveWebStorage(requests), ActorRefs.NoSender);
    }
}
