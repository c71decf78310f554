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
/// awaited (a suspended event page that listened wakes); nothing here runs inside an actor.
/// webRequest hears only http(s)/ws(s) requests the extension holds host permission for (and, in a private tab, only an
/// extension allowed there), with the <c>webRequest</c> permission.
/// </summary>
/// <remarks>
/// On a browser several extensions share, the request goes through every one of them (<see cref="RequestParty"/>, oldest
/// installed first): their rules together (any <c>block</c>, else the most recently installed extension's redirect, then
/// every extension's header changes), and at each event the listeners of every extension that can see it, their answers
/// merged as the flavour's browser merges them (<see cref="CrossExtensionAnswers"/>). The network, cookies and limits are
/// those of <c>extension</c>, whose request it is.
/// </remarks>
internal sealed class RequestLifecycle
{
    private const string Internal = "Internal Redirect";
    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    private readonly ExtensionKernel extension;
    private readonly IReadOnlyList<RequestParty> _parties;
    private readonly bool[] _partyListens;
    private RequestState _request = null!;
    private string _issued = "";
    private int _redirects;
    private bool _listens;
    private RequestResult? _result;
    private NetworkResponse? _response;

    /// <param name="fire">Fires an event with a JSON array of arguments (made only when someone listens); answers the listeners' results as a JSON array.</param>
    public RequestLifecycle(ExtensionKernel extension, Func<string, Func<string>, Task<string>> fire)
        : this(extension, [new RequestParty(extension, fire)])
    {
    }

    /// <param name="parties">The extensions the request goes through, oldest installed first, each with how its events are fired.</param>
    public RequestLifecycle(ExtensionKernel extension, IReadOnlyList<RequestParty> parties)
    {
        this.extension = extension;
        _parties = parties;
        _partyListens = new bool[parties.Count];
    }

    private bool Chromium => extension.Flavor == Flavor.Chrome;
    private string Blocked => Chromium ? "net::ERR_BLOCKED_BY_CLIENT" : "NS_ERROR_ABORT";
    private string Offline => Chromium ? "net::ERR_INTERNET_DISCONNECTED" : "NS_ERROR_OFFLINE";
    private string TooManyRedirects => Chromium ? "net::ERR_TOO_MANY_REDIRECTS" : "NS_ERROR_REDIRECT_LOOP";

    /// <summary>The response the request ended with (its headers as the extensions left them, at its final URL); null when it failed.</summary>
    public NetworkResponse? Response => _result is { Error: null } && _response is { } last
        ? last with { Headers = _request.ResponseHeaders.ToList(), Url = _request.Url, Redirected = _redirects > 0 }
        : null;

    /// <summary>Runs the request <paramref name="detailsJson"/> describes to its end; bad details are an <see cref="ExtensionRequestException"/>.</summary>
    public Task<RequestResult> RunAsync(string url, string detailsJson) => RunAsync(RequestState.Parse(extension, url, detailsJson));

    /// <summary>Runs <paramref name="request"/> (a page's, made by the runtime) to its end.</summary>
    public async Task<RequestResult> RunAsync(RequestState request)
    {
        _request = request;
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
        for (var i = 0; i < _parties.Count; i++) _partyListens[i] = Listens(_parties[i].Extension, request);
        _listens = _partyListens.Contains(true);
        var rules = Rules(request);
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
                new NetworkRequest(request.Method, request.Url, request.PageRequest is { } page ? page.ExtensionBaseUrl : extension.Identity.BaseUrl)
                {
                    IsPrivate = request.Incognito, Headers = request.RequestHeaders, Label = request.PageRequest?.Label ?? "runtime",
                    // A page's request keeps its credentials mode (whether its response may set cookies); the host's always may.
                    Credentials = request.PageRequest?.Credentials ?? "include", ClientOrigin = request.PageRequest?.ClientOrigin,
                },
                extension.Package);
            _response = response;
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

    private DnrOutcome Rules(RequestState request)
    {
        var parties = new ExtensionKernel[_parties.Count];
        for (var i = 0; i < parties.Length; i++) parties[i] = _parties[i].Extension;
        return RulesOf(extension, parties,
            new DnrRequest(request.Url, request.InitiatorOrigin, request.Method.ToLowerInvariant(), request.Type, request.TabId),
            request.Incognito, request.RequestingExtension);
    }

    /// <summary>
    /// What the rules of every extension in <paramref name="parties"/> (oldest installed first) do to a request of
    /// <paramref name="requester"/> together: a block from any; else the most recently installed extension's redirect (or
    /// upgrade); then the header changes of all, most recent extension first. An extension's own request
    /// (<paramref name="requestingExtension"/>, its base URL) meets only its own rules, as Chromium hides requests an
    /// extension initiated from the others' rules (<c>RulesetManager::ShouldEvaluateRulesetForRequest</c>), as from their
    /// listeners. Synchronous (the engines are thread-safe): a synchronous XMLHttpRequest asks it too.
    /// </summary>
    internal static DnrOutcome RulesOf(ExtensionKernel requester, IReadOnlyList<ExtensionKernel> parties, DnrRequest dnrRequest, bool incognito, string? requestingExtension)
    {
        DnrOutcome Of(ExtensionKernel party) => TabJson.Visible(party, incognito)
            ? party.NetRules.Evaluate(dnrRequest, DeclarativeNetRequestApi.AccessOf(party), record: true, now: party.Clock.GetUtcNow())
            : DnrOutcome.None;
        bool Sees(ExtensionKernel party) => requestingExtension is null || requestingExtension == party.Identity.BaseUrl;
        if (parties.Count == 1) return Sees(parties[0]) ? Of(parties[0]) : DnrOutcome.None;
        var outcomes = new List<DnrOutcome>();
        for (var i = parties.Count - 1; i >= 0; i--)
        {
            var party = parties[i];
            // Only an extension that may have rules is asked (the requester's own are always read, as for one extension).
            if (Sees(party) && (ReferenceEquals(party, requester) || BrowserRequests.UsesRules(party))) outcomes.Add(Of(party));
        }
        if (outcomes.FirstOrDefault(o => o.Blocks) is { } blocked) return blocked;
        return new DnrOutcome(null, outcomes.Select(o => o.RedirectUrl).FirstOrDefault(u => u is not null), [])
        {
            RequestHeaders = outcomes.SelectMany(o => o.RequestHeaders).ToList(),
            ResponseHeaders = outcomes.SelectMany(o => o.ResponseHeaders).ToList(),
        };
    }

    /// <summary>Whether <paramref name="extension"/>'s webRequest listeners hear the request at its current URL.</summary>
    private bool Listens(ExtensionKernel extension, RequestState request)
    {
        var granted = extension.HostIfAny?.Granted;
        if (!(granted?.Permissions ?? ApiAccess.GrantedBy(extension.Manifest)).Contains("webRequest")) return false;
        if (!TabJson.Visible(extension, request.Incognito)) return false;
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "ws" or "wss")) return false;
        var origins = granted?.OriginsNow ?? extension.Manifest.HostPermissions;
        if (!CookieViews.HostAccess(origins, request.Url)) return false;
        // An extension's own requests are hidden from the other extensions; it sees them itself (with host permission).
        if (request.RequestingExtension is { } requester) return requester == extension.Identity.BaseUrl;
        // Chromium also wants the initiator's host for a subresource.
        return !Chromium || request.Initiator is null || request.Type is "main_frame" or "sub_frame" || CookieViews.HostAccess(origins, request.Initiator);
    }

    /// <summary>Fires one event with the request's details (and <paramref name="more"/>); the blocking listeners' answer.</summary>
    private async Task<BlockingAnswer> StageAsync(string eventName, Action<Utf8JsonWriter>? more = null)
    {
        var blocking = eventName is "onBeforeRequest" or "onBeforeSendHeaders" or "onHeadersReceived" or "onAuthRequired";
        if (_parties.Count == 1)
        {
            var only = _parties[0].Extension;
            // The requester's own listeners fail its request when it stops; another extension's answer nothing then.
            if (await FireAsync(0, eventName, more, rethrowOwnFailure: true) is not { } results) return BlockingAnswer.None;
            return blocking
                ? BlockingAnswer.From(results, eventName, _request.Url, only, problem => Report($"webRequest.{eventName}: {problem}"))
                : BlockingAnswer.None;
        }
        // Every extension's listeners see the request as the event found it; their answers are merged after.
        var answers = new List<PartyAnswer>();
        for (var i = 0; i < _parties.Count; i++)
        {
            if (!_partyListens[i]) continue;
            var party = _parties[i].Extension;
            if (await FireAsync(i, eventName, more, rethrowOwnFailure: false) is not { } results) continue;
            if (blocking)
                answers.Add(new(i, BlockingAnswer.From(results, eventName, _request.Url, party,
                    problem => party.Report(new ConsoleEntry("runtime", "warn", $"webRequest.{eventName}: {problem}")))));
        }
        return CrossExtensionAnswers.Merge(extension.Flavor, eventName, answers, _request.RequestHeaders, _request.ResponseHeaders, (party, action) =>
            _parties[party].Extension.Report(new ConsoleEntry("runtime", "warn",
                $"webRequest.{eventName}: this extension's {action.Replace('_', ' ')} change of {OneLineText.Escape(_request.Url, 200)} was ignored: it conflicts with a more recently installed extension's")));
    }

    /// <summary>
    /// Fires one event into party <paramref name="index"/>: its listeners' results, or null when it answers nothing (it
    /// stopped, or, being another extension than the requester, did not answer within
    /// <see cref="WebRequestLimits.ListenerTimeout"/> on its clock: one extension cannot hold another's requests forever).
    /// </summary>
    private async Task<string?> FireAsync(int index, string eventName, Action<Utf8JsonWriter>? more, bool rethrowOwnFailure)
    {
        var party = _parties[index].Extension;
        var own = ReferenceEquals(party, extension);
        try
        {
            var fired = _parties[index].Fire("webRequest." + eventName, () => _request.DetailsJson(party, more));
            if (own) return await fired;
            var limit = extension.Options.WebRequest.ListenerTimeout;
            try
            {
                return await fired.WaitAsync(limit, party.Clock);
            }
            catch (TimeoutException)
            {
                // The late answer is dropped (observed, so that its failure is not an unobserved task's).
                _ = fired.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                party.Report(new ConsoleEntry("runtime", "warn",
                    $"webRequest.{eventName}: this extension's listeners did not answer {OneLineText.Escape(_request.Url, 200)} within {limit.TotalSeconds:0.###} s: its answer counts as none ({WebRequestLimits.ListenerTimeoutKey})"));
                return null;
            }
        }
        catch (ExtensionFailedException) when (!(own && rethrowOwnFailure))
        {
            // A stopped extension answers nothing; the request goes on through the others.
            return null;
        }
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
