using System.Text.RegularExpressions;
using ActorRuntime.Dom;
using Jint.Native;

namespace ActorRuntime.Apis.Schema;

/// <summary>
/// Firefox's string <c>format</c>s: a value is checked, and may be replaced (a relative URL by the absolute one). An error
/// is the text Firefox's format function throws, as <c>String(error)</c> prints it. Formats only the manifest uses
/// (content security policies, shortcut keys, version strings) are accepted as they are.
/// </summary>
internal static partial class SchemaFormats
{
    public static (JsValue? Value, string? Error) Apply(string format, string text, ApiCheckContext context)
    {
        switch (format)
        {
            case "url":
                if (UrlRecord.Parse(text) is not { } url) return (null, $"TypeError: URL constructor: {text} is not a valid URL.");
                return Loadable(url);
            case "relativeUrl":
                return Relative(text, context);
            case "homepageUrl":
                return Relative(text.Replace("|", "%7C", StringComparison.Ordinal), context);
            case "unresolvedRelativeUrl":
                return IsRelative(text) ? (text, null) : (null, $"SyntaxError: String {context.Json(text)} must be a relative URL");
            case "strictRelativeUrl":
                return IsRelative(text) ? Relative(text, context) : (null, $"SyntaxError: String {context.Json(text)} must be a relative URL");
            case "imageDataOrStrictRelativeUrl":
                if (text.StartsWith("data:image/png;base64,", StringComparison.Ordinal) || text.StartsWith("data:image/jpeg;base64,", StringComparison.Ordinal))
                    return (text, null);
                var strict = IsRelative(text) ? Relative(text, context) : (null, "not relative");
                return strict.Item2 is null ? strict : (null, $"SyntaxError: String {context.Json(text)} must be a relative or PNG or JPG data:image URL");
            case "hostname":
                return UrlRecord.Parse("http://" + text) is { Host: { } host } && host == text ? (text, null) : (null, $"Error: Invalid hostname {text}");
            case "canonicalDomain":
                return UrlRecord.Parse("http://" + text) is { Host: { } domain } && domain == text ? (text, null) : (null, $"Error: Invalid domain {text}");
            case "origin":
                return Origin(text);
            case "date":
                return DatePattern().IsMatch(text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _)
                    ? (text, null)
                    : (null, $"Error: Invalid date string {text}");
            default:
                return (text, null);
        }
    }

    private static bool IsRelative(string text) => !text.StartsWith("//", StringComparison.Ordinal) && UrlRecord.Parse(text) is null;

    private static (JsValue?, string?) Relative(string text, ApiCheckContext context)
    {
        var baseUrl = UrlRecord.Parse(context.BaseUrl);
        if (baseUrl is null) return UrlRecord.Parse(text) is null ? (text, null) : Loadable(UrlRecord.Parse(text)!);
        return UrlRecord.Parse(text, baseUrl) is { } resolved ? Loadable(resolved) : (null, $"TypeError: URL constructor: {text} is not a valid URL.");
    }

    // What an extension may not load (Firefox's principal check): privileged and script URLs; about:blank is fine.
    private static (JsValue?, string?) Loadable(UrlRecord url)
    {
        var denied = url.Scheme switch
        {
            "javascript" or "chrome" or "resource" or "file" or "data" => true,
            "about" => url.Path != "blank",
            _ => false,
        };
        return denied ? (null, $"Error: Access denied for URL {url.Href}") : (url.Href, null);
    }

    private static (JsValue?, string?) Origin(string text)
    {
        if (UrlRecord.Parse(text) is not { } url) return (null, $"Error: Invalid origin: {text}");
        if (url.Scheme is not ("http" or "https")) return (null, $"Error: Invalid origin must be http or https for URL {text}");
        if (url.Origin != text) return (null, $"Error: Invalid origin for URL {text}, replace with origin {url.Origin}");
        return (text, null);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?(Z|([-+][0-9]{2}:?[0-9]{2})))?$")]
    private static partial Regex DatePattern();
}
