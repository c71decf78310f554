using System.Text;

namespace ActorRuntime;

/// <summary>
/// A response the host gives to the requests an extension makes with <c>fetch</c> or <c>XMLHttpRequest</c>: the runtime
/// reaches no network, so a request is answered from the responses registered for it
/// (<see cref="IExtensionRuntime.RespondAsync"/>), else it fails as a browser's offline request does. A 301, 302, 303,
/// 307 or 308 with a <c>Location</c> header is followed as browsers follow it, to whatever answers that URL.
/// </summary>
public sealed record ResponseSpec
{
    /// <summary>200 to 599, as a <c>Response</c> may have.</summary>
    public int Status { get; init; } = 200;

    /// <summary>The reason phrase; null for the standard one of <see cref="Status"/> (<c>OK</c>, <c>Not Found</c>...).</summary>
    public string? StatusText { get; init; }

    /// <summary>The response's headers, in order (a name may repeat).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    /// <summary>
    /// How long the response takes to arrive, on the runtime's clock (zero: at once). A service worker whose fetch waits
    /// longer than <c>actorruntime.service-worker.fetch-timeout</c> is stopped, as Chromium stops it.
    /// </summary>
    public TimeSpan Delay { get; init; }

    /// <summary>A JSON body (<c>Content-Type: application/json</c>).</summary>
    public static ResponseSpec Json(string json, int status = 200) => Bytes(Encoding.UTF8.GetBytes(json), "application/json", status);

    /// <summary>A text body, UTF-8.</summary>
    public static ResponseSpec Text(string text, string contentType = "text/plain;charset=UTF-8", int status = 200) =>
        Bytes(Encoding.UTF8.GetBytes(text), contentType, status);

    public static ResponseSpec Bytes(byte[] body, string contentType, int status = 200) => new()
    {
        Status = status,
        Headers = [new("Content-Type", contentType)],
        Body = body,
    };

    /// <summary>The bytes of a file, with the content type its extension says (<see cref="ContentTypeFor"/>).</summary>
    public static ResponseSpec File(string path) => Bytes(System.IO.File.ReadAllBytes(path), ContentTypeFor(path));

    /// <summary>
    /// The content type of a file by its extension: <c>.json</c> application/json, <c>.html</c> text/html, <c>.txt</c>
    /// text/plain, and the other types pages commonly load (scripts, styles, images); anything else application/octet-stream.
    /// </summary>
    public static string ContentTypeFor(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".html" or ".htm" => "text/html",
        ".txt" => "text/plain",
        ".js" or ".mjs" => "text/javascript",
        ".css" => "text/css",
        ".xml" => "application/xml",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".ico" => "image/x-icon",
        ".wasm" => "application/wasm",
        _ => "application/octet-stream",
    };

    /// <summary>The reason phrase HTTP/1.1 gives <paramref name="status"/>, or empty.</summary>
    public static string ReasonPhrase(int status) => status switch
    {
        200 => "OK", 201 => "Created", 202 => "Accepted", 203 => "Non-Authoritative Information", 204 => "No Content",
        205 => "Reset Content", 206 => "Partial Content", 300 => "Multiple Choices", 301 => "Moved Permanently", 302 => "Found",
        303 => "See Other", 304 => "Not Modified", 307 => "Temporary Redirect", 308 => "Permanent Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 402 => "Payment Required", 403 => "Forbidden", 404 => "Not Found",
        405 => "Method Not Allowed", 406 => "Not Acceptable", 408 => "Request Timeout", 409 => "Conflict", 410 => "Gone",
        411 => "Length Required", 412 => "Precondition Failed", 413 => "Content Too Large", 414 => "URI Too Long",
        415 => "Unsupported Media Type", 416 => "Range Not Satisfiable", 417 => "Expectation Failed", 418 => "I'm a teapot",
        422 => "Unprocessable Content", 425 => "Too Early", 426 => "Upgrade Required", 428 => "Precondition Required",
        429 => "Too Many Requests", 431 => "Request Header Fields Too Large", 451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error", 501 => "Not Implemented", 502 => "Bad Gateway", 503 => "Service Unavailable",
        504 => "Gateway Timeout", 505 => "HTTP Version Not Supported",
        _ => "",
    };

    /// <summary>Why this response cannot be given (one line), or null when it can.</summary>
    internal string? Problem()
    {
        if (Status is < 200 or > 599) return $"status {Status}: expected 200 to 599";
        if (StatusText is { } text && text.Any(c => c is '\r' or '\n' or '\0')) return "the status text has a line break or NUL";
        if (Headers is null) return "the headers are missing";
        foreach (var (name, value) in Headers)
        {
            if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar)) return $"header name \"{OneLineText.Escape(name ?? "", 80)}\": expected an HTTP token";
            if (value is null || value.Any(c => c is '\r' or '\n' or '\0')) return $"header {name}: the value is missing or has a line break or NUL";
        }
        return Body is null ? "the body is missing" : null;
    }

    private static bool IsTokenChar(char c) => c is > ' ' and < '\u007f' && "\"(),/:;<=>?@[\\]{}".IndexOf(c) < 0;
}
