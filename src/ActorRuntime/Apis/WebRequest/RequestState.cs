using System.Text.Json;
using ActorRuntime.Kernel;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// One request the host issued, as it goes through its lifecycle: what the host's details said (method, type, tab,
/// frame, initiator), where it is now (its URL after redirects), the headers it is sent with and the response it got.
/// </summary>
internal sealed class RequestState
{
    /// <summary>webRequest's resource types (Firefox's, with Chromium's own).</summary>
    private static readonly HashSet<string> ResourceTypes =
    [
        "main_frame", "sub_frame", "stylesheet", "script", "image", "object", "xmlhttprequest", "xslt", "ping", "beacon", "xml_dtd",
        "font", "media", "websocket", "csp_report", "imageset", "web_manifest", "speculative", "json", "other", "webbundle", "webtransport",
    ];

    private static readonly HashSet<string> Keys = ["method", "type", "tabId", "frameId", "parentFrameId", "initiator", "requestHeaders"];

    public required string RequestId { get; init; }
    public required string Url { get; set; }
    public required string Method { get; set; }
    public required string Type { get; init; }
    public required int TabId { get; init; }
    public required int WindowId { get; init; }
    public required int FrameId { get; init; }
    public required int ParentFrameId { get; init; }

    /// <summary>The URL of the document that made the request; null for a navigation from the address bar.</summary>
    public string? Initiator { get; init; }
    public bool Incognito { get; init; }

    /// <summary>The headers the host's details gave, or null for the browser's own (made for each URL the request goes to).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? GivenHeaders { get; init; }

    /// <summary>The page's own request when a page, content script or extension page made it (fetch, XMLHttpRequest); null for the host's.</summary>
    public NetworkRequest? PageRequest { get; init; }

    /// <summary>The base URL of the extension whose own page or background made the request (hidden from other extensions); null otherwise.</summary>
    public string? RequestingExtension { get; init; }

    public List<KeyValuePair<string, string>> RequestHeaders { get; set; } = [];
    public int? StatusCode { get; set; }
    public string? StatusLine { get; set; }
    public List<KeyValuePair<string, string>> ResponseHeaders { get; set; } = [];

    /// <summary>The origin of the initiator (Chromium's <c>initiator</c>), or null.</summary>
    public string? InitiatorOrigin => Initiator is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? WebStorage.OriginOf(uri.AbsoluteUri) : null;

    /// <summary>The request the host described, checked: bad input is an <see cref="ExtensionRequestException"/> naming what is wrong.</summary>
    public static RequestState Parse(ExtensionKernel extension, string url, string detailsJson)
    {
        string Refused(string problem) => $"cannot request \"{OneLineText.Escape(url, 200)}\": {problem}";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
            throw new ExtensionRequestException(Refused("expected an absolute http, https, ws or wss URL"));
        JsonElement details;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(detailsJson) ? "{}" : detailsJson, new JsonDocumentOptions { MaxDepth = 8 });
            details = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ExtensionRequestException(Refused("the details are not JSON (expected an object such as {\"type\":\"script\"})"));
        }
        if (details.ValueKind != JsonValueKind.Object) throw new ExtensionRequestException(Refused("the details must be a JSON object such as {\"type\":\"script\"}"));
        foreach (var property in details.EnumerateObject())
            if (!Keys.Contains(property.Name))
                throw new ExtensionRequestException(Refused($"unknown detail \"{OneLineText.Escape(property.Name, 40)}\" (expected {string.Join(", ", Keys)})"));

        var method = Text(details, "method", Refused) ?? "GET";
        if (method.Length == 0 || method.Length > 32 || !method.All(c => char.IsAsciiLetter(c) || c is '-' or '_'))
            throw new ExtensionRequestException(Refused($"method \"{OneLineText.Escape(method, 40)}\": expected an HTTP method such as POST"));
        var type = Text(details, "type", Refused) ?? "main_frame";
        if (!ResourceTypes.Contains(type)) throw new ExtensionRequestException(Refused($"type \"{OneLineText.Escape(type, 40)}\": expected a resource type such as main_frame, script or xmlhttprequest"));

        // By default the request is the focused window's active tab's (a browser just started has none: no tab).
        var browser = extension.Browser;
        var tab = Number(details, "tabId", Refused) is { } tabId
            ? tabId == -1 ? null : browser.Tab(tabId) ?? throw new ExtensionRequestException(Refused($"the browser has no tab {tabId}"))
            : browser.ActiveTab(incognito: false);
        var initiator = Text(details, "initiator", Refused);
        if (initiator is not null && !Uri.TryCreate(initiator, UriKind.Absolute, out _)) throw new ExtensionRequestException(Refused("initiator: expected an absolute URL"));
        // A tab's subresource is its document's.
        if (initiator is null && type != "main_frame" && tab is not null && tab.Url.StartsWith("http", StringComparison.Ordinal)) initiator = tab.Url;

        return new RequestState
        {
            RequestId = extension.NextRequestId().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Url = OfflineNetwork.WithoutFragment(uri.AbsoluteUri),
            Method = method.ToUpperInvariant(),
            Type = type,
            TabId = tab?.Id ?? -1,
            WindowId = tab?.WindowId ?? -1,
            FrameId = Number(details, "frameId", Refused) ?? 0,
            ParentFrameId = Number(details, "parentFrameId", Refused) ?? -1,
            Initiator = initiator,
            Incognito = tab?.Incognito ?? false,
            GivenHeaders = details.TryGetProperty("requestHeaders", out var headers) ? Headers(headers, extension.Options.WebRequest.MaxHeaders, Refused) : null,
        };
    }

    private static string? Text(JsonElement details, string key, Func<string, string> refused) =>
        !details.TryGetProperty(key, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new ExtensionRequestException(refused($"{key}: expected a string"));

    private static int? Number(JsonElement details, string key, Func<string, string> refused) =>
        !details.TryGetProperty(key, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= -1 ? number
        : throw new ExtensionRequestException(refused($"{key}: expected an integer from -1 on"));

    private static List<KeyValuePair<string, string>> Headers(JsonElement list, int most, Func<string, string> refused)
    {
        if (list.ValueKind != JsonValueKind.Array) throw new ExtensionRequestException(refused("requestHeaders: expected an array of {\"name\",\"value\"}"));
        if (list.GetArrayLength() > most) throw new ExtensionRequestException(refused($"requestHeaders: more than {most} headers ({WebRequestLimits.MaxHeadersKey})"));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String
                || BlockingAnswer.HeaderProblem(name.GetString()!, value.GetString()!) is not null)
                throw new ExtensionRequestException(refused("requestHeaders: expected {\"name\",\"value\"} strings: a header name (an HTTP token) and a value without line breaks"));
            headers.Add(new(name.GetString()!, value.GetString()!));
        }
        return headers;
    }

    /// <summary>The headers the request goes to <see cref="Url"/> with: the host's, else the browser's; the jar's <c>Cookie</c> unless they name one.</summary>
    public List<KeyValuePair<string, string>> HeadersFor(ExtensionKernel extension)
    {
        var headers = GivenHeaders?.ToList() ?? new List<KeyValuePair<string, string>>
        {
            new("User-Agent", BrowserVersions.UserAgent(extension.Flavor)),
            new("Accept", Type is "main_frame" or "sub_frame" ? "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" : "*/*"),
        };
        if (!headers.Any(h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            && Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (PageRequest?.IncludesCredentials(uri) ?? true)
            && extension.Network.CookieHeader(Incognito, uri) is { } cookie)
            headers.Add(new("Cookie", cookie));
        return headers;
    }

    /// <summary>One event's details as its one-argument JSON array, as the flavour's browser gives them.</summary>
    public string DetailsJson(ExtensionKernel extension, Action<Utf8JsonWriter>? more = null)
    {
        var chromium = extension.Flavor == Flavor.Chrome;
        // One buffer and writer per thread, reused at every event (the details are read into the engine at once).
        var buffer = _detailsBuffer ??= new System.Buffers.ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var json = _detailsWriter ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("requestId", RequestId);
            json.WriteString("url", Url);
            json.WriteString("method", Method);
            json.WriteNumber("frameId", FrameId);
            json.WriteNumber("parentFrameId", ParentFrameId);
            json.WriteNumber("tabId", TabId);
            json.WriteString("type", Type);
            json.WriteNumber("timeStamp", extension.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            // For the request filter only (listeners' details have none).
            json.WriteNumber("windowId", WindowId);
            json.WriteBoolean("incognito", Incognito);
            if (chromium)
            {
                if (InitiatorOrigin is { } origin) json.WriteString("initiator", origin);
                // A worker's request has no frame (-1).
                if (FrameId >= 0) json.WriteString("frameType", FrameId == 0 ? "outermost_frame" : "sub_frame");
                json.WriteString("documentLifecycle", "active");
            }
            else
            {
                if (Initiator is { } initiator)
                {
                    json.WriteString("originUrl", initiator);
                    json.WriteString("documentUrl", initiator);
                }
                json.WriteBoolean("thirdParty", Initiator is { } from && SiteOf(from) != SiteOf(Url));
                json.WriteString("cookieStoreId", CookieViews.StoreId(extension.Flavor, Incognito));
                json.WriteStartArray("frameAncestors");
                json.WriteEndArray();
                json.WriteStartObject("urlClassification");
                json.WriteStartArray("firstParty");
                json.WriteEndArray();
                json.WriteStartArray("thirdParty");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteNull("proxyInfo");
            }
            more?.Invoke(json);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.Flush();
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [ThreadStatic] private static System.Buffers.ArrayBufferWriter<byte>? _detailsBuffer;
    [ThreadStatic] private static Utf8JsonWriter? _detailsWriter;

    /// <summary>Writes <c>statusCode</c>, <c>statusLine</c>, <c>fromCache</c> and the response headers (listeners that asked for them see them).</summary>
    public void WriteResponse(Utf8JsonWriter json)
    {
        json.WriteNumber("statusCode", StatusCode ?? 0);
        json.WriteString("statusLine", StatusLine ?? "");
        json.WriteBoolean("fromCache", false);
        WriteHeaders(json, "responseHeaders", ResponseHeaders);
    }

    public static void WriteHeaders(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, string>> headers)
    {
        json.WriteStartArray(name);
        foreach (var (key, value) in headers)
        {
            json.WriteStartObject();
            json.WriteString("name", key);
            json.WriteString("value", value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>A site as the runtime counts it (no public suffix list): the host's last two labels.</summary>
    private static string SiteOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url;
        var labels = uri.Host.TrimEnd('.').Split('.');
        return labels.Length <= 2 ? uri.Host : string.Join('.', labels[^2..]);
    }
}
