using System.Text;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// Where a redirect rule sends a request: <c>url</c> as given; <c>extensionPath</c> within the extension's origin;
/// <c>transform</c> applied to the request's URL part by part (a <c>queryTransform</c> removes and adds or replaces
/// parameters, keeping the others as they were written); <c>regexSubstitution</c> with <c>\0</c>-<c>\9</c> standing for the
/// regexFilter's groups. Null when the result is no valid URL (the request then goes on, as in browsers).
/// </summary>
internal static class DnrRedirects
{
    public static string? Destination(DnrRule rule, Uri url, string extensionBaseUrl)
    {
        var redirect = rule.Redirect!;
        string? destination;
        try
        {
            destination = redirect.Url
                ?? (redirect.ExtensionPath is { } path ? extensionBaseUrl.TrimEnd('/') + path
                : redirect.Transform is { } transform ? Transformed(url, transform)
                : Substituted(rule, url, redirect.RegexSubstitution!));
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            return null;
        }
        if (destination is null || !Uri.TryCreate(destination, UriKind.Absolute, out var parsed) || parsed.Scheme == "javascript") return null;
        return parsed.AbsoluteUri;
    }

    private static string Transformed(Uri url, DnrUrlTransform transform)
    {
        var builder = new UriBuilder(url);
        if (transform.Scheme is { } scheme)
        {
            builder.Scheme = scheme;
            // The old scheme's default port is not the new one's.
            if (url.IsDefaultPort && transform.Port is null) builder.Port = -1;
        }
        if (transform.Username is { } username) builder.UserName = username;
        if (transform.Password is { } password) builder.Password = password;
        if (transform.Host is { } host) builder.Host = host;
        if (transform.Port is { } port) builder.Port = port.Length == 0 ? -1 : int.Parse(port);
        if (transform.Path is { } newPath) builder.Path = newPath.Length == 0 ? "/" : newPath;
        if (transform.Query is { } query) builder.Query = query.TrimStart('?');
        else if (transform.HasQueryTransform) builder.Query = QueryTransformed(url.Query.TrimStart('?'), transform);
        if (transform.Fragment is { } fragment) builder.Fragment = fragment.TrimStart('#');
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>The query with <c>removeParams</c> gone and <c>addOrReplaceParams</c> replacing (in order) or appended (unless replaceOnly).</summary>
    private static string QueryTransformed(string query, DnrUrlTransform transform)
    {
        var remove = (transform.RemoveParams ?? []).Select(FormEncode).ToHashSet(StringComparer.Ordinal);
        var add = (transform.AddOrReplaceParams ?? []).Select(p => (Key: FormEncode(p.Key), Param: p)).ToList();
        var result = new List<string>();
        foreach (var part in query.Length == 0 ? [] : query.Split('&'))
        {
            var key = part.Split('=', 2)[0];
            if (remove.Contains(key)) continue;
            var index = add.FindIndex(p => p.Key == key);
            if (index < 0)
            {
                result.Add(part);
                continue;
            }
            result.Add(key + "=" + FormEncode(add[index].Param.Value));
            add.RemoveAt(index);
        }
        result.AddRange(add.Where(p => !p.Param.ReplaceOnly).Select(p => p.Key + "=" + FormEncode(p.Param.Value)));
        return string.Join('&', result);
    }

    /// <summary>application/x-www-form-urlencoded, as URLSearchParams writes it (space as +).</summary>
    private static string FormEncode(string text)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b == ' ') result.Append('+');
            else if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_') result.Append((char)b);
            else result.Append('%').Append(b.ToString("X2"));
        }
        return result.ToString();
    }

    private static string? Substituted(DnrRule rule, Uri url, string substitution)
    {
        var match = rule.Condition.RegexFilter!.Match(url.AbsoluteUri);
        if (!match.Success) return null;
        var result = new StringBuilder();
        for (var i = 0; i < substitution.Length; i++)
        {
            if (substitution[i] != '\\' || i + 1 == substitution.Length)
            {
                result.Append(substitution[i]);
                continue;
            }
            var next = substitution[++i];
            if (next == '\\') result.Append('\\');
            else if (char.IsAsciiDigit(next)) result.Append(match.Groups[next - '0'].Value);
        }
        return result.ToString();
    }
}
