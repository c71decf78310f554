using System.Text.RegularExpressions;

namespace ActorRuntime.Manifest;

/// <summary>WebExtension match patterns (<c>&lt;all_urls&gt;</c>, <c>*://*.example.com/*</c>) against a URL.</summary>
public static class MatchPattern
{
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
        var pathRegex = "^" + Regex.Escape(path).Replace("\\*", ".*") + "$";
        return Regex.IsMatch(uri.PathAndQuery, pathRegex);
    }
}
