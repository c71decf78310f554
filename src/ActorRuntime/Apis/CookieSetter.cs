using System.Text;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>cookies.set</c>, validated as each browser validates it. Chromium (CanonicalCookie::CreateSanitizedCookie): a name
/// or value with a control character or <c>;</c> (or a name with <c>=</c>), both empty, or longer than 4096 bytes; a
/// domain the URL's host is not within; a path not starting with <c>/</c>; Secure or SameSite=None from an insecure URL;
/// the <c>__Secure-</c> and <c>__Host-</c> prefixes — each fails with <c>Failed to parse or set cookie named "..."</c>.
/// Firefox (ext-cookies.js checkSetCookiePermissions): a URL that is not http(s), without host permission, or a domain it
/// is not within fails with <c>Permission denied to set cookie {details}</c>; the default path is the URL's directory with
/// its trailing slash. Both cap the expiry at 400 days; an expiry in the past removes the cookie. The answer is the cookie
/// the URL now gets by that name (Chromium: undefined when none; Firefox: null).
/// </summary>
internal static class CookieSetter
{
    public static JsValue Set(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var flavor = extension.Flavor;
        var chromium = flavor == Flavor.Chrome;
        var details = new CookiesApi.Details(call[0]);
        var urlText = details.String("url") ?? "";
        var name = details.String("name") ?? "";
        Uri? url;
        if (chromium)
        {
            (url, var urlError) = CookiesApi.ChromiumUrl(call, urlText, needsPermission: true);
            if (urlError is not null) return call.Fail(urlError);
        }
        else
        {
            if (details.String("firstPartyDomain") is { Length: > 0 } && details.Partition is { TopLevelSite: not null })
                return call.Fail("Partitioned cookies cannot have a 'firstPartyDomain' attribute.");
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out url)) return call.Fail("An unexpected error occurred");
        }
        if (url is null) return call.Fail($"Invalid url: \"{urlText}\".");
        var (isPrivate, storeError, _) = CookiesApi.Store(call, details, silentWhenUnknown: false);
        if (storeError is not null) return call.Fail(storeError);
        if (!chromium && (url.Scheme is not ("http" or "https") || !CookieViews.HostAccess(CookieViews.Origins(extension), url.AbsoluteUri)))
            return call.Fail("Permission denied to set cookie " + ApiValueJson.Value(call[0], extension.Options.MaxMessageDepth));
        var partition = Partition(details, url, out var partitionError);
        if (partitionError is not null) return call.Fail(partitionError);
        var now = extension.Clock.GetUtcNow();
        var (cookie, problem) = Build(details, url, name, partition, chromium, now);
        if (cookie is null)
        {
            if (chromium) return call.Fail($"Failed to parse or set cookie named \"{name}\".");
            if (problem == PermissionDenied) return call.Fail("Permission denied to set cookie " + ApiValueJson.Value(call[0], extension.Options.MaxMessageDepth));
            // Firefox adds an invalid cookie anyway unless extensions.cookie.rejectWhenInvalid; this runtime does not, and says why.
            extension.Report(new ConsoleEntry(call.Realm.Info.Label, "warn", $"Extension {extension.Package.Id} tried to create an invalid cookie: {problem}"));
            return call.Answer(JsValue.Null);
        }
        var (_, refusal) = extension.Cookies.Set(isPrivate, cookie, now, chromium ? "expired_overwrite" : "explicit");
        if (refusal is not null) return call.Fail(chromium ? $"Failed to parse or set cookie named \"{name}\": {refusal}" : refusal);
        var found = CookiesApi.Find(call, isPrivate, url, name, details);
        if (found is null) return call.Answer(chromium ? JsValue.Undefined : JsValue.Null);
        return call.Answer(CookiesApi.Parse(call, CookieViews.Json(flavor, found, isPrivate)));
    }

    private const string PermissionDenied = "permission denied";

    /// <summary>The cookie the details describe, or why there is none (<see cref="PermissionDenied"/> for Firefox's refusal).</summary>
    private static (StoredCookie? Cookie, string? Problem) Build(CookiesApi.Details details, Uri url, string name, CookiePartition? partition, bool chromium, DateTimeOffset now)
    {
        var value = details.String("value") ?? "";
        var secure = details.Boolean("secure") ?? false;
        var sameSite = details.String("sameSite") ?? "unspecified";
        var host = CookieRules.Host(url);
        if (CookieRules.Forbidden(name) is not null || CookieRules.Forbidden(value) is not null || (chromium && name.Contains('=')))
            return (null, $"cookie \"{OneLineText.Escape(name, 80)}\" has a control character or ';' in its name or value");
        if (chromium && name.Length == 0 && value.Length == 0) return (null, "no name and no value");
        if (Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) > CookieRules.MaxNameValueBytes)
            return (null, $"cookie \"{OneLineText.Escape(name, 80)}\" is larger than {CookieRules.MaxNameValueBytes} bytes");
        var hostOnly = true;
        var domain = host;
        if (details.String("domain") is { Length: > 0 } given)
        {
            domain = (given.Length > 1 ? given.TrimStart('.') : given).ToLowerInvariant().Trim('[', ']');
            var within = domain == host || (CookieRules.DomainMatches(host, domain) && domain.Contains('.'));
            if (!within) return (null, chromium ? "domain" : PermissionDenied);
            hostOnly = CookieRules.IsIpAddress(domain);
        }
        var path = details.String("path");
        if (chromium && path is { Length: > 0 } && path[0] != '/') return (null, "path");
        path = path is { Length: > 0 } ? path : chromium ? CookieRules.DefaultPath(url.AbsolutePath) : Directory(url.AbsolutePath);
        if (chromium)
        {
            var secureUrl = CookieRules.IsSecure(url);
            if ((secure || sameSite == "no_restriction") && !secureUrl) return (null, "insecure");
            if (sameSite == "no_restriction" && !secure) return (null, "SameSite=None without Secure");
            if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !secure) return (null, "prefix");
            if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!secure || !hostOnly || path != "/")) return (null, "prefix");
            if (partition is not null && !secure) return (null, "partitioned without Secure");
        }
        DateTimeOffset? expires = details.Number("expirationDate") is { } seconds ? CookieRules.CapExpiry(CookieRules.FromUnixSeconds(seconds), now) : null;
        return (new StoredCookie
        {
            Name = name,
            Value = value,
            Domain = domain,
            HostOnly = hostOnly,
            Path = path,
            Secure = secure,
            HttpOnly = details.Boolean("httpOnly") ?? false,
            SameSite = sameSite,
            Expires = expires,
            FirstPartyDomain = chromium ? "" : details.String("firstPartyDomain") ?? "",
            Partition = partition,
        }, null);
    }

    /// <summary>Firefox's default path for cookies.set: the URL's directory, with its trailing slash (nsIURL.directory).</summary>
    private static string Directory(string path) => path.Length == 0 ? "/" : path[..(path.LastIndexOf('/') + 1)];

    /// <summary>
    /// The partition a set names: its topLevelSite (scheme and host), with hasCrossSiteAncestor as given or worked out
    /// (the cookie's host is not within the top-level site); an error when the site is no URL.
    /// </summary>
    private static CookiePartition? Partition(CookiesApi.Details details, Uri url, out string? error)
    {
        error = null;
        if (details.Partition is not { } key) return null;
        if (key.TopLevelSite is null)
        {
            if (key.HasCrossSiteAncestor is not null) error = "Invalid value for 'partitionKey' attribute";
            return null;
        }
        if (key.TopLevelSite.Length == 0) return null;
        if (!Uri.TryCreate(key.TopLevelSite, UriKind.Absolute, out var site) || site.Scheme is not ("http" or "https"))
        {
            error = "Invalid value for 'partitionKey' attribute";
            return null;
        }
        var siteHost = CookieRules.Host(site);
        var crossSite = key.HasCrossSiteAncestor ?? !CookieRules.DomainMatches(CookieRules.Host(url), siteHost);
        return new CookiePartition(site.Scheme + "://" + siteHost, crossSite);
    }
}
