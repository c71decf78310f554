namespace ActorRuntime.Kernel;

/// <summary>
/// The cookies of one browser: a store for the regular profile and one for the private profile, shared by the extensions
/// of one runtime (<see cref="RuntimeOptions.Cookies"/>) and by the requests their pages make. Expired cookies are removed
/// as the jar is next used (reported with cause <c>expired</c>). Every change is told to the observers (extensions that may
/// see cookies), after the jar's lock is released.
/// </summary>
/// <remarks>
/// Thread-safety: extensions run on different threads; every read and write takes the jar's one lock, and nothing is called
/// under it. Observers are held weakly (an unloaded extension is not kept alive by the jar) and called on the thread that
/// made the change.
/// </remarks>
internal sealed class CookieJar(int maxCookies)
{
    private readonly object _gate = new();
    private readonly List<StoredCookie> _regular = new();
    private readonly List<StoredCookie> _private = new();
    private readonly List<WeakReference<ICookieObserver>> _observers = new();
    private long _sequence;

    /// <summary>The most cookies the jar holds, both profiles together (<c>actorruntime.cookies.max-cookies</c>).</summary>
    public int MaxCookies { get; } = maxCookies;

    public int Count
    {
        get
        {
            lock (_gate) return _regular.Count + _private.Count;
        }
    }

    /// <summary>Tells <paramref name="observer"/> every change from now on, for as long as something else keeps it alive.</summary>
    public void Observe(ICookieObserver observer)
    {
        lock (_gate)
        {
            _observers.RemoveAll(w => !w.TryGetTarget(out _));
            _observers.Add(new WeakReference<ICookieObserver>(observer));
        }
    }

    /// <summary>The live cookies of a profile that <paramref name="match"/> accepts, in the order they are sent.</summary>
    public IReadOnlyList<StoredCookie> Query(bool isPrivate, DateTimeOffset now, Func<StoredCookie, bool> match)
    {
        var changes = new List<CookieChange>();
        List<StoredCookie> found;
        lock (_gate)
        {
            Purge(isPrivate, now, changes);
            found = Store(isPrivate).Where(match).ToList();
        }
        Publish(changes);
        found.Sort(CookieRules.Order);
        return found;
    }

    /// <summary>
    /// Stores <paramref name="cookie"/>, replacing the cookie with the same identity; an already expired cookie only removes
    /// that one. The stored cookie (null when it was expired), or the refusal when the jar is full.
    /// </summary>
    /// <param name="expiredCause">The cause an expired cookie's removal of the old one is reported with (Firefox: explicit; Chromium: expired_overwrite).</param>
    public (StoredCookie? Stored, string? Refusal) Set(bool isPrivate, StoredCookie cookie, DateTimeOffset now, string expiredCause = "expired_overwrite")
    {
        var changes = new List<CookieChange>();
        StoredCookie? stored = null;
        string? refusal = null;
        lock (_gate)
        {
            Purge(isPrivate, now, changes);
            var store = Store(isPrivate);
            var index = store.FindIndex(c => c.SameIdentity(cookie));
            var old = index >= 0 ? store[index] : null;
            if (cookie.IsExpired(now))
            {
                if (old is not null)
                {
                    store.RemoveAt(index);
                    changes.Add(new CookieChange(isPrivate, old, true, expiredCause));
                }
            }
            else if (old is null && _regular.Count + _private.Count >= MaxCookies)
                refusal = $"the cookie jar holds {MaxCookies} cookies already (actorruntime.cookies.max-cookies)";
            else
            {
                stored = cookie with { Created = old?.Created ?? now, Sequence = old?.Sequence ?? ++_sequence };
                if (old is not null)
                {
                    store[index] = stored;
                    changes.Add(new CookieChange(isPrivate, old, true, "overwrite"));
                }
                else store.Add(stored);
                changes.Add(new CookieChange(isPrivate, stored, false, "explicit"));
            }
        }
        Publish(changes);
        return (stored, refusal);
    }

    /// <summary>Removes the live cookies <paramref name="match"/> accepts (only the first in sending order with <paramref name="firstOnly"/>); what was removed.</summary>
    public IReadOnlyList<StoredCookie> Remove(bool isPrivate, DateTimeOffset now, Func<StoredCookie, bool> match, bool firstOnly = false)
    {
        var changes = new List<CookieChange>();
        var removed = new List<StoredCookie>();
        lock (_gate)
        {
            Purge(isPrivate, now, changes);
            var store = Store(isPrivate);
            var matching = store.Where(match).ToList();
            matching.Sort(CookieRules.Order);
            foreach (var cookie in firstOnly ? matching.Take(1) : matching)
            {
                store.Remove(cookie);
                removed.Add(cookie);
                changes.Add(new CookieChange(isPrivate, cookie, true, "explicit"));
            }
        }
        Publish(changes);
        return removed;
    }

    /// <summary>The <c>Cookie</c> header a request to <paramref name="url"/> carries, or null when no cookie goes with it.</summary>
    public string? HeaderFor(bool isPrivate, Uri url, DateTimeOffset now)
    {
        if (!CookieRules.IsCookieUrl(url)) return null;
        // Partitioned and first-party-isolated cookies belong to their top-level site: a request of an extension has none.
        var cookies = Query(isPrivate, now, c => c.Partition is null && c.FirstPartyDomain.Length == 0 && CookieRules.SentTo(c, url));
        return cookies.Count == 0 ? null : string.Join("; ", cookies.Select(c => c.HeaderPair));
    }

    /// <summary>
    /// Stores what the <c>Set-Cookie</c> headers of a response from <paramref name="url"/> set, as a browser does; each header
    /// that sets nothing is given to <paramref name="ignored"/> with the reason.
    /// </summary>
    public void SetFromResponse(bool isPrivate, Uri url, IEnumerable<string> setCookieHeaders, DateTimeOffset now, Action<string> ignored)
    {
        if (!CookieRules.IsCookieUrl(url)) return;
        foreach (var header in setCookieHeaders)
        {
            var (cookie, problem) = SetCookieHeader.Parse(header, url, now);
            if (cookie is null)
            {
                ignored(problem!);
                continue;
            }
            if (Set(isPrivate, cookie, now).Refusal is { } refusal) ignored(refusal);
        }
    }

    private List<StoredCookie> Store(bool isPrivate) => isPrivate ? _private : _regular;

    /// <summary>Removes the profile's expired cookies (under the lock), reporting each as expired.</summary>
    private void Purge(bool isPrivate, DateTimeOffset now, List<CookieChange> changes)
    {
        var store = Store(isPrivate);
        for (var i = store.Count - 1; i >= 0; i--)
        {
            if (!store[i].IsExpired(now)) continue;
            changes.Add(new CookieChange(isPrivate, store[i], true, "expired"));
            store.RemoveAt(i);
        }
    }

    private void Publish(List<CookieChange> changes)
    {
        if (changes.Count == 0) return;
        List<ICookieObserver> observers;
        lock (_gate) observers = _observers.Select(w => w.TryGetTarget(out var o) ? o : null).OfType<ICookieObserver>().ToList();
        foreach (var change in changes)
            foreach (var observer in observers) observer.CookieChanged(change);
    }
}
