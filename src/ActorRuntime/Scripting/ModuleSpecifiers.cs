namespace ActorRuntime.Scripting;

/// <summary>
/// Resolves an ES module specifier as browsers do (HTML's "resolve a module specifier", without import maps): a path
/// (<c>/x.js</c>, <c>./x.js</c>, <c>../x.js</c>) is a URL relative to the importing module's; anything else must be a
/// full URL, and a bare name (<c>"lodash"</c>) is a <c>TypeError</c>. Only URLs of the extension's own origin name a
/// module here (the extension's policy allows <c>'self'</c>, and the runtime reaches no network): their path is
/// returned extension-relative, with dot segments removed (clamped at the root, as URLs are) and escapes decoded.
/// </summary>
internal static class ModuleSpecifiers
{
    /// <summary>Chromium's words for a bare specifier.</summary>
    public static string BareSpecifier(string specifier) =>
        $"Failed to resolve module specifier \"{specifier}\". Relative references must start with either \"/\", \"./\", or \"../\".";

    /// <summary>
    /// The extension-relative path <paramref name="specifier"/> names from <paramref name="referrer"/> (an
    /// extension-relative path, possibly with a <c>#fragment</c>; null for the extension's root), or why it names none.
    /// </summary>
    public static (string? Path, string? Error) Resolve(string specifier, string? referrer, string baseUrl)
    {
        string fromRoot;
        if (specifier.StartsWith("//", StringComparison.Ordinal))
            return (null, OtherOrigin(baseUrl[..baseUrl.IndexOf(':')] + ":" + specifier));
        if (specifier.StartsWith('/')) fromRoot = specifier;
        else if (specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith("../", StringComparison.Ordinal))
            fromRoot = DirectoryOf(referrer, baseUrl) + specifier;
        else if (HasScheme(specifier))
        {
            if (!specifier.StartsWith(baseUrl, StringComparison.Ordinal)) return (null, OtherOrigin(specifier));
            fromRoot = "/" + specifier[baseUrl.Length..];
        }
        else return (null, BareSpecifier(specifier));
        var end = fromRoot.IndexOfAny(['?', '#']);
        if (end >= 0) fromRoot = fromRoot[..end];
        var segments = new List<string>();
        var parts = fromRoot.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (IsDoubleDot(part))
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                if (last) segments.Add("");
            }
            else if (IsSingleDot(part))
            {
                if (last) segments.Add("");
            }
            else segments.Add(Uri.UnescapeDataString(part));
        }
        var path = string.Join('/', segments);
        return path.Length == 0 || path.EndsWith('/') ? (null, $"Failed to load module script \"{specifier}\": it names a folder, not a file") : (path, null);
    }

    private static string OtherOrigin(string url) =>
        $"Failed to load module script \"{url}\": only the extension's own files can be imported (its policy allows 'self'; the runtime reaches no network)";

    /// <summary>The referrer's folder as a root-relative path ending in <c>/</c>.</summary>
    private static string DirectoryOf(string? referrer, string baseUrl)
    {
        if (referrer is null) return "/";
        if (referrer.StartsWith(baseUrl, StringComparison.Ordinal)) referrer = referrer[baseUrl.Length..];
        var end = referrer.IndexOfAny(['?', '#']);
        if (end >= 0) referrer = referrer[..end];
        var slash = referrer.LastIndexOf('/');
        return slash < 0 ? "/" : "/" + referrer[..(slash + 1)].TrimStart('/');
    }

    private static bool HasScheme(string specifier)
    {
        var colon = specifier.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(specifier[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(specifier[i]) || specifier[i] is '+' or '-' or '.')) return false;
        return true;
    }

    private static bool IsSingleDot(string segment) => segment == "." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    private static bool IsDoubleDot(string segment) => segment switch
    {
        ".." => true,
        _ => segment.Length == 4 && (segment.Equals(".%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e.", StringComparison.OrdinalIgnoreCase))
             || segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase),
    };
}
