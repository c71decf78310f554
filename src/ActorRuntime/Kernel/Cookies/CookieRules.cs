using System.Net;

namespace ActorRuntime.Kernel;

/// <summary>RFC 6265's matching rules (section 5.1.3 domain matching, 5.1.4 paths) and the limits browsers put on cookies.</summary>
internal static class CookieRules
{
    /// <summary>The most bytes a cookie's name and value may take together (RFC 6265bis; Chromium and Firefox refuse more).</summary>
    public const int MaxNameValueBytes = 4096;

    /// <summary>The longest an expiry may reach into the future (RFC 6265bis: 400 days; Chromium and Firefox cap it so).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(400);

    public static bool IsIpAddress(string host) =>
        host.Contains(':') || (host.Length > 0 && char.IsAsciiDigit(host[^1]) && IPAddress.TryParse(host, out _));

    /// <summary>Whether <paramref name="host"/> is <paramref name="domain"/> or one of its subdomains (never for an IP address).</summary>
    public static bool DomainMatches(string host, string domain) =>
        host == domain || (!IsIpAddress(host) && host.Length > domain.Length && host.EndsWith(domain, StringComparison.Ordinal) && host[^(domain.Length + 1)] == '.');

    /// <summary>Whether a cookie is sent to (and readable from) <paramref name="host"/>.</summary>
    public static bool SentToHost(StoredCookie cookie, string host) => cookie.HostOnly ? host == cookie.Domain : DomainMatches(host, cookie.Domain);

    /// <summary>Whether a cookie with <paramref name="cookiePath"/> is sent with a request for <paramref name="requestPath"/>.</summary>
    public static bool PathMatches(string requestPath, string cookiePath)
    {
        if (requestPath == cookiePath) return true;
        if (!requestPath.StartsWith(cookiePath, StringComparison.Ordinal)) return false;
        return cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/';
    }

    /// <summary>The directory of a URL's path, without its trailing slash (RFC 6265 5.1.4's default-path).</summary>
    public static string DefaultPath(string uriPath)
    {
        if (uriPath.Length == 0 || uriPath[0] != '/') return "/";
        var last = uriPath.LastIndexOf('/');
        return last == 0 ? "/" : uriPath[..last];
    }

    /// <summary>
    /// Whether a request to <paramref name="url"/> is secure for cookies: https and wss, and the loopback hosts browsers treat
    /// as potentially trustworthy (http://localhost may set and read Secure cookies).
    /// </summary>
    public static bool IsSecure(Uri url) =>
        url.Scheme is "https" or "wss" || (url.Scheme is "http" or "ws" && (url.Host is "localhost" or "127.0.0.1" or "[::1]" || url.Host.EndsWith(".localhost", StringComparison.Ordinal)));

    /// <summary>Whether a cookie goes with a request to <paramref name="url"/> (an http(s) or ws(s) URL): domain, path and Secure.</summary>
    public static bool SentTo(StoredCookie cookie, Uri url) =>
        SentToHost(cookie, Host(url)) && PathMatches(url.AbsolutePath, cookie.Path) && (!cookie.Secure || IsSecure(url));

    /// <summary>A URL's host as cookies name it: lower case, an IPv6 address without its brackets.</summary>
    public static string Host(Uri url) => url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.Host.ToLowerInvariant();

    /// <summary>Whether cookies apply to the URL at all: http, https, ws and wss.</summary>
    public static bool IsCookieUrl(Uri url) => url.Scheme is "http" or "https" or "ws" or "wss";

    /// <summary>
    /// The expiry a cookie may have: capped at <see cref="MaxLifetime"/> from <paramref name="now"/>; a date far in the past is
    /// kept as it is (an expired cookie).
    /// </summary>
    public static DateTimeOffset CapExpiry(DateTimeOffset expires, DateTimeOffset now) => expires - now > MaxLifetime ? now + MaxLifetime : expires;

    /// <summary>Seconds since the epoch as a date, clamped to what a date can hold.</summary>
    public static DateTimeOffset FromUnixSeconds(double seconds)
    {
        if (double.IsNaN(seconds)) return DateTimeOffset.UnixEpoch;
        var ticks = seconds * TimeSpan.TicksPerSecond;
        if (ticks >= (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks) return DateTimeOffset.MaxValue;
        if (ticks <= (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).Ticks) return DateTimeOffset.MinValue;
        return DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }

    /// <summary>The order cookies are listed and sent in: longest path first, then the earliest created (RFC 6265 5.4).</summary>
    public static int Order(StoredCookie a, StoredCookie b)
    {
        var byPath = b.Path.Length.CompareTo(a.Path.Length);
        if (byPath != 0) return byPath;
        var byTime = a.Created.CompareTo(b.Created);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }

    /// <summary>A character a cookie's name or value may not hold (control characters and ';'), or null.</summary>
    public static char? Forbidden(string text)
    {
        foreach (var c in text)
            if (c < 0x20 && c != '\t' || c == 0x7f || c == ';') return c;
        return null;
    }
}
