using System.Text.Json;
using ActorRuntime.Kernel;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// What the blocking listeners of one event answered (their <c>BlockingResponse</c>s), taken in listener order as Firefox
/// takes them: the first that cancels, redirects (or, Firefox, upgrades to https) or gives credentials decides; header
/// lists replace the request's or response's headers, each later one over the earlier. What the event does not take is
/// ignored (a <c>redirectUrl</c> at <c>onBeforeSendHeaders</c>); a malformed part is ignored with a line saying why.
/// </summary>
internal sealed record BlockingAnswer
{
    public static readonly BlockingAnswer None = new();

    public bool Cancel { get; init; }
    public string? RedirectUrl { get; init; }
    public List<KeyValuePair<string, string>>? RequestHeaders { get; init; }
    public List<KeyValuePair<string, string>>? ResponseHeaders { get; init; }
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>The answer of <paramref name="resultsJson"/> (one entry per listener that heard the event, null for those whose answer does not count).</summary>
    /// <param name="warn">Where a malformed answer is reported.</param>
    public static BlockingAnswer From(string resultsJson, string eventName, string url, ExtensionKernel extension, Action<string> warn)
    {
        if (resultsJson == "[]" || resultsJson.Replace("null", "").Replace(",", "") == "[]") return None;
        using var document = JsonDocument.Parse(resultsJson, new JsonDocumentOptions { MaxDepth = extension.Options.MaxMessageDepth + 1 });
        var answer = None;
        var maxHeaders = extension.Options.WebRequest.MaxHeaders;
        foreach (var result in document.RootElement.EnumerateArray())
        {
            if (result.ValueKind != JsonValueKind.Object) continue;
            if (result.TryGetProperty("cancel", out var cancel) && cancel.ValueKind == JsonValueKind.True) return answer with { Cancel = true };
            if (eventName is "onBeforeRequest" or "onHeadersReceived" && result.TryGetProperty("redirectUrl", out var redirect) && redirect.ValueKind == JsonValueKind.String)
            {
                var target = redirect.GetString()!;
                if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && !target.Any(char.IsControl)) return answer with { RedirectUrl = uri.AbsoluteUri };
                warn($"redirectUrl '{OneLineText.Escape(target, 200)}' is not a valid URL.");
            }
            if (eventName == "onBeforeRequest" && extension.Flavor != Flavor.Chrome && result.TryGetProperty("upgradeToSecure", out var upgrade)
                && upgrade.ValueKind == JsonValueKind.True && Uri.TryCreate(url, UriKind.Absolute, out var insecure) && insecure.Scheme is "http" or "ws")
                return answer with { RedirectUrl = new UriBuilder(insecure) { Scheme = insecure.Scheme + "s", Port = insecure.IsDefaultPort ? -1 : insecure.Port }.Uri.AbsoluteUri };
            if (eventName == "onBeforeSendHeaders" && Headers(result, "requestHeaders", maxHeaders, warn) is { } requestHeaders)
                answer = answer with { RequestHeaders = requestHeaders };
            if (eventName == "onHeadersReceived" && Headers(result, "responseHeaders", maxHeaders, warn) is { } responseHeaders)
                answer = answer with { ResponseHeaders = responseHeaders };
            if (eventName == "onAuthRequired" && result.TryGetProperty("authCredentials", out var credentials) && credentials.ValueKind == JsonValueKind.Object
                && credentials.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String
                && credentials.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String)
                return answer with { Credentials = (user.GetString()!, password.GetString()!) };
        }
        return answer;
    }

    /// <summary>An <c>HttpHeaders</c> list of the answer: <c>{name, value}</c> or <c>{name, binaryValue}</c> each; null when absent or malformed.</summary>
    private static List<KeyValuePair<string, string>>? Headers(JsonElement result, string key, int most, Action<string> warn)
    {
        if (!result.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return null;
        if (list.GetArrayLength() > most)
        {
            warn($"{key} ignored: more than {most} headers ({WebRequestLimits.MaxHeadersKey})");
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var item in list.EnumerateArray())
        {
            string? name = null, value = null;
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            {
                name = n.GetString();
                if (item.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String) value = v.GetString();
                else if (item.TryGetProperty("binaryValue", out var bytes) && bytes.ValueKind == JsonValueKind.Array)
                    value = new string(bytes.EnumerateArray().Select(b => b.TryGetByte(out var octet) ? (char)octet : '\0').ToArray());
            }
            if (name is null || value is null || HeaderProblem(name, value) is { } problem)
            {
                warn($"{key} ignored: expected {{\"name\", \"value\"}} headers, got {OneLineText.Escape(item.GetRawText(), 120)}");
                return null;
            }
            headers.Add(new(name, value));
        }
        return headers;
    }

    /// <summary>Why a header cannot be sent (a name that is no HTTP token, a value with a line break or NUL), or null.</summary>
    public static string? HeaderProblem(string name, string value)
    {
        if (name.Length == 0 || !name.All(c => c is > ' ' and < '\u007f' && "\"(),/:;<=>?@[\\]{}".IndexOf(c) < 0)) return "the name is not an HTTP token";
        return value.Any(c => c is '\r' or '\n' or '\0') ? "the value has a line break or NUL" : null;
    }
}
