using System.Globalization;
using System.Text;

namespace ActorRuntime.Dom;

/// <summary>
/// A URL record of the WHATWG URL Standard (scheme, credentials, host, port, path, query, fragment) behind a script's
/// <c>URL</c> and the <c>href</c> of links. Strings are parsed by the standard's basic URL parser (<see cref="UrlParser"/>);
/// the setters are that parser run with a state override, as the standard's API section says, so a value a component
/// cannot take leaves the URL as it was. Origins give the extension schemes their own, as browsers do.
/// </summary>
internal sealed class UrlRecord
{
    public string Scheme { get; internal set; } = "";
    public string Username { get; internal set; } = "";
    public string Password { get; internal set; } = "";

    /// <summary>The serialized host; null when the URL has none (<c>mailto:</c>, <c>foo:/x</c>), "" for an empty one (<c>file:///</c>).</summary>
    public string? Host { get; internal set; }

    public int? PortNumber { get; internal set; }

    /// <summary>The path's segments, when it is not opaque.</summary>
    internal List<string> Segments { get; private set; } = [];

    /// <summary>A path that is not a list of segments (<c>about:blank</c>, <c>data:text/plain,hi</c>, <c>mailto:a@b</c>), or null.</summary>
    internal string? OpaquePath { get; set; }

    public string? Query { get; set; }
    public string? Fragment { get; internal set; }

    /// <summary>The port as serialized ("" when there is none).</summary>
    public string Port => PortNumber?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>The serialized path: "/" before each segment, or the whole opaque path.</summary>
    public string Path => OpaquePath ?? string.Concat(Segments.Select(segment => "/" + segment));

    public bool HasOpaquePath => OpaquePath is not null;

    public bool IsSpecial => IsSpecialScheme(Scheme);

    public static bool IsSpecialScheme(string scheme) => scheme is "http" or "https" or "ws" or "wss" or "ftp" or "file";

    public static int? DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        "ftp" => 21,
        _ => null,
    };

    public bool IncludesCredentials => Username.Length > 0 || Password.Length > 0;

    /// <summary>No host, an empty host, or a <c>file:</c> URL: username, password and port setters do nothing.</summary>
    public bool CannotHaveCredentialsOrPort => string.IsNullOrEmpty(Host) || Scheme == "file";

    public override string ToString() => Href;

    public string Href => Serialize(excludeFragment: false);

    public string Serialize(bool excludeFragment)
    {
        var text = new StringBuilder(Scheme).Append(':');
        if (Host is not null)
        {
            text.Append("//");
            if (IncludesCredentials)
            {
                text.Append(Username);
                if (Password.Length > 0) text.Append(':').Append(Password);
                text.Append('@');
            }
            text.Append(Host);
            if (PortNumber is { } port) text.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }
        else if (OpaquePath is null && Segments.Count > 1 && Segments[0].Length == 0)
            text.Append("/.");
        text.Append(Path);
        if (Query is not null) text.Append('?').Append(Query);
        if (!excludeFragment && Fragment is not null) text.Append('#').Append(Fragment);
        return text.ToString();
    }

    /// <summary>
    /// The URL's origin serialized: <c>scheme://host[:port]</c> for http(s), ws(s) and ftp, and for the extension schemes
    /// (browsers give <c>moz-extension://&lt;uuid&gt;</c> and <c>chrome-extension://&lt;id&gt;</c> their own origin); a
    /// blob URL's is that of the URL its path holds, when that is http(s); any other is opaque, "null".
    /// </summary>
    public string Origin => Scheme switch
    {
        "blob" => Parse(Path) is { Scheme: "http" or "https" } inner ? inner.Origin : "null",
        "http" or "https" or "ws" or "wss" or "ftp" => TupleOrigin(),
        "moz-extension" or "chrome-extension" when !string.IsNullOrEmpty(Host) => TupleOrigin(),
        _ => "null",
    };

    private string TupleOrigin() => Scheme + "://" + HostAndPort;

    public string HostAndPort => Host is null ? "" : PortNumber is { } port ? Host + ":" + port.ToString(CultureInfo.InvariantCulture) : Host;

    public UrlRecord Clone()
    {
        var copy = (UrlRecord)MemberwiseClone();
        copy.Segments = [.. Segments];
        return copy;
    }

    /// <summary>The URL Standard's "URL parser": the record, or null for failure (what <c>new URL</c> throws for).</summary>
    public static UrlRecord? Parse(string input, UrlRecord? baseUrl = null) => UrlParser.Parse(input, baseUrl);

    /// <summary>Two URLs the same but for their fragments (a history entry reached by a fragment change fires hashchange).</summary>
    public bool EqualsExcludingFragment(UrlRecord other) => Serialize(excludeFragment: true) == other.Serialize(excludeFragment: true);

    // The setters (URL Standard, "API"; HTML's HTMLHyperlinkElementUtils does the same): each runs the basic URL parser
    // on this record with a state override; what the parser refuses leaves the record as it was.

    public void SetProtocol(string value) => UrlParser.Override(this, value + ":", UrlParser.State.SchemeStart);

    public void SetUsername(string value)
    {
        if (!CannotHaveCredentialsOrPort) Username = UrlPercentEncoding.Encode(value, PercentEncodeSet.Userinfo);
    }

    public void SetPassword(string value)
    {
        if (!CannotHaveCredentialsOrPort) Password = UrlPercentEncoding.Encode(value, PercentEncodeSet.Userinfo);
    }

    /// <summary><c>host</c> (<paramref name="withPort"/>) and <c>hostname</c>: a port given with the host replaces the old one.</summary>
    public void SetHost(string value, bool withPort)
    {
        if (!HasOpaquePath) UrlParser.Override(this, value, withPort ? UrlParser.State.Host : UrlParser.State.Hostname);
    }

    public void SetPort(string value)
    {
        if (CannotHaveCredentialsOrPort) return;
        if (value.Length == 0) PortNumber = null;
        else UrlParser.Override(this, value, UrlParser.State.Port);
    }

    public void SetPathname(string value)
    {
        if (HasOpaquePath) return;
        Segments.Clear();
        UrlParser.Override(this, value, UrlParser.State.PathStart);
    }

    public void SetSearch(string value)
    {
        if (value.Length == 0)
        {
            Query = null;
            return;
        }
        Query = "";
        UrlParser.Override(this, value.StartsWith('?') ? value[1..] : value, UrlParser.State.Query);
    }

    public void SetHash(string value)
    {
        if (value.Length == 0)
        {
            Fragment = null;
            return;
        }
        Fragment = "";
        UrlParser.Override(this, value.StartsWith('#') ? value[1..] : value, UrlParser.State.Fragment);
    }
}
