namespace ActorRuntime.Manifest;

/// <summary>WebExtension match patterns (<c>&lt;all_urls&gt;</c>, <c>*://*.example.com/*</c>) against a URL.</summary>
internal static class MatchPattern
{
    private static readonly string[] Schemes = ["*", "http", "https", "ws", "wss", "ftp", "file"];

    /// <summary>
    /// Why <paramref name="pattern"/> is not a match pattern (one line), or null when it is one. <paramref name="allowPort"/>:
    /// a host may name a port (<c>localhost:8080</c>, or <c>:*</c> for any), as content scripts' patterns may in Chromium.
    /// </summary>
    public static string? Problem(string pattern, bool allowPort = false)
    {
        if (pattern == "<all_urls>") return null;
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return "expected <all_urls> or <scheme>://<host>/<path>";
        var scheme = pattern[..schemeEnd];
        if (!Schemes.Contains(scheme)) return $"scheme \"{scheme}\": expected one of {string.Join(", ", Schemes)}";
        var rest = pattern[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        if (slash < 0) return "expected a path after the host (at least \"/\")";
        var host = rest[..slash];
        if (host.Length == 0 && scheme != "file") return "expected a host (or *)";
        if (allowPort && SplitPort(host) is var (name, port) && port is not null)
        {
            if (port != "*" && !ushort.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                return $"host \"{host}\": expected a port number or * after the colon";
            host = name;
        }
        var wildcard = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host == "*" ? "" : host;
        if (wildcard.Contains('*')) return $"host \"{host}\": * may only be the whole host or its first label (*.example.com)";
        if (wildcard.Contains(':')) return $"host \"{host}\": expected no port";
        return null;
    }

    public static bool Matches(string pattern, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var schemeIsWeb = uri.Scheme is "http" or "https" or "ws" or "wss" or "ftp" or "file";
        if (pattern == "<all_urls>") return schemeIsWeb;
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return false;
        var scheme = pattern[..schemeEnd];
        var rest = pattern[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        if (slash < 0) return false;
        var host = rest[..slash];
        var path = rest[slash..];

        if (scheme == "*" ? uri.Scheme is not ("http" or "https" or "ws" or "wss") : !string.Equals(scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        // A port named after the host must be the URL's (a pattern without one matches any).
        if (SplitPort(host) is var (bare, port) && port is not null)
        {
            if (port != "*" && port != uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) return false;
            host = bare;
        }
        if (host != "*" && uri.Scheme != "file")
        {
            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                var domain = host[2..];
                if (!uri.Host.Equals(domain, StringComparison.OrdinalIgnoreCase) && !uri.Host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
                    return false;
            }
            else if (!uri.Host.Equals(host, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return GlobMatches(path, uri.PathAndQuery);
    }

    private static (string Host, string? Port) SplitPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') ? (host[..colon], host[(colon + 1)..]) : (host, null);
    }

    /// <summary>
    /// Whether every URL <paramref name="requested"/> matches is matched by <paramref name="granted"/> too (Firefox's
    /// <c>subsumes</c>): its schemes, hosts and paths are each within the granted pattern's.
    /// </summary>
    public static bool Subsumes(string granted, string requested)
    {
        if (granted == "<all_urls>") return true;
        if (requested == "<all_urls>" || Parts(granted) is not var (gScheme, gHost, gPath) || Parts(requested) is not var (rScheme, rHost, rPath)) return false;
        var schemeCovered = gScheme == rScheme || (gScheme == "*" && rScheme is "http" or "https" or "ws" or "wss");
        if (!schemeCovered) return false;
        var hostCovered = gHost == "*" || gHost == rHost
            || (gHost.StartsWith("*.", StringComparison.Ordinal) && (rHost == gHost[2..] || rHost.EndsWith(gHost[1..], StringComparison.OrdinalIgnoreCase)));
        // The requested path's own stars are characters the granted glob must cover.
        return hostCovered && GlobMatches(gPath, rPath);
    }

    private static (string Scheme, string Host, string Path)? Parts(string pattern)
    {
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return null;
        var rest = pattern[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? null : (pattern[..schemeEnd], rest[..slash].ToLowerInvariant(), rest[slash..]);
    }

    /// <summary>
    /// Whether <paramref name="text"/> matches <paramref name="glob"/>, where <c>*</c> stands for any run of
    /// characters (and, with <paramref name="questionMark"/>, <c>?</c> for any one). Greedy with one remembered star:
    /// after a mismatch only the last star takes one more character, so the time is at most the product of the two
    /// lengths however many stars there are (a backtracking regex is exponential in them).
    /// </summary>
    internal static bool GlobMatches(string glob, string text, bool questionMark = false)
    {
        int g = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (g < glob.Length && glob[g] == '*')
            {
                star = g++;
                starText = t;
            }
            else if (g < glob.Length && (glob[g] == text[t] || (questionMark && glob[g] == '?')))
            {
                g++;
                t++;
            }
            else if (star >= 0)
            {
                g = star + 1;
                t = ++starText;
            }
            else return false;
        }
        while (g < glob.Length && glob[g] == '*') g++;
        return g == glob.Length;
    }
}
