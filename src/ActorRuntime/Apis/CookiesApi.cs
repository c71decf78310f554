using System.Text;
using System.Text.Json;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>cookies</c> over the browser's cookie jar (<see cref="CookieJar"/>, the runtime's, shared by its extensions and the
/// requests of their pages): <c>get</c>, <c>getAll</c>, <c>set</c>, <c>remove</c>, <c>getAllCookieStores</c>, and
/// <c>onChanged</c> (fired by <see cref="CookieViews.Observe"/>). Host permissions are enforced as each browser does:
/// Chromium refuses a URL the extension has no permission for (<c>No host permissions for cookies at url: "..."</c>);
/// Firefox leaves such cookies out (get answers null) and refuses to set them (<c>Permission denied to set cookie ...</c>).
/// </summary>
internal static class CookiesApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["cookies.get"] = new() { Function = Get };
        registry["cookies.getAll"] = new() { Function = GetAll };
        registry["cookies.set"] = new() { Function = CookieSetter.Set };
        registry["cookies.remove"] = new() { Function = Remove };
        registry["cookies.getAllCookieStores"] = new() { Function = GetAllCookieStores };
    }

    /// <summary>A call's <c>details</c>, read.</summary>
    internal sealed class Details(JsValue value)
    {
        private readonly ObjectInstance? _object = value as ObjectInstance;

        public bool Has(string key) => _object?.HasProperty(key) == true;

        public JsValue this[string key] => _object?.Get(key) ?? JsValue.Undefined;

        public string? String(string key) => this[key] is { } v && v.IsString() ? v.AsString() : null;

        public bool? Boolean(string key) => this[key] is { } v && v.IsBoolean() ? v.AsBoolean() : null;

        public double? Number(string key) => this[key] is { } v && v.IsNumber() ? v.AsNumber() : null;

        /// <summary>partitionKey: absent (null), or its topLevelSite (null when not given) and hasCrossSiteAncestor.</summary>
        public (string? TopLevelSite, bool? HasCrossSiteAncestor)? Partition =>
            this["partitionKey"] is ObjectInstance key
                ? (key.Get("topLevelSite") is var site && site.IsString() ? site.AsString() : null,
                   key.Get("hasCrossSiteAncestor") is var cross && cross.IsBoolean() ? cross.AsBoolean() : null)
                : null;
    }

    /// <summary>The store a call names (its <c>storeId</c>, else the calling context's), or the error: null store with null error when Firefox answers nothing.</summary>
    internal static (bool IsPrivate, string? Error, bool Silent) Store(ApiCall call, Details details, bool silentWhenUnknown)
    {
        var extension = call.Realm.Extension;
        var chromium = extension.Flavor == Flavor.Chrome;
        var isPrivate = call.Realm.Info.IsPrivate;
        if (details.String("storeId") is { } storeId)
        {
            if (CookieViews.IsPrivateStore(extension.Flavor, storeId) is not { } named || (named && chromium && !CookieViews.AllowsPrivate(extension)))
                return (false, chromium ? $"Invalid cookie store id: \"{storeId}\"." : $"Invalid cookie store id: \"{storeId}\"", !chromium && silentWhenUnknown);
            isPrivate = named;
        }
        if (isPrivate && !chromium && !CookieViews.AllowsPrivate(extension)) return (false, "Extension disallowed access to the private cookies storeId.", false);
        return (isPrivate, null, false);
    }

    /// <summary>Chromium's checks of a URL it needs host permission for: the error, or null (and the URL).</summary>
    internal static (Uri? Url, string? Error) ChromiumUrl(ApiCall call, string text, bool needsPermission)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url)) return (null, $"Invalid url: \"{text}\".");
        if (needsPermission && !CookieViews.HostAccess(CookieViews.Origins(call.Realm.Extension), url.AbsoluteUri))
            return (null, $"No host permissions for cookies at url: \"{url.AbsoluteUri}\".");
        return (url, null);
    }

    /// <summary>Whether a cookie is in the partition a call names (no partitionKey: unpartitioned; one without topLevelSite: any, when <paramref name="anyWithoutSite"/>).</summary>
    internal static bool InPartition(StoredCookie cookie, (string? TopLevelSite, bool? HasCrossSiteAncestor)? wanted, bool anyWithoutSite)
    {
        if (wanted is not { } key) return cookie.Partition is null;
        if (key.TopLevelSite is null) return anyWithoutSite || cookie.Partition is null;
        if (cookie.Partition is null || cookie.Partition.TopLevelSite != SiteOf(key.TopLevelSite)) return false;
        return key.HasCrossSiteAncestor is null || key.HasCrossSiteAncestor == cookie.Partition.HasCrossSiteAncestor;
    }

    /// <summary>A top-level site as partition keys hold it (scheme and host), or the text itself when it is no URL.</summary>
    internal static string SiteOf(string topLevelSite) =>
        Uri.TryCreate(topLevelSite, UriKind.Absolute, out var site) ? site.Scheme + "://" + CookieRules.Host(site) : topLevelSite;

    private static JsValue Get(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var chromium = extension.Flavor == Flavor.Chrome;
        var details = new Details(call[0]);
        var urlText = details.String("url") ?? "";
        Uri? url;
        if (chromium)
        {
            (url, var urlError) = ChromiumUrl(call, urlText, needsPermission: true);
            if (urlError is not null) return call.Fail(urlError);
        }
        else Uri.TryCreate(urlText, UriKind.Absolute, out url);
        var (isPrivate, error, silent) = Store(call, details, silentWhenUnknown: true);
        if (silent) return call.Answer(JsValue.Null);
        if (error is not null) return call.Fail(error);
        if (url is null) return call.Answer(JsValue.Null);
        var name = details.String("name") ?? "";
        var found = Find(call, isPrivate, url, name, details);
        return call.Answer(found is null ? JsValue.Null : Parse(call, CookieViews.Json(extension.Flavor, found, isPrivate)));
    }

    /// <summary>The first cookie (in sending order) named <paramref name="name"/> that goes to <paramref name="url"/>, in the call's partition, that the extension sees.</summary>
    internal static StoredCookie? Find(ApiCall call, bool isPrivate, Uri url, string name, Details details)
    {
        var extension = call.Realm.Extension;
        var origins = CookieViews.Origins(extension);
        var firstParty = details.String("firstPartyDomain") ?? "";
        var partition = details.Partition;
        var chromium = extension.Flavor == Flavor.Chrome;
        return extension.Cookies.Query(isPrivate, extension.Clock.GetUtcNow(), c =>
                c.Name == name && CookieRules.SentTo(c, url) && InPartition(c, partition, anyWithoutSite: false)
                && (chromium || (c.FirstPartyDomain == firstParty && CookieViews.Sees(extension.Flavor, origins, c))))
            .FirstOrDefault();
    }

    private static JsValue GetAll(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var flavor = extension.Flavor;
        var details = new Details(call[0]);
        Uri? url = null;
        if (details.String("url") is { } urlText)
        {
            if (flavor == Flavor.Chrome)
            {
                (url, var urlError) = ChromiumUrl(call, urlText, needsPermission: false);
                if (urlError is not null) return call.Fail(urlError);
            }
            else if (!Uri.TryCreate(urlText, UriKind.Absolute, out url)) return call.Answer(Parse(call, "[]"));
        }
        var (isPrivate, error, silent) = Store(call, details, silentWhenUnknown: true);
        if (silent) return call.Answer(Parse(call, "[]"));
        if (error is not null) return call.Fail(error);
        var name = details.String("name");
        var domain = details.String("domain")?.ToLowerInvariant().TrimStart('.');
        var path = details.String("path");
        var secure = details.Boolean("secure");
        var session = details.Boolean("session");
        // Firefox: firstPartyDomain left out means none; given as null, any.
        var anyFirstParty = flavor == Flavor.Chrome || (details.Has("firstPartyDomain") && details.String("firstPartyDomain") is null);
        var firstParty = details.String("firstPartyDomain") ?? "";
        var partition = details.Partition;
        var origins = CookieViews.Origins(extension);
        var cookies = extension.Cookies.Query(isPrivate, extension.Clock.GetUtcNow(), c =>
            (url is null || CookieRules.SentTo(c, url)) && (name is null || c.Name == name)
            && (domain is null || CookieRules.DomainMatches(c.Domain, domain)) && (path is null || c.Path == path)
            && (secure is null || c.Secure == secure) && (session is null || c.IsSession == session)
            && (anyFirstParty || c.FirstPartyDomain == firstParty) && InPartition(c, partition, anyWithoutSite: true)
            && CookieViews.Sees(flavor, origins, c));
        return call.Answer(Parse(call, List(cookies.Select(c => CookieViews.Json(flavor, c, isPrivate)))));
    }

    private static JsValue Remove(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var flavor = extension.Flavor;
        var details = new Details(call[0]);
        var urlText = details.String("url") ?? "";
        var name = details.String("name") ?? "";
        if (flavor == Flavor.Chrome)
        {
            var (url, urlError) = ChromiumUrl(call, urlText, needsPermission: true);
            if (urlError is not null) return call.Fail(urlError);
            var (store, storeError, _) = Store(call, details, silentWhenUnknown: false);
            if (storeError is not null) return call.Fail(storeError);
            var partition = details.Partition;
            extension.Cookies.Remove(store, extension.Clock.GetUtcNow(), c => c.Name == name && CookieRules.SentTo(c, url!) && InPartition(c, partition, anyWithoutSite: false));
            return call.Answer(Parse(call, RemovedJson(flavor, url!.AbsoluteUri, name, store, null, partition is null ? null : details)));
        }
        var (isPrivate, error, silent) = Store(call, details, silentWhenUnknown: true);
        if (silent) return call.Answer(JsValue.Null);
        if (error is not null) return call.Fail(error);
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var target) || Find(call, isPrivate, target, name, details) is not { } cookie) return call.Answer(JsValue.Null);
        extension.Cookies.Remove(isPrivate, extension.Clock.GetUtcNow(), c => c.SameIdentity(cookie), firstOnly: true);
        return call.Answer(Parse(call, RemovedJson(flavor, urlText, name, isPrivate, cookie, null)));
    }

    /// <summary>remove's answer: Chromium's <c>{url, name, storeId, partitionKey?}</c>, Firefox's with <c>firstPartyDomain</c> and <c>partitionKey</c>.</summary>
    private static string RemovedJson(Flavor flavor, string url, string name, bool isPrivate, StoredCookie? removed, Details? partitionGiven)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("url", url);
            writer.WriteString("name", name);
            writer.WriteString("storeId", CookieViews.StoreId(flavor, isPrivate));
            if (flavor != Flavor.Chrome)
            {
                writer.WriteString("firstPartyDomain", removed?.FirstPartyDomain ?? "");
                writer.WritePropertyName("partitionKey");
                CookieViews.WritePartition(writer, removed?.Partition);
            }
            else if (partitionGiven?.Partition is { } key)
            {
                writer.WritePropertyName("partitionKey");
                writer.WriteStartObject();
                if (key.TopLevelSite is { } site) writer.WriteString("topLevelSite", site);
                if (key.HasCrossSiteAncestor is { } cross) writer.WriteBoolean("hasCrossSiteAncestor", cross);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The stores with their tabs. A browser lists the stores that have a tab open; here the regular store is always listed
    /// (a browser's window always has a tab), with the simulated tabs open in it, and the private store while a private
    /// context is open and the extension may use it.
    /// </summary>
    private static JsValue GetAllCookieStores(ApiCall call)
    {
        var extension = call.Realm.Extension;
        // The browser's tabs of each profile (the private one only for an extension that runs there).
        var tabs = extension.Browser.Tabs();
        string Store(bool isPrivate) =>
            $"{{\"id\":\"{CookieViews.StoreId(extension.Flavor, isPrivate)}\",\"tabIds\":[{string.Join(",", tabs.Where(t => t.Incognito == isPrivate).Select(t => t.Id))}]"
            + (extension.Flavor == Flavor.Chrome ? "}" : $",\"incognito\":{(isPrivate ? "true" : "false")}}}");
        var stores = new List<string> { Store(false) };
        if (tabs.Any(t => t.Incognito) && CookieViews.AllowsPrivate(extension)) stores.Add(Store(true));
        return call.Answer(Parse(call, List(stores)));
    }

    internal static string List(IEnumerable<string> jsonItems) => "[" + string.Join(",", jsonItems) + "]";

    internal static JsValue Parse(ApiCall call, string json) => new Jint.Native.Json.JsonParser(call.Realm.Engine).Parse(json);
}
