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
        var host = url.IdnHost.ToLowerInvariant();
        var path = url.AbsolutePath;
        var query = url.Query.TrimStart('?');
        // The URL without its fragment, and without the port when it is the scheme's default.
        var whole = url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
        foreach (var property in filter.GetOwnProperties())
        {
            var key = property.Key.ToString();
            var value = property.Value.Value;
            if (value.IsUndefined() || value.IsNull()) continue;
            var text = value.IsString() ? value.AsString() : null;
            var holds = key switch
            {
                "hostContains" => text is not null && ("." + host).Contains(text, StringComparison.Ordinal),
                "hostEquals" => text is not null && host == text.ToLowerInvariant(),
                "hostPrefix" => text is not null && host.StartsWith(text.ToLowerInvariant(), StringComparison.Ordinal),
                "hostSuffix" => text is not null && host.EndsWith(text.ToLowerInvariant(), StringComparison.Ordinal),
                "pathContains" => text is not null && path.Contains(text, StringComparison.Ordinal),
                "pathEquals" => path == text,
                "pathPrefix" => text is not null && path.StartsWith(text, StringComparison.Ordinal),
                "pathSuffix" => text is not null && path.EndsWith(text, StringComparison.Ordinal),
                "queryContains" => text is not null && query.Contains(text, StringComparison.Ordinal),
                "queryEquals" => query == text,
                "queryPrefix" => text is not null && query.StartsWith(text, StringComparison.Ordinal),
                "querySuffix" => text is not null && query.EndsWith(text, StringComparison.Ordinal),
                "urlContains" => text is not null && whole.Contains(text, StringComparison.Ordinal),
                "urlEquals" => whole == text,
                "urlPrefix" => text is not null && whole.StartsWith(text, StringComparison.Ordinal),
                "urlSuffix" => text is not null && whole.EndsWith(text, StringComparison.Ordinal),
                "urlMatches" => text is not null && RegexMatches(text, whole),
                "originAndPathMatches" => text is not null && RegexMatches(text, url.GetLeftPart(UriPartial.Path)),
                "schemes" => Strings(value).Contains(url.Scheme),
                "ports" => Ports(value, url.Port),
                _ => true,
            };
            if (!holds) return false;
        }
        return true;
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
        if (extra.Length == 0 || extra[0] is not ObjectInstance filter || arguments.Length == 0 || arguments[0] is not ObjectInstance details) return true;
        var url = UrlOf(arguments) ?? "";
        var urls = Strings(filter.Get("urls"));
        if (urls.Count > 0 && !urls.Any(pattern => MatchPattern.Matches(pattern, url))) return false;
        var types = Strings(filter.Get("types"));
        if (types.Count > 0 && !types.Contains(TypeConverter.ToString(details.Get("type")))) return false;
        foreach (var key in new[] { "tabId", "windowId" })
        {
            var wanted = filter.Get(key);
            if (wanted.IsNumber() && TypeConverter.ToNumber(details.Get(key)) != wanted.AsNumber()) return false;
        }
        var incognito = filter.Get("incognito");
        return !incognito.IsBoolean() || TypeConverter.ToBoolean(details.Get("incognito")) == incognito.AsBoolean();
    }
}
