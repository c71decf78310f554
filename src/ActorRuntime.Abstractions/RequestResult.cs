namespace ActorRuntime;

/// <summary>
/// What became of a request the host issued (<see cref="IExtensionRuntime.RequestAsync"/>) once the extension's webRequest
/// listeners and declarativeNetRequest rules had their say. <see cref="Url"/>: the URL it was issued for;
/// <see cref="Cancelled"/>: a listener or rule blocked it; <see cref="RedirectUrl"/>: where it ended when it was redirected
/// (null when it was not); <see cref="RequestHeaders"/>: its headers as last sent (or as they stood when it was cancelled),
/// in order; <see cref="StatusCode"/>: the status of the response it got (null when none came); <see cref="Error"/>: the
/// browser's error when it failed (<c>net::ERR_BLOCKED_BY_CLIENT</c> / <c>NS_ERROR_ABORT</c> when cancelled,
/// <c>net::ERR_INTERNET_DISCONNECTED</c> / <c>NS_ERROR_OFFLINE</c> when nothing answered it), else null.
/// </summary>
public sealed record RequestResult(string Url, bool Cancelled, string? RedirectUrl, IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    int? StatusCode, string? Error);
