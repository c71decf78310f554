using System.Globalization;
using System.Text;

namespace ActorRuntime.Dom;

/// <summary>
/// A URL record of the WHATWG URL Standard (scheme, credentials, host, port, path, query, fragment) behind a script's
/// <c>URL</c>. Strings are parsed by AngleSharp's URL parser (<see cref="AngleSharp.Dom.Url"/>); what it leaves undone is
/// completed here as the standard says: the percent-encode sets of each component, ports above 65535 and special URLs
/// without a host refused, opaque paths (<c>about:blank</c>, <c>data:</c>), origins (extension schemes included, as
/// browsers give them), and the setters' rules (what a setter may not change is left as it was).
/// </summary>
internal sealed class UrlRecord
{
    private UrlRecord(string scheme)
    {
        Scheme = scheme;
    }

    public string Scheme { get; private set; }
    public string Username { get; private set; } = "";
    public string Password { get; private set; } = "";

    /// <summary>Null when the URL has no host (<c>mailto:</c>, <c>foo:/x</c>); a <c>file:</c> URL's may be empty.</summary>
    public string? Host { get; private set; }

    /// <summary>The port as written, without a default port ("" when there is none).</summary>
    public string Port { get; private set; } = "";

    /// <summary>The serialized path: segments joined by "/" with a leading "/", or the whole opaque path.</summary>
    public string Path { get; private set; } = "";

    /// <summary>A path that is not a list of segments (<c>about:blank</c>, <c>data:text/plain,hi</c>, <c>mailto:a@b</c>).</summary>
    public bool HasOpaquePath { get; private set; }

    public string? Query { get; set; }
    public string? Fragment { get; private set; }

    public bool IsSpecial => DefaultPort(Scheme) is not null || Scheme == "file";

    public override string ToString() => Href;

    public string Href => Serialize(excludeFragment: false);

    public string Serialize(bool excludeFragment)
    {
        var text = new StringBuilder(Scheme).Append(':');
        if (Host is not null)
        {
            text.Append("//");
            if (Username.Length > 0 || Password.Length > 0)
            {
                text.Append(Username);
                if (Password.Length > 0) text.Append(':').Append(Password);
                text.Append('@');
            }
            text.Append(Host);
            if (Port.Length > 0) text.Append(':').Append(Port);
        }
        else if (!HasOpaquePath && Path.StartsWith("//", StringComparison.Ordinal))
            text.Append("/.");
        text.Append(Path);
        if (Query is not null) text.Append('?').Append(Query);
        if (!excludeFragment && Fragment is not null) text.Append('#').Append(Fragment);
        return text.ToString();
    }

    /// <summary>
    /// The URL's origin serialized: <c>scheme://host[:port]</c> for http(s), ws(s) and ftp, and for the extension schemes
    /// (browsers give <c>moz-extension://&lt;uuid&gt;</c> and <c>chrome-extension://&lt;id&gt;</c> their own origin); a
    /// blob URL's is that of the URL it wraps; any other is opaque, "null".
    /// </summary>
    public string Origin => Scheme switch
    {
        "blob" => Parse(Path) is { Scheme: "http" or "https" } inner ? inner.Origin : "null",
        "http" or "https" or "ws" or "wss" or "ftp" => TupleOrigin(),
        "moz-extension" or "chrome-extension" when !string.IsNullOrEmpty(Host) => TupleOrigin(),
        _ => "null",
    };

    private string TupleOrigin() => Scheme + "://" + Host + (Port.Length > 0 ? ":" + Port : "");

    public string HostAndPort => Host is null ? "" : Port.Length > 0 ? Host + ":" + Port : Host;

    public UrlRecord Clone() => (UrlRecord)MemberwiseClone();

    /// <summary>The URL Standard's "URL parser": the record, or null for failure (what <c>new URL</c> throws for).</summary>
    public static UrlRecord? Parse(string input, UrlRecord? baseUrl = null)
    {
        if (baseUrl is null) return FromAngleSharp(() => new AngleSharp.Dom.Url(input));
        if (baseUrl.HasOpaquePath)
        {
            // Against an opaque path only a fragment resolves; anything else must be a URL of its own.
            var trimmed = input.Trim(C0ControlOrSpace);
            if (trimmed.StartsWith('#'))
                return FromAngleSharp(() => new AngleSharp.Dom.Url(baseUrl.Serialize(excludeFragment: true) + trimmed));
            return FromAngleSharp(() => new AngleSharp.Dom.Url(input));
        }
        var baseHref = baseUrl.Href;
        return FromAngleSharp(() => new AngleSharp.Dom.Url(input, baseHref));
    }

    private static readonly char[] C0ControlOrSpace = Enumerable.Range(0, 0x21).Select(c => (char)c).ToArray();

    private static UrlRecord? FromAngleSharp(Func<AngleSharp.Dom.Url> parse)
    {
        AngleSharp.Dom.Url url;
        try
        {
            url = parse();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever AngleSharp's parser throws is a URL that does not parse, never an exception a script sees.
            return null;
        }
        if (url.IsInvalid || url.IsRelative || string.IsNullOrEmpty(url.Scheme)) return null;
        var scheme = url.Scheme.ToLowerInvariant();
        var record = new UrlRecord(scheme);
        var afterScheme = url.Href.Length > scheme.Length ? url.Href[(scheme.Length + 1)..] : "";
        var special = record.IsSpecial;
        record.HasOpaquePath = !special && !afterScheme.StartsWith('/');
        if (special || afterScheme.StartsWith("//", StringComparison.Ordinal))
        {
            record.Host = url.HostName ?? "";
            // A special URL other than file: always has a host ("http://" is no URL).
            if (record.Host.Length == 0 && scheme != "file") return null;
            record.Username = Encode(url.UserName ?? "", UserinfoSet);
            record.Password = Encode(url.Password ?? "", UserinfoSet);
            if (ValidPort(url.Port ?? "", scheme) is not { } port) return null;
            record.Port = port;
        }
        record.Path = record.HasOpaquePath ? Encode(url.Data, C0ControlSet) : Encode(url.PathName ?? "", PathSet);
        if (record.Path.Length == 0 && special) record.Path = "/";
        record.Query = url.Query is { } query ? Encode(query, special ? SpecialQuerySet : QuerySet) : null;
        record.Fragment = url.Fragment is { } fragment ? Encode(fragment, FragmentSet) : null;
        return record;
    }

    /// <summary>A port as the standard keeps it: digits up to 65535, leading zeros dropped, the scheme's default as none.</summary>
    private static string? ValidPort(string digits, string scheme)
    {
        if (digits.Length == 0) return "";
        if (!digits.All(char.IsAsciiDigit)) return null;
        var trimmed = digits.TrimStart('0');
        if (trimmed.Length > 5) return null;
        var number = trimmed.Length == 0 ? 0 : int.Parse(trimmed, CultureInfo.InvariantCulture);
        if (number > 65535) return null;
        return DefaultPort(scheme) == number ? "" : number.ToString(CultureInfo.InvariantCulture);
    }

    private static int? DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        "ftp" => 21,
        _ => null,
    };

    // The setters (URL Standard, "API"): each does what the basic URL parser does with a state override. A value the
    // component cannot take leaves the URL as it was, as in browsers; a new host, port or path is checked by parsing the
    // whole URL again.

    public void SetProtocol(string value)
    {
        var colon = value.IndexOf(':');
        var scheme = (colon >= 0 ? value[..colon] : value).ToLowerInvariant();
        if (scheme.Length == 0 || !char.IsAsciiLetter(scheme[0]) || scheme.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))) return;
        var candidate = Clone();
        candidate.Scheme = scheme;
        if (candidate.IsSpecial != IsSpecial) return;
        if (scheme == "file" && (Username.Length > 0 || Password.Length > 0 || Port.Length > 0)) return;
        if (Scheme == "file" && string.IsNullOrEmpty(Host)) return;
        Scheme = scheme;
        if (DefaultPort(scheme)?.ToString(CultureInfo.InvariantCulture) == Port) Port = "";
    }

    private bool CannotHaveCredentialsOrPort => string.IsNullOrEmpty(Host) || Scheme == "file";

    public void SetUsername(string value)
    {
        if (!CannotHaveCredentialsOrPort) Username = Encode(value, UserinfoSet);
    }

    public void SetPassword(string value)
    {
        if (!CannotHaveCredentialsOrPort) Password = Encode(value, UserinfoSet);
    }

    /// <summary><c>host</c> (<paramref name="withPort"/>) and <c>hostname</c>: a port given with the host replaces the old one.</summary>
    public void SetHost(string value, bool withPort)
    {
        if (HasOpaquePath) return;
        var end = value.IndexOfAny(IsSpecial ? ['/', '?', '#', '\\'] : ['/', '?', '#']);
        var text = end >= 0 ? value[..end] : value;
        var hostPart = text;
        string? portPart = null;
        var colon = LastColonOutsideBrackets(text);
        if (colon >= 0)
        {
            hostPart = text[..colon];
            if (withPort) portPart = new string(text[(colon + 1)..].TakeWhile(char.IsAsciiDigit).ToArray());
            else return;
        }
        if (hostPart.Contains('@') || (hostPart.Length == 0 && IsSpecial && Scheme != "file")) return;
        var candidate = Clone();
        candidate.Host = hostPart;
        if (portPart is { Length: > 0 }) candidate.Port = portPart;
        if (Reparsed(candidate) is not { Host: { } host } parsed) return;
        Host = host;
        if (portPart is { Length: > 0 }) Port = parsed.Port;
    }

    private static int LastColonOutsideBrackets(string text)
    {
        var inBrackets = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '[') inBrackets = true;
            else if (text[i] == ']') inBrackets = false;
            else if (text[i] == ':' && !inBrackets) return i;
        }
        return -1;
    }

    public void SetPort(string value)
    {
        if (CannotHaveCredentialsOrPort) return;
        if (value.Length == 0)
        {
            Port = "";
            return;
        }
        var digits = new string(value.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0) return;
        if (ValidPort(digits, Scheme) is { } port) Port = port;
    }

    public void SetPathname(string value)
    {
        if (HasOpaquePath) return;
        var candidate = Clone();
        var path = Encode(value, PathSet, alsoEncode: "?#");
        if ((IsSpecial || Host is not null) && !(path.StartsWith('/') || (IsSpecial && path.StartsWith('\\')))) path = "/" + path;
        candidate.Path = path;
        candidate.Query = null;
        candidate.Fragment = null;
        if (Reparsed(candidate) is { } parsed) Path = parsed.Path;
    }

    public void SetSearch(string value)
    {
        if (value.Length == 0)
        {
            Query = null;
            return;
        }
        Query = Encode(value.StartsWith('?') ? value[1..] : value, IsSpecial ? SpecialQuerySet : QuerySet, alsoEncode: "#");
    }

    public void SetHash(string value)
    {
        if (value.Length == 0)
        {
            Fragment = null;
            return;
        }
        Fragment = Encode(value.StartsWith('#') ? value[1..] : value, FragmentSet);
    }

    private static UrlRecord? Reparsed(UrlRecord candidate) => Parse(candidate.Href) is { } parsed && parsed.Scheme == candidate.Scheme ? parsed : null;

    /// <summary>Two URLs the same but for their fragments (a history entry reached by a fragment change fires hashchange).</summary>
    public bool EqualsExcludingFragment(UrlRecord other) => Serialize(excludeFragment: true) == other.Serialize(excludeFragment: true);

    // The percent-encode sets of the URL Standard, over the C0 control set (controls and everything above U+007E).
    private static readonly string FragmentSet = " \"<>`";
    private static readonly string QuerySet = " \"#<>";
    private static readonly string SpecialQuerySet = QuerySet + "'";
    private static readonly string PathSet = QuerySet + "?`{}";
    private static readonly string UserinfoSet = PathSet + "/:;=@[\\]^|";
    private static readonly string C0ControlSet = "";

    /// <summary>UTF-8 percent-encodes the code points of <paramref name="set"/> (and controls, and non-ASCII); existing escapes stay.</summary>
    private static string Encode(string text, string set, string alsoEncode = "")
    {
        StringBuilder? output = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var encode = c < 0x20 || c > 0x7E || set.Contains(c) || alsoEncode.Contains(c);
            if (!encode)
            {
                output?.Append(c);
                continue;
            }
            output ??= new StringBuilder(text, 0, i, text.Length + 16);
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            // A lone surrogate is encoded as U+FFFD, as USVString conversion makes it.
            var scalar = length == 2 || !char.IsSurrogate(c) ? text.Substring(i, length) : "\uFFFD";
            foreach (var b in Encoding.UTF8.GetBytes(scalar)) output.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            i += length - 1;
        }
        return output?.ToString() ?? text;
    }
}
