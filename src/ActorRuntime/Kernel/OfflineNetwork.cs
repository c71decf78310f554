using System.Collections.Immutable;
using ActorRuntime.Manifest;

namespace ActorRuntime.Kernel;

/// <summary>A request a page made (<c>fetch</c>, <c>XMLHttpRequest</c>), as the offline network takes it: an absolute URL without its fragment.</summary>
/// <param name="ExtensionBaseUrl">
/// The requesting extension's origin (<c>moz-extension://&lt;uuid&gt;/</c>...), whose URLs name its files; null for a web
/// page's own request (a page may not read an extension's files).
/// </param>
internal sealed record NetworkRequest(string Method, string Url, string? ExtensionBaseUrl)
{
    /// <summary>Made in a private window: its cookies are the private profile's.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>Fetch's credentials mode: <c>omit</c>, <c>same-origin</c> (the default; XHR without <c>withCredentials</c>) or <c>include</c>.</summary>
    public string Credentials { get; init; } = "same-origin";

    /// <summary>The origin of the page that made it (<c>https://example.com</c>, an extension's <c>moz-extension://...</c>), for <c>same-origin</c>.</summary>
    public string? ClientOrigin { get; init; }

    /// <summary>The context that made it, for the console lines it causes.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// Who made it, as webRequest and declarativeNetRequest see it (made by a page's <c>fetch</c> or <c>XMLHttpRequest</c>);
    /// null for the runtime's own reads.
    /// </summary>
    public PageRequestOrigin? Maker { get; init; }

    /// <summary>Headers the network adds (the <c>Cookie</c> header from the jar), as what answers the request sees them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Whether cookies go with it and come from its response: credentials <c>include</c>, or <c>same-origin</c> to its own origin.</summary>
    public bool IncludesCredentials(Uri url) => Credentials switch
    {
        "include" => true,
        "same-origin" => ClientOrigin is { } origin && string.Equals(origin, WebStorage.OriginOf(url.AbsoluteUri), StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}

/// <summary>Who made a page's request: the document, its tab and frame, whether the extension's own page made it, and the headers the script set.</summary>
/// <param name="DocumentUrl">The URL of the document whose script made it (the page's for a content script).</param>
/// <param name="TabId">The tab it was made in; -1 for a background or a page in no tab.</param>
/// <param name="OwnPage">Made by one of the extension's own pages or its background (not a content script or a web page).</param>
/// <param name="ContentScript">Made by a content script.</param>
internal sealed record PageRequestOrigin(string DocumentUrl, int TabId, int FrameId, bool OwnPage, bool ContentScript, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>webRequest's resource type: fetch and XMLHttpRequest are both <c>xmlhttprequest</c>.</summary>
    public string Type { get; init; } = "xmlhttprequest";
}

/// <summary>What answered a request: the response, at <paramref name="Url"/> (where redirects ended).</summary>
internal sealed record NetworkResponse(int Status, string StatusText, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string Url, bool Redirected)
{
    /// <summary>How long it takes to arrive, on the runtime's clock (a registered response's <see cref="ResponseSpec.Delay"/>).</summary>
    public TimeSpan Delay { get; init; }
}

/// <summary>
/// The network an extension's pages see, which reaches nothing: a request to the extension's own origin is answered from
/// its folder (through the bounded file reading: only regular files inside it, within the size limit); a <c>data:</c> URL
/// from itself; any other from the responses the host registered (<see cref="Register(string, ResponseSpec)"/>), the newest
/// matching one first. A credentialed request to an http(s) URL carries the <c>Cookie</c> header of the jar, and its
/// response's <c>Set-Cookie</c> headers land in the jar (scripts never see them, as in browsers); redirects (301, 302, 303, 307, 308 with a <c>Location</c>) are followed, at most 20 as browsers do. Anything
/// else is a network error (null), as when a browser is offline.
/// </summary>
/// <remarks>
/// Thread-safety: the registrations are an immutable list replaced whole (registered from outside, read by requests on
/// the thread pool); <see cref="Answer"/> keeps no state.
/// </remarks>
internal sealed class OfflineNetwork
{
    private const int MaxRedirects = 20;
    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    private ImmutableList<(string Pattern, Func<NetworkRequest, ResponseSpec?> Responder)> _registered;
    // The extension's cookie jar, its clock and its console: one reference, where delegates would cost a suspended
    // extension about a hundred bytes more each.
    private readonly ExtensionKernel _extension;

    /// <param name="runtimeWide">What every extension of the runtime answers with (<see cref="RuntimeOptions.Responses"/>), checked by whoever set them.</param>
    /// <param name="extension">Whose requests these are: the jar they take their cookies from and set cookies in, the clock cookies expire against, the console a refused cookie is reported on.</param>
    public OfflineNetwork(IReadOnlyList<KeyValuePair<string, ResponseSpec>> runtimeWide, ExtensionKernel extension)
    {
        _registered = runtimeWide.Count == 0 ? [] : runtimeWide.Select(r => (r.Key, Constant(r.Value))).ToImmutableList();
        _extension = extension;
    }

    private static Func<NetworkRequest, ResponseSpec?> Constant(ResponseSpec response) => _ => response;

    /// <summary>Why <paramref name="pattern"/> cannot be answered with <paramref name="response"/> (one line), or null when it can.</summary>
    public static string? Refusal(string? pattern, ResponseSpec? response)
    {
        if (response is null) return "the response is missing";
        if (MatchPattern.Problem(pattern ?? "") is { } problem) return $"cannot respond to \"{OneLineText.Escape(pattern, 200)}\": {problem}";
        return response.Problem() is { } refused ? $"cannot respond to {OneLineText.Escape(pattern, 200)}: {refused}" : null;
    }

    /// <summary>Answers requests to URLs matching <paramref name="pattern"/> with <paramref name="response"/>, replacing what the same pattern answered.</summary>
    public void Register(string pattern, ResponseSpec response) => Register(pattern, Constant(response));

    /// <summary>
    /// Answers requests to URLs matching <paramref name="pattern"/> with what <paramref name="responder"/> gives for each (it
    /// sees the request's headers, the <c>Cookie</c> header among them; null passes the request on to older registrations).
    /// </summary>
    public void Register(string pattern, Func<NetworkRequest, ResponseSpec?> responder)
    {
        ImmutableInterlocked.Update(ref _registered, list => list.RemoveAll(entry => entry.Pattern == pattern).Add((pattern, responder)));
        _registeredForExtension = true;
    }

    /// <summary>A <c>Set-Cookie</c> header the jar refused is reported on the requesting context's console.</summary>
    private void CookieRefused(string? label, string text) => _extension.Report(new ConsoleEntry(label ?? "runtime", "warn", text));

    private volatile bool _registeredForExtension;

    /// <summary>Whether responses were registered for this extension (beyond the runtime's own): they live as long as it does.</summary>
    public bool HasRegistrationsOfItsOwn => _registeredForExtension;

    /// <summary>Puts the extension's messages into its CSS files as they are served (<c>__MSG_name__</c>); null when it has no locales.</summary>
    public Func<string, string>? LocalizeCss { get; set; }

    /// <summary>The response to <paramref name="request"/>, or null for a network error.</summary>
    public NetworkResponse? Answer(NetworkRequest request, ExtensionPackage package)
    {
        var url = request.Url;
        var redirected = false;
        for (var redirects = 0; ; redirects++)
        {
            if (AnswerOnce(request, url, package) is not { } response) return null;
            var location = RedirectStatuses.Contains(response.Status)
                ? response.Headers.FirstOrDefault(h => h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)).Value
                : null;
            // A HEAD request gets the headers only, as from a server.
            if (location is null) return response with { Redirected = redirected, Body = request.Method == "HEAD" ? [] : response.Body };
            if (redirects == MaxRedirects || !Uri.TryCreate(new Uri(url), location, out var next)) return null;
            url = WithoutFragment(next.AbsoluteUri);
            redirected = true;
        }
    }

    public static string WithoutFragment(string url) => url.IndexOf('#') is var hash and >= 0 ? url[..hash] : url;

    private NetworkResponse? AnswerOnce(NetworkRequest request, string url, ExtensionPackage package)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        if (request.ExtensionBaseUrl is { } baseUrl && url.StartsWith(baseUrl, StringComparison.OrdinalIgnoreCase)) return ExtensionFile(uri, url, package, LocalizeCss);
        switch (uri.Scheme)
        {
            // Another extension's files are not this one's to read.
            case "moz-extension" or "chrome-extension": return null;
            case "data": return DataUrl(url);
        }
        var credentials = CookieRules.IsCookieUrl(uri) && request.IncludesCredentials(uri);
        var hop = request with { Url = url, Headers = credentials && CookieHeader(request.IsPrivate, uri) is { } cookie ? [new("Cookie", cookie)] : [] };
        return Registered(hop, uri, credentials) is { } response ? response with { Headers = WithoutSetCookie(response.Headers) } : null;
    }

    /// <summary>The <c>Cookie</c> header the jar gives a request to <paramref name="url"/>, or null when it has none for it.</summary>
    public string? CookieHeader(bool isPrivate, Uri url) =>
        CookieRules.IsCookieUrl(url) ? _extension.Cookies.HeaderFor(isPrivate, url, _extension.Clock.GetUtcNow()) : null;

    /// <summary>
    /// One hop of a request the browser makes itself (the webRequest lifecycle): sent with its headers as they are (its
    /// <c>Cookie</c> header among them), no redirect followed; the response's <c>Set-Cookie</c> headers stay in its headers
    /// (webRequest listeners see them) and land in the jar when its credentials mode lets them. A URL of the requesting
    /// extension is answered from its files.
    /// </summary>
    public NetworkResponse? AnswerHop(NetworkRequest request, ExtensionPackage package)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri)) return null;
        if (request.ExtensionBaseUrl is { } baseUrl && request.Url.StartsWith(baseUrl, StringComparison.OrdinalIgnoreCase)) return ExtensionFile(uri, request.Url, package, LocalizeCss);
        return uri.Scheme switch
        {
            "moz-extension" or "chrome-extension" => null,
            "data" => DataUrl(request.Url),
            _ => Registered(request, uri, CookieRules.IsCookieUrl(uri) && request.IncludesCredentials(uri)),
        };
    }

    /// <summary>What the newest matching registration answers (its headers whole), its cookies stored when <paramref name="setCookies"/>.</summary>
    private NetworkResponse? Registered(NetworkRequest hop, Uri uri, bool setCookies)
    {
        var registered = Volatile.Read(ref _registered);
        for (var i = registered.Count - 1; i >= 0; i--)
        {
            var (pattern, responder) = registered[i];
            if (!MatchPattern.Matches(pattern, hop.Url) || responder(hop) is not { } response) continue;
            if (setCookies) SetCookies(hop, uri, response.Headers);
            return new NetworkResponse(response.Status, response.StatusText ?? ResponseSpec.ReasonPhrase(response.Status), response.Headers, response.Body, hop.Url, false) { Delay = response.Delay };
        }
        return null;
    }

    private void SetCookies(NetworkRequest request, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var setCookies = headers.Where(h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        if (setCookies.Count == 0) return;
        _extension.Cookies.SetFromResponse(request.IsPrivate, url, setCookies, _extension.Clock.GetUtcNow(),
            problem => CookieRefused(request.Label, $"Set-Cookie from {OneLineText.Escape(url.AbsoluteUri, 200)} ignored: {problem}"));
    }

    /// <summary>The headers a script may read: <c>Set-Cookie</c> and <c>Set-Cookie2</c> are forbidden response headers.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> WithoutSetCookie(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        headers.Any(IsSetCookie) ? headers.Where(h => !IsSetCookie(h)).ToList() : headers;

    private static bool IsSetCookie(KeyValuePair<string, string> header) =>
        header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Set-Cookie2", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file of the extension, read within its limits; a missing or refused file is a network error, as in browsers.</summary>
    private static NetworkResponse? ExtensionFile(Uri uri, string url, ExtensionPackage package, Func<string, string>? localizeCss)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');
        if (path.Length == 0 || path.Contains('\0')) return null;
        try
        {
            var relative = package.Resolve(path);
            var body = package.Files.ReadBytes(relative);
            if (localizeCss is not null && relative.EndsWith(".css", StringComparison.OrdinalIgnoreCase))
                body = System.Text.Encoding.UTF8.GetBytes(localizeCss(System.Text.Encoding.UTF8.GetString(body)));
            return new NetworkResponse(200, "OK", [new("Content-Type", ResponseSpec.ContentTypeFor(relative))], body, url, false);
        }
        catch (Exception ex) when (ex is ManifestException or ExtensionFileException)
        {
            return null;
        }
    }

    /// <summary>A <c>data:</c> URL's body (percent-decoded, or base64 with <c>;base64</c>) and its media type.</summary>
    private static NetworkResponse? DataUrl(string url)
    {
        var comma = url.IndexOf(',');
        if (comma < 0) return null;
        var header = url[5..comma].Trim();
        var data = url[(comma + 1)..];
        var base64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        if (base64) header = header[..^7];
        var type = header.Length == 0 ? "text/plain;charset=US-ASCII" : header.StartsWith(';') ? "text/plain" + header : header;
        byte[] body;
        try
        {
            var decoded = PercentDecode(data);
            body = base64 ? Convert.FromBase64String(new string(System.Text.Encoding.Latin1.GetString(decoded).Where(c => !char.IsWhiteSpace(c)).ToArray())) : decoded;
        }
        catch (FormatException)
        {
            return null;
        }
        return new NetworkResponse(200, "OK", [new("Content-Type", type)], body, url, false);
    }

    private static byte[] PercentDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        var utf8 = System.Text.Encoding.UTF8;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (text[i] < 0x80) bytes.Add((byte)text[i]);
            else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) bytes.AddRange(utf8.GetBytes(text.Substring(i++, 2)));
            else bytes.AddRange(utf8.GetBytes(text[i].ToString()));
        }
        return bytes.ToArray();
    }
}
