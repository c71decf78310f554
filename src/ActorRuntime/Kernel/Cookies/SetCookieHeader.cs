using System.Text;

namespace ActorRuntime.Kernel;

/// <summary>
/// A <c>Set-Cookie</c> header as a browser receives it: parsed as RFC 6265 section 5.2 says (with its cookie-date
/// algorithm), then checked against the request's URL by the storage model of section 5.3 and RFC 6265bis (a Domain the
/// host is not in, a Secure cookie from an insecure URL, the <c>__Secure-</c> and <c>__Host-</c> prefixes). The public
/// suffix list is not consulted: a Domain attribute must name a domain with at least one dot. <c>Partitioned</c> is not
/// honoured: an extension's own requests have no top-level site to partition by, so the cookie is stored unpartitioned.
/// </summary>
internal static class SetCookieHeader
{
    private const int MaxAttributeValueBytes = 1024;

    /// <summary>The cookie the header sets for a response from <paramref name="url"/>, or why it sets none.</summary>
    public static (StoredCookie? Cookie, string? Problem) Parse(string header, Uri url, DateTimeOffset now)
    {
        var parts = header.Split(';');
        var pair = parts[0];
        var eq = pair.IndexOf('=');
        var (name, value) = eq < 0 ? ("", pair.Trim()) : (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
        if (name.Length == 0 && value.Length == 0) return (null, "Set-Cookie without a name or value");
        if (CookieRules.Forbidden(name) is not null || CookieRules.Forbidden(value) is not null) return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": a control character in its name or value");
        if (Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) > CookieRules.MaxNameValueBytes)
            return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": name and value longer than {CookieRules.MaxNameValueBytes} bytes");
        DateTimeOffset? expires = null, maxAge = null;
        string? domain = null, path = null, sameSite = null;
        bool secure = false, httpOnly = false;
        foreach (var part in parts.Skip(1))
        {
            var split = part.IndexOf('=');
            var key = (split < 0 ? part : part[..split]).Trim().ToLowerInvariant();
            var attribute = split < 0 ? "" : part[(split + 1)..].Trim();
            if (Encoding.UTF8.GetByteCount(attribute) > MaxAttributeValueBytes) continue;
            switch (key)
            {
                case "expires" when ParseDate(attribute) is { } date: expires = date; break;
                case "max-age" when attribute.Length > 0 && (char.IsAsciiDigit(attribute[0]) || attribute[0] == '-') && attribute.Skip(1).All(char.IsAsciiDigit):
                    maxAge = long.TryParse(attribute, out var seconds) && seconds > 0
                        ? (seconds > CookieRules.MaxLifetime.TotalSeconds ? now + CookieRules.MaxLifetime : now.AddSeconds(seconds))
                        : DateTimeOffset.MinValue;
                    break;
                case "domain" when attribute.Length > 0: domain = attribute.TrimStart('.').ToLowerInvariant(); break;
                case "path": path = attribute.StartsWith('/') ? attribute : null; break;
                case "secure": secure = true; break;
                case "httponly": httpOnly = true; break;
                case "samesite":
                    sameSite = attribute.ToLowerInvariant() switch { "none" => "no_restriction", "lax" => "lax", "strict" => "strict", _ => null };
                    break;
            }
        }
        var host = CookieRules.Host(url);
        var hostOnly = domain is null;
        if (domain is not null)
        {
            if (!CookieRules.DomainMatches(host, domain)) return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": Domain={OneLineText.Escape(domain, 120)} does not match the host {host}");
            if (!domain.Contains('.') && domain != host) return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": Domain={domain} names a top-level domain");
            hostOnly = CookieRules.IsIpAddress(domain);
        }
        var secureUrl = CookieRules.IsSecure(url);
        if (secure && !secureUrl) return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": Secure, from an insecure URL");
        if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !secure)
            return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": the __Secure- prefix needs Secure");
        if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!secure || !hostOnly || path != "/"))
            return (null, $"cookie \"{OneLineText.Escape(name, 80)}\": the __Host- prefix needs Secure, Path=/ and no Domain");
        var expiry = maxAge ?? expires;
        var cookie = new StoredCookie
        {
            Name = name,
            Value = value,
            Domain = hostOnly ? host : domain!,
            HostOnly = hostOnly,
            Path = path ?? CookieRules.DefaultPath(url.AbsolutePath),
            Secure = secure,
            HttpOnly = httpOnly,
            SameSite = sameSite ?? "unspecified",
            Expires = expiry is { } at ? CookieRules.CapExpiry(at, now) : null,
        };
        return (cookie, null);
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>RFC 6265 section 5.1.1's cookie-date: the first time, day of month, month and year tokens, in any order.</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        int? hour = null, minute = null, second = null, day = null, month = null, year = null;
        foreach (var token in Tokens(text))
        {
            if (hour is null && Time(token) is { } time) (hour, minute, second) = time;
            else if (day is null && Digits(token, 1, 2) is { } d) day = d;
            else if (month is null && token.Length >= 3 && Array.IndexOf(Months, token[..3].ToLowerInvariant()) is var m and >= 0) month = m + 1;
            else if (year is null && Digits(token, 2, 4) is { } y) year = y;
        }
        if (year is >= 70 and <= 99) year += 1900;
        else if (year is >= 0 and <= 69) year += 2000;
        if (hour is null || day is null || month is null || year is null) return null;
        if (day is < 1 or > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
        if (day > DateTime.DaysInMonth(year.Value, month.Value)) return null;
        return new DateTimeOffset(year.Value, month.Value, day.Value, hour.Value, minute!.Value, second!.Value, TimeSpan.Zero);
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var delimiter = i == text.Length || IsDelimiter(text[i]);
            if (!delimiter && start < 0) start = i;
            else if (delimiter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    private static bool IsDelimiter(char c) => c is '\t' or (>= ' ' and <= '/') or (>= ';' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    private static int? Digits(string token, int min, int max)
    {
        var count = 0;
        while (count < token.Length && char.IsAsciiDigit(token[count])) count++;
        return count >= min && count <= max ? int.Parse(token[..count]) : null;
    }

    private static (int, int, int)? Time(string token)
    {
        var fields = token.Split(':');
        if (fields.Length != 3) return null;
        var values = fields.Select((f, i) => i < 2 ? Digits(f, 1, 2) : Digits(f, 1, 2)).ToArray();
        if (values.Any(v => v is null) || fields[0].Length > 2 || fields[1].Length > 2 || !fields[0].All(char.IsAsciiDigit) || !fields[1].All(char.IsAsciiDigit)) return null;
        return (values[0]!.Value, values[1]!.Value, values[2]!.Value);
    }
}
