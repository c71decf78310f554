using System.Text;
using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Akka.Actor;

namespace ActorRuntime.Apis;

/// <summary>
/// How an extension sees the cookie jar in its flavour: the store ids (Firefox's <c>firefox-default</c> and
/// <c>firefox-private</c>, Chromium's <c>"0"</c> and <c>"1"</c>), which cookies its host permissions let it see, and the
/// <c>Cookie</c> objects the API gives (Firefox adds <c>firstPartyDomain</c> and a null <c>partitionKey</c>).
/// </summary>
internal static class CookieViews
{
    public static string StoreId(Flavor flavor, bool isPrivate) => flavor == Flavor.Chrome ? isPrivate ? "1" : "0" : isPrivate ? "firefox-private" : "firefox-default";

    /// <summary>Whether a store id names the private store, or null when it names no store of the flavour.</summary>
    public static bool? IsPrivateStore(Flavor flavor, string storeId) =>
        storeId == StoreId(flavor, false) ? false : storeId == StoreId(flavor, true) ? true : null;

    /// <summary>The extension may use the private store: it runs in private windows.</summary>
    public static bool AllowsPrivate(ExtensionKernel extension) => BackgroundPagePolicy.RunsInPrivateWindows(extension.Flavor, extension.Manifest);

    /// <summary>The origins the extension holds now, read on its turn.</summary>
    public static IReadOnlyList<string> Origins(ExtensionKernel extension) => extension.HostIfAny?.Granted?.Origins ?? extension.Manifest.HostPermissions;

    /// <summary>Whether a host permission matches <paramref name="url"/>.</summary>
    public static bool HostAccess(IReadOnlyList<string> origins, string url) => origins.Any(pattern => MatchPattern.Matches(pattern, url));

    /// <summary>
    /// Whether the extension's host permissions let it see a cookie. Chromium: a permission for the cookie's URL
    /// (<c>http(s)://domain/path</c>). Firefox (MatchPattern::MatchesCookie): a pattern whose schemes include https (or http
    /// for a cookie that is not Secure) and whose host is the cookie's, or for a domain cookie a host within its domain.
    /// </summary>
    public static bool Sees(Flavor flavor, IReadOnlyList<string> origins, StoredCookie cookie)
    {
        if (flavor == Flavor.Chrome)
        {
            var url = (cookie.Secure ? "https://" : "http://") + (cookie.Domain.Contains(':') ? "[" + cookie.Domain + "]" : cookie.Domain) + cookie.Path;
            return HostAccess(origins, url);
        }
        return origins.Any(pattern => FirefoxPatternSees(pattern, cookie));
    }

    private static bool FirefoxPatternSees(string pattern, StoredCookie cookie)
    {
        if (pattern == "<all_urls>") return true;
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return false;
        var scheme = pattern[..schemeEnd];
        bool https = scheme is "*" or "https", http = scheme is "*" or "http";
        if (!https && (cookie.Secure || !http)) return false;
        var rest = pattern[(schemeEnd + 3)..];
        var host = rest.Split('/')[0].ToLowerInvariant();
        if (host == "*") return true;
        var subdomains = host.StartsWith("*.", StringComparison.Ordinal);
        var domain = subdomains ? host[2..] : host;
        if (cookie.Domain == domain || (subdomains && cookie.Domain.EndsWith("." + domain, StringComparison.Ordinal))) return true;
        // A domain cookie is readable by any host within its domain the extension may reach.
        return !cookie.HostOnly && domain.EndsWith("." + cookie.Domain, StringComparison.Ordinal);
    }

    /// <summary>A cookie as the flavour's <c>cookies.Cookie</c>, as JSON.</summary>
    public static string Json(Flavor flavor, StoredCookie cookie, bool isPrivate)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, flavor, cookie, isPrivate);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, Flavor flavor, StoredCookie cookie, bool isPrivate)
    {
        writer.WriteStartObject();
        writer.WriteString("name", cookie.Name);
        writer.WriteString("value", cookie.Value);
        writer.WriteString("domain", cookie.Domain.Contains(':') ? "[" + cookie.Domain + "]" : cookie.DisplayDomain);
        writer.WriteBoolean("hostOnly", cookie.HostOnly);
        writer.WriteString("path", cookie.Path);
        writer.WriteBoolean("secure", cookie.Secure);
        writer.WriteBoolean("httpOnly", cookie.HttpOnly);
        writer.WriteString("sameSite", cookie.SameSite);
        writer.WriteBoolean("session", cookie.IsSession);
        if (flavor != Flavor.Chrome)
        {
            writer.WriteString("firstPartyDomain", cookie.FirstPartyDomain);
            writer.WritePropertyName("partitionKey");
            WritePartition(writer, cookie.Partition);
        }
        if (cookie.Expires is { } expires) writer.WriteNumber("expirationDate", (expires - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond);
        writer.WriteString("storeId", StoreId(flavor, isPrivate));
        if (flavor == Flavor.Chrome && cookie.Partition is { } partition)
        {
            writer.WritePropertyName("partitionKey");
            WritePartition(writer, partition);
        }
        writer.WriteEndObject();
    }

    public static void WritePartition(Utf8JsonWriter writer, CookiePartition? partition)
    {
        if (partition is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("topLevelSite", partition.TopLevelSite);
        writer.WriteBoolean("hasCrossSiteAncestor", partition.HasCrossSiteAncestor);
        writer.WriteEndObject();
    }

    /// <summary>Hears the jar for <paramref name="extension"/> when it may use cookies (now, or once an optional permission is granted).</summary>
    public static void Observe(ExtensionKernel extension)
    {
        var manifest = extension.Manifest;
        if (!manifest.Permissions.Contains("cookies") && !manifest.OptionalPermissions.Contains("cookies")) return;
        var observer = new Observer(extension);
        extension.CookieObserver = observer;
        extension.Cookies.Observe(observer);
    }

    /// <summary>
    /// Fires <c>cookies.onChanged</c> in the extension (waking a suspended event page that listened) for a change it may
    /// see: a cookie its host permissions cover, of the private store only when it runs in private windows.
    /// </summary>
    private sealed class Observer(ExtensionKernel extension) : ICookieObserver
    {
        public void CookieChanged(CookieChange change)
        {
            var supervisor = extension.Supervisor;
            if (supervisor.Equals(ActorRefs.Nobody)) return;
            if (change.IsPrivate && !AllowsPrivate(extension)) return;
            // Another extension's thread: the origins as last published, never the list its turns change.
            var origins = extension.HostIfAny?.Granted?.OriginsNow ?? extension.Manifest.HostPermissions;
            if (!Sees(extension.Flavor, origins, change.Cookie)) return;
            var json = $"[{{\"removed\":{(change.Removed ? "true" : "false")},\"cookie\":{Json(extension.Flavor, change.Cookie, change.IsPrivate)},\"cause\":\"{change.Cause}\"}}]";
            extension.Work.Send(supervisor, new SupervisorSignals.FireFromHost("cookies.onChanged", json));
        }
    }
}
