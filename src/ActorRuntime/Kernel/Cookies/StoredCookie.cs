namespace ActorRuntime.Kernel;

/// <summary>A partitioned cookie's key: the top-level site it was set under (CHIPS), as the cookies API shows it.</summary>
internal sealed record CookiePartition(string TopLevelSite, bool HasCrossSiteAncestor);

/// <summary>
/// One cookie as a <see cref="CookieJar"/> keeps it: RFC 6265's storage model, with the attributes the cookies API shows
/// (<c>sameSite</c>, Firefox's <c>firstPartyDomain</c>, the partition key). Immutable: a change is a new cookie.
/// </summary>
internal sealed record StoredCookie
{
    public required string Name { get; init; }
    public required string Value { get; init; }

    /// <summary>The host it was set by (host-only) or the domain it was set for, lower case, without a leading dot.</summary>
    public required string Domain { get; init; }

    /// <summary>Sent only to exactly <see cref="Domain"/> (no <c>Domain</c> attribute was given).</summary>
    public required bool HostOnly { get; init; }

    public required string Path { get; init; }
    public bool Secure { get; init; }
    public bool HttpOnly { get; init; }

    /// <summary>The cookies API's value: <c>unspecified</c>, <c>no_restriction</c>, <c>lax</c> or <c>strict</c>.</summary>
    public string SameSite { get; init; } = "unspecified";

    /// <summary>When it expires; null for a session cookie (gone with the browser session).</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Firefox's first-party isolation key ("" when none).</summary>
    public string FirstPartyDomain { get; init; } = "";

    public CookiePartition? Partition { get; init; }

    /// <summary>When it was first stored (a replacement keeps the time of the cookie it replaced, as RFC 6265 says).</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>The order cookies were created in, for cookies created at the same instant.</summary>
    public long Sequence { get; init; }

    public bool IsSession => Expires is null;

    public bool IsExpired(DateTimeOffset now) => Expires is { } expires && expires <= now;

    /// <summary>The same cookie for the jar: name, domain (and whether it is host-only), path, partition and first party.</summary>
    public bool SameIdentity(StoredCookie other) =>
        Name == other.Name && Domain == other.Domain && HostOnly == other.HostOnly && Path == other.Path
        && FirstPartyDomain == other.FirstPartyDomain && Partition == other.Partition;

    /// <summary>The domain as browsers show it: a domain cookie's with a leading dot.</summary>
    public string DisplayDomain => HostOnly || CookieRules.IsIpAddress(Domain) ? Domain : "." + Domain;

    /// <summary>Name and value as a request's <c>Cookie</c> header carries them (a cookie without a name is its value alone).</summary>
    public string HeaderPair => Name.Length == 0 ? Value : Name + "=" + Value;
}

/// <summary>One change to a jar, as <c>cookies.onChanged</c> reports it (<c>cause</c>: explicit, overwrite, expired, ...).</summary>
internal sealed record CookieChange(bool IsPrivate, StoredCookie Cookie, bool Removed, string Cause);

/// <summary>Who hears a jar's changes (an extension that may see cookies): called on the thread that made the change.</summary>
internal interface ICookieObserver
{
    void CookieChanged(CookieChange change);
}
