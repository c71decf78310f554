using System.Text.Json;
using ActorRuntime.Apis.Schema;
using ActorRuntime.Apis.Tabs;
using ActorRuntime.Kernel;
using ActorRuntime.Kernel.Dnr;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// The browser's part of a request the host issues (<see cref="IExtensionRuntime.RequestAsync"/>), for one extension, in the
/// order of spec section 9: its declarativeNetRequest rules first (a block cancels, a redirect or upgrade restarts the
/// request at the new URL; header changes apply before the listeners see the headers), then the webRequest events
/// <c>onBeforeRequest</c>, <c>onBeforeSendHeaders</c>, <c>onSendHeaders</c>, the network (the host's responses),
/// <c>onHeadersReceived</c>, <c>onAuthRequired</c> (a 401/407 with a challenge; credentials send it again from
/// <c>onBeforeSendHeaders</c>), <c>onResponseStarted</c>, <c>onCompleted</c>; a redirect is <c>onBeforeRedirect</c> then
/// <c>onBeforeRequest</c> at the new URL, a failure <c>onErrorOccurred</c>. Each event is fired into the extension and
/// awaited (<paramref name="fire"/>: a suspended event page that listened wakes); nothing here runs inside an actor.
/// webRequest hears only http(s)/ws(s) requests the extension holds host permission for (and, in a private tab, only an
/// extension allowed there), with the <c>webRequest</c> permission.
/// </summary>
/// <param name="fire">Fires an event with a JSON array of arguments (made only when someone listens); answers the listeners' results as a JSON array.</param>
internal sealed class RequestLifecycle(ExtensionKernel extension, Func<string, Func<string>, Task<string>> fire)
{
    private const string Internal = "Internal Redirect";
    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    private RequestState _request = null!;
    private string _issued = "";
    private int _redirects;
    private bool _listens;
    private RequestResult? _result;

    private bool Chromium => extension.Flavor == Flavor.Chrome;
    private string Blocked => Chromium ? "net::ERR_BLOCKED_BY_CLIENT" : "NS_ERROR_ABORT";
    private string Offline => Chromium ? "net::ERR_INTERNET_DISCONNECTED" : "NS_ERROR_OFFLINE";
    private string TooManyRedirects => Chromium ? "net::ERR_TOO_MANY_REDIRECTS" : "NS_ERROR_REDIRECT_LOOP";

    /// <summary>Runs the request <paramref name="detailsJson"/> describes to its end; bad details are an <see cref="ExtensionRequestException"/>.</summary>
    public async Task<RequestResult> RunAsync(string url, string detailsJson)
    {
        _request = RequestState.Parse(extension, url, detailsJson);
        _issued = _request.Url;
        while (await HopAsync() is { } next) _request.Url = next;
        return _result!;
    }

    /// <summary>One URL of the request: where it is redirected to next, or null when it ended (<see cref="_result"/>).</summary>
    private async Task<string?> HopAsync()
    {
        var request = _request;
        (request.StatusCode, request.StatusLine, request.ResponseHeaders) = (null, null, []);
        request.RequestHeaders = request.HeadersFor(extension);
        _listens = Listens(request);
        var rules = TabJson.Visible(extension, request.Incognito)
            ? extension.NetRules.Evaluate(new DnrRequest(request.Url, request.InitiatorOrigin, request.Method.ToLowerInvariant(), request.Type, request.TabId),
                DeclarativeNetRequestApi.AccessOf(extension), record: true, now: extension.Clock.GetUtcNow())
            : DnrOutcome.None;
        if (rules.Blocks) return await FailAsync(Blocked, cancelled: true);
        if (rules.RedirectUrl is { } ruled) return await RedirectAsync(ruled, 307, Internal);
        if (_listens)
        {
            var answer = await StageAsync("onBeforeRequest");
            if (answer.Cancel) return await FailAsync(Blocked, cancelled: true);
            if (answer.RedirectUrl is { } target) return await RedirectAsync(target, 307, Internal);
        }
        request.RequestHeaders = Apply(request.RequestHeaders, rules.RequestHeaders, joinAppended: true);
        for (var attempt = 0; ; attempt++)
        {
            if (_listens)
            {
                var answer = await StageAsync("onBeforeSendHeaders", WriteRequestHeaders);
                if (answer.Cancel) return await FailAsync(Blocked, cancelled: true);
                if (answer.RequestHeaders is { } changed) request.RequestHeaders = changed;
                await StageAsync("onSendHeaders", WriteRequestHeaders);
            }
            var response = extension.Network.AnswerHop(
                new NetworkRequest(request.Method, request.Url, extension.Identity.BaseUrl) { IsPrivate = request.Incognito, Headers = request.RequestHeaders, Label = "runtime" },
                extension.Package);
            if (response is null) return await FailAsync(Offline, cancelled: false);
            request.StatusCode = response.Status;
            request.StatusLine = $"HTTP/1.1 {response.Status} {response.StatusText}".TrimEnd();
            request.ResponseHeaders = Apply(response.Headers.ToList(), rules.ResponseHeaders, joinAppended: false);
            if (_listens)
            {
                var answer = await StageAsync("onHeadersReceived", request.WriteResponse);
                if (answer.Cancel) return await FailAsync(Blocked, cancelled: true);
                if (answer.RedirectUrl is { } target) return await RedirectAsync(target, 307, Internal);
                if (answer.ResponseHeaders is { } changed) request.ResponseHeaders = changed;
            }
            if (RedirectStatuses.Contains(response.Status) && Header(request.ResponseHeaders, "Location") is { } location
                && Uri.TryCreate(new Uri(request.Url), location, out var next))
                return await RedirectAsync(next.AbsoluteUri, response.Status, null);
            if (!_listens || response.Status is not (401 or 407) || Challenge(request) is not { } challenge) break;
            var auth = await StageAsync("onAuthRequired", json =>
            {
                request.WriteResponse(json);
                json.WriteString("scheme", challenge.Scheme);
                if (challenge.Realm is { } realm) json.WriteString("realm", realm);
                json.WriteStartObject("challenger");
                var url = new Uri(request.Url);
                json.WriteString("host", url.Host);
                json.WriteNumber("port", url.Port);
                json.WriteEndObject();
                json.WriteBoolean("isProxy", response.Status == 407);
            });
            // Cancelled, or no credentials: the 401 stands, as when a user dismisses the browser's prompt.
            if (auth.Cancel || auth.Credentials is not { } credentials) break;
            if (attempt == extension.Options.WebRequest.MaxAuthAttempts)
            {
                Report($"request {_issued}: credentials given {attempt + 1} times, the response stands ({WebRequestLimits.MaxAuthAttemptsKey})");
                break;
            }
            var header = response.Status == 407 ? "Proxy-Authorization" : "Authorization";
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials.User + ":" + credentials.Password));
            request.RequestHeaders = [.. request.RequestHeaders.Where(h => !h.Key.Equals(header, StringComparison.OrdinalIgnoreCase)), new(header, "Basic " + basic)];
        }
        if (_listens)
        {
            await StageAsync("onResponseStarted", request.WriteResponse);
            await StageAsync("onCompleted", request.WriteResponse);
        }
        _result = Result(cancelled: false, error: null);
        return null;
    }

    /// <summary>Whether the extension's webRequest listeners hear the request at its current URL.</summary>
    private bool Listens(RequestState request)
    {
        var granted = extension.HostIfAny?.Granted;
        if (!(granted?.Permissions ?? ApiAccess.GrantedBy(extension.Manifest)).Contains("webRequest")) return false;
        if (!TabJson.Visible(extension, request.Incognito)) return false;
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "ws" or "wss")) return false;
        var origins = granted?.OriginsNow ?? extension.Manifest.HostPermissions;
        if (!CookieViews.HostAccess(origins, request.Url)) return false;
        // Chromium also wants the initiator's host for a subresource.
        return !Chromium || request.Initiator is null || request.Type is "main_frame" or "sub_frame" || CookieViews.HostAccess(origins, request.Initiator);
    }

    /// <summary>Fires one event with the request's details (and <paramref name="more"/>); the blocking listeners' answer.</summary>
    private async Task<BlockingAnswer> StageAsync(string eventName, Action<Utf8JsonWriter>? more = null)
    {
        var results = await fire("webRequest." + eventName, () => _request.DetailsJson(extension, more));
        return eventName is "onBeforeRequest" or "onBeforeSendHeaders" or "onHeadersReceived" or "onAuthRequired"
            ? BlockingAnswer.From(results, eventName, _request.Url, extension, problem => Report($"webRequest.{eventName}: {problem}"))
            : BlockingAnswer.None;
    }

    private void WriteRequestHeaders(Utf8JsonWriter json) => RequestState.WriteHeaders(json, "requestHeaders", _request.RequestHeaders);

    /// <summary>
    /// Sends the request on to <paramref name="target"/> (<c>onBeforeRedirect</c> first), or fails it as the browser's
    /// redirect loop once it has been redirected <see cref="WebRequestLimits.MaxRedirects"/> times.
    /// </summary>
    private async Task<string?> RedirectAsync(string target, int status, string? reason)
    {
        var request = _request;
        if (_redirects == extension.Options.WebRequest.MaxRedirects)
        {
            Report($"request {_issued}: more than {_redirects} redirects ({WebRequestLimits.MaxRedirectsKey})");
            return await FailAsync(TooManyRedirects, cancelled: false);
        }
        _redirects++;
        target = OfflineNetwork.WithoutFragment(target);
        if (reason is not null)
        {
            // Redirected by the extension, not the server: the browser's own 307.
            request.StatusCode = status;
            request.StatusLine = $"HTTP/1.1 {status} {reason}";
            request.ResponseHeaders = [new("Location", target)];
        }
        if (_listens)
            await StageAsync("onBeforeRedirect", json =>
            {
                request.WriteResponse(json);
                json.WriteString("redirectUrl", target);
            });
        // A 303, and a 301 or 302 of a POST, go on as a GET (RFC 9110).
        if ((status == 303 && request.Method != "HEAD") || (status is 301 or 302 && request.Method == "POST")) request.Method = "GET";
        return target;
    }

    private async Task<string?> FailAsync(string error, bool cancelled)
    {
        if (_listens)
            await StageAsync("onErrorOccurred", json =>
            {
                json.WriteString("error", error);
                json.WriteBoolean("fromCache", false);
            });
        _result = Result(cancelled, error);
        return null;
    }

    private RequestResult Result(bool cancelled, string? error) => new(_issued, cancelled, _request.Url == _issued ? null : _request.Url,
        _request.RequestHeaders.ToList(), error is null ? _request.StatusCode : null, error);

    /// <summary>The rules' header changes, in order: <c>set</c> replaces (where the header was), <c>remove</c> removes, <c>append</c> joins (request) or adds (response).</summary>
    private List<KeyValuePair<string, string>> Apply(List<KeyValuePair<string, string>> headers, IReadOnlyList<DnrHeaderOperation> changes, bool joinAppended)
    {
        var most = extension.Options.WebRequest.MaxHeaders;
        foreach (var change in changes)
        {
            bool Named(KeyValuePair<string, string> h) => h.Key.Equals(change.Header, StringComparison.OrdinalIgnoreCase);
            var at = headers.FindIndex(Named);
            switch (change.Operation)
            {
                case "remove":
                    headers.RemoveAll(Named);
                    continue;
                case "append" when joinAppended && at >= 0:
                    headers[at] = new(headers[at].Key, headers[at].Value + ", " + change.Value);
                    continue;
                case "set":
                    headers.RemoveAll(Named);
                    break;
            }
            if (headers.Count >= most)
            {
                Report($"request {_issued}: a rule's header {change.Header} left out: more than {most} headers ({WebRequestLimits.MaxHeadersKey})");
                continue;
            }
            headers.Insert(at >= 0 && change.Operation == "set" ? Math.Min(at, headers.Count) : headers.Count, new(change.Header, change.Value ?? ""));
        }
        return headers;
    }

    private static string? Header(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The response's challenge (<c>WWW-Authenticate</c>, or <c>Proxy-Authenticate</c> for a 407): its scheme and realm.</summary>
    private static (string Scheme, string? Realm)? Challenge(RequestState request)
    {
        if (Header(request.ResponseHeaders, request.StatusCode == 407 ? "Proxy-Authenticate" : "WWW-Authenticate") is not { Length: > 0 } value) return null;
        var scheme = value.Split(' ', 2)[0].ToLowerInvariant();
        var realm = System.Text.RegularExpressions.Regex.Match(value, "realm=\"([^\"]*)\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50));
        return (scheme, realm.Success ? realm.Groups[1].Value : null);
    }

    private void Report(string text) => extension.Report(new ConsoleEntry("runtime", "warn", text));
}
