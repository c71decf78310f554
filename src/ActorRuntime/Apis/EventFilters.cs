using System.Text.RegularExpressions;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// The filters listeners are added with, applied as browsers apply them on each dispatch: webNavigation's
/// <c>{url: [UrlFilter, ...]}</c> (any filter, each of whose conditions all hold) and webRequest's
/// <c>{urls, types, tabId, windowId, incognito}</c>.
/// </summary>
internal static class EventFilters
{
    /// <summary>How long one regular expression of a filter may run against one URL (they come from extension code).</summary>
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(50);

    public static Func<JsValue[], JsValue[], bool>? For(string eventName) => eventName switch
    {
        _ when eventName.StartsWith("webNavigation.", StringComparison.Ordinal) => Navigation,
        _ when eventName.StartsWith("webRequest.", StringComparison.Ordinal) => Request,
        _ => null,
    };

    private static string? UrlOf(JsValue[] arguments) =>
        arguments.Length > 0 && arguments[0] is ObjectInstance details && details.Get("url") is var url && url.IsString() ? url.AsString() : null;

    private static bool Navigation(JsValue[] extra, JsValue[] arguments)
    {
        if (extra.Length == 0 || extra[0] is not ObjectInstance filters || filters.Get("url") is not ObjectInstance list || !list.IsArray()) return true;
        if (UrlOf(arguments) is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var url)) return false;
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        for (long i = 0; i < length; i++)
            if (list.Get(i) is ObjectInstance filter && Matches(filter, url)) return true;
        return false;
    }

    /// <summary>One <c>events.UrlFilter</c>: every condition it names holds for <paramref name="url"/>.</summary>
    private static bool Matches(ObjectInstance filter, Uri url)
    {
        var parts = new UrlParts(url);
        foreach (var property in filter.GetOwnProperties())
        {
            var value = property.Value.Value;
            if (value.IsUndefined() || value.IsNull()) continue;
            if (!parts.Holds(property.Key.ToString(), value.IsString() ? value.AsString() : null, () => Strings(value), port => Ports(value, port)))
                return false;
        }
        return true;
    }

    /// <summary>The same, for a filter kept as JSON (declarativeContent's <c>PageStateMatcher.pageUrl</c>).</summary>
    public static bool Matches(System.Text.Json.JsonElement filter, Uri url)
    {
        if (filter.ValueKind != System.Text.Json.JsonValueKind.Object) return false;
        var parts = new UrlParts(url);
        foreach (var property in filter.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == System.Text.Json.JsonValueKind.Null) continue;
            IReadOnlyList<string> Texts() => value.ValueKind == System.Text.Json.JsonValueKind.Array
                ? value.EnumerateArray().Take(1000).Select(item => item.ToString()).ToList() : [];
            bool Port(int port) => value.ValueKind == System.Text.Json.JsonValueKind.Array && value.EnumerateArray().Take(1000).Any(item =>
                item.ValueKind == System.Text.Json.JsonValueKind.Number ? item.GetDouble() == port
                : item.ValueKind == System.Text.Json.JsonValueKind.Array && item.GetArrayLength() == 2 && item[0].GetDouble() <= port && port <= item[1].GetDouble());
            if (!parts.Holds(property.Name, value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null, Texts, Port)) return false;
        }
        return true;
    }

    /// <summary>What a URL filter's conditions look at: the host, path and query, and the URL without its fragment.</summary>
    private sealed class UrlParts(Uri url)
    {
        private readonly string _host = url.IdnHost.ToLowerInvariant();
        private readonly string _path = url.AbsolutePath;
        private readonly string _query = url.Query.TrimStart('?');
        // Without the fragment, and without the port when it is the scheme's default.
        private readonly string _whole = url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);

        public bool Holds(string key, string? text, Func<IReadOnlyList<string>> strings, Func<int, bool> ports) => key switch
        {
            "hostContains" => text is not null && ("." + _host).Contains(text, StringComparison.Ordinal),
            "hostEquals" => text is not null && _host == text.ToLowerInvariant(),
            "hostPrefix" => text is not null && _host.StartsWith(text.ToLowerInvariant(), StringComparison.Ordinal),
            "hostSuffix" => text is not null && _host.EndsWith(text.ToLowerInvariant(), StringComparison.Ordinal),
            "pathContains" => text is not null && _path.Contains(text, StringComparison.Ordinal),
            "pathEquals" => _path == text,
            "pathPrefix" => text is not null && _path.StartsWith(text, StringComparison.Ordinal),
            "pathSuffix" => text is not null && _path.EndsWith(text, StringComparison.Ordinal),
            "queryContains" => text is not null && _query.Contains(text, StringComparison.Ordinal),
            "queryEquals" => _query == text,
            "queryPrefix" => text is not null && _query.StartsWith(text, StringComparison.Ordinal),
            "querySuffix" => text is not null && _query.EndsWith(text, StringComparison.Ordinal),
            "urlContains" => text is not null && _whole.Contains(text, StringComparison.Ordinal),
            "urlEquals" => _whole == text,
            "urlPrefix" => text is not null && _whole.StartsWith(text, StringComparison.Ordinal),
            "urlSuffix" => text is not null && _whole.EndsWith(text, StringComparison.Ordinal),
            "urlMatches" => text is not null && RegexMatches(text, _whole),
            "originAndPathMatches" => text is not null && RegexMatches(text, url.GetLeftPart(UriPartial.Path)),
            "schemes" => strings().Contains(url.Scheme),
            "ports" => ports(url.Port),
            _ => true,
        };
    }

    private static bool RegexMatches(string pattern, string input)
    {
        try
        {
            // Linear time whatever the pattern: extension code chooses it.
            return Regex.IsMatch(input, pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexBudget);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static IReadOnlyList<string> Strings(JsValue value)
    {
        if (value is not ObjectInstance list || !list.IsArray()) return [];
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        var texts = new List<string>();
        for (long i = 0; i < length && i < 1000; i++) texts.Add(TypeConverter.ToString(list.Get(i)));
        return texts;
    }

    /// <summary><c>ports</c>: numbers, or <c>[min, max]</c> ranges.</summary>
    private static bool Ports(JsValue value, int port)
    {
        if (value is not ObjectInstance list || !list.IsArray()) return false;
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        for (long i = 0; i < length && i < 1000; i++)
        {
            var item = list.Get(i);
            if (item.IsNumber() && (int)item.AsNumber() == port) return true;
            if (item is ObjectInstance range && range.IsArray()
                && TypeConverter.ToNumber(range.Get(0)) <= port && port <= TypeConverter.ToNumber(range.Get(1))) return true;
        }
        return false;
    }

    /// <summary>webRequest's <c>RequestFilter</c>: URL patterns, resource types, tab, window, profile.</summary>
    private static bool Request(JsValue[] extra, JsValue[] arguments)
    {
        if (extra.Length == 0 || extra[0] is not ObjectInstance || arguments.Length == 0 || arguments[0] is not ObjectInstance details) return true;
        return RequestFilters.GetValue(extra, static extra => RequestFilter.Read((ObjectInstance)extra[0])).Matches(details, UrlOf(arguments) ?? "");
    }

    // Each listener's filter, read at its first dispatch (its extra arguments are kept as they were added: the same array),
    // as browsers read it once when the listener is added, rather than once per listener and request.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsValue[], RequestFilter> RequestFilters = new();

    private sealed record RequestFilter(IReadOnlyList<string> Urls, IReadOnlyList<string> Types, double? TabId, double? WindowId, bool? Incognito)
    {
        public static RequestFilter Read(ObjectInstance filter)
        {
            double? Number(string key) => filter.Get(key) is var value && value.IsNumber() ? value.AsNumber() : null;
            var incognito = filter.Get("incognito");
            return new(Strings(filter.Get("urls")), Strings(filter.Get("types")), Number("tabId"), Number("windowId"), incognito.IsBoolean() ? incognito.AsBoolean() : null);
        }

        public bool Matches(ObjectInstance details, string url)
        {
            if (Urls.Count > 0 && !Urls.Any(pattern => MatchPattern.Matches(pattern, url))) return false;
            if (Types.Count > 0 && !Types.Contains(TypeConverter.ToString(details.Get("type")))) return false;
            if (TabId is { } tab && TypeConverter.ToNumber(details.Get("tabId")) != tab) return false;
            if (WindowId is { } window && TypeConverter.ToNumber(details.Get("windowId")) != window) return false;
            return Incognito is not { } incognito || TypeConverter.ToBoolean(details.Get("incognito")) == incognito;
        }
    }
}
