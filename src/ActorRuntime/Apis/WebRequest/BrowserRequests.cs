using ActorRuntime.Kernel;
using Akka.Actor;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>One extension a request goes through, and how its events are fired (on its own loop's turn).</summary>
internal sealed record RequestParty(ExtensionKernel Extension, Func<string, Func<string>, Task<string>> Fire);

/// <summary>
/// Requests that go through every extension of a browser (<see cref="BrowserNeighbours"/>) that can see them: one the host
/// issues when other extensions share the browser, and a page's <c>fetch</c> or <c>XMLHttpRequest</c> (a web page's, a
/// content script's, an extension page's or background's). The lifecycle (<see cref="RequestLifecycle"/>) runs off any
/// actor: each extension's events are fired on a turn of its own loop (<see cref="RequestTurns.FireOnTurn"/>), and the
/// request goes on from that turn. A request no extension takes part in (none holds <c>webRequest</c> or a
/// declarativeNetRequest permission) has no lifecycle at all.
/// </summary>
internal static class BrowserRequests
{
    /// <summary>Whether the extension may have declarativeNetRequest rules (it holds one of the API's permissions).</summary>
    public static bool UsesRules(ExtensionKernel extension) => Holds(extension, static p => p.StartsWith("declarativeNetRequest", StringComparison.Ordinal));

    /// <summary>Whether requests on the extension's browser go through it: it is running and holds webRequest or declarativeNetRequest.</summary>
    public static bool TakesPart(ExtensionKernel extension) =>
        extension.HaltReason is null && Holds(extension, static p => p == "webRequest" || p.StartsWith("declarativeNetRequest", StringComparison.Ordinal));

    /// <summary>
    /// Whether the extension holds a permission <paramref name="which"/> accepts: those granted now, else the manifest's
    /// (read as they are, nothing allocated: asked for every request a page makes; neither permission is a privileged one).
    /// </summary>
    private static bool Holds(ExtensionKernel extension, Func<string, bool> which)
    {
        if (extension.HostIfAny?.Granted?.Permissions is { } granted)
        {
            foreach (var permission in granted)
                if (which(permission)) return true;
            return false;
        }
        foreach (var permission in extension.Manifest.Permissions)
            if (which(permission)) return true;
        return false;
    }

    /// <summary>The other extensions on <paramref name="requester"/>'s browser that requests go through (none when it is alone).</summary>
    public static bool HasNeighboursTakingPart(ExtensionKernel requester)
    {
        var all = BrowserNeighbours.Of(requester);
        return all.Count > 1 && all.Any(e => !ReferenceEquals(e, requester) && TakesPart(e));
    }

    /// <summary>
    /// Runs a request the host issued through <paramref name="requester"/> and every other extension of its browser that
    /// takes part (see <see cref="IExtensionRuntime.RequestAsync"/>).
    /// </summary>
    public static Task<RequestResult> RunAsync(ExtensionKernel requester, string url, string detailsJson, TimeSpan askTimeout)
    {
        var members = BrowserNeighbours.Of(requester).Where(e => ReferenceEquals(e, requester) || TakesPart(e)).ToList();
        // Counted as the requester's work until it ends, as a page's request is: its events are fired on the turns of other
        // extensions, and the requester must not look settled (with no answer coming) meanwhile. The answer is complete
        // before the work ends, so whoever sees the requester settled sees the answer too.
        var done = new TaskCompletionSource<RequestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        requester.Work.Begin();
        _ = RunToEndAsync();
        return done.Task;

        async Task RunToEndAsync()
        {
            try
            {
                var parties = await PartiesAsync(requester, members, askTimeout);
                done.TrySetResult(await new RequestLifecycle(requester, parties).RunAsync(url, detailsJson));
            }
            catch (Exception failure)
            {
                done.TrySetException(failure);
            }
            finally
            {
                requester.Work.End();
            }
        }
    }

    /// <summary>
    /// Answers a page's request through the extensions of its browser that take part; null (the caller asks the network as
    /// before) when none does, or the request is not one webRequest sees (only http, https, ws and wss are).
    /// </summary>
    public static Task<NetworkResponse?>? Answer(ExtensionKernel requester, NetworkRequest request)
    {
        if (!SeenByWebRequest(request, out var maker)) return null;
        var all = BrowserNeighbours.Of(requester);
        List<ExtensionKernel>? members = null;
        foreach (var member in all)
            if (TakesPart(member)) (members ??= []).Add(member);
        return members is null ? null : AnswerAsync(requester, request, maker, members);
    }

    /// <summary>
    /// Answers a page's synchronous <c>XMLHttpRequest</c> at once: the declarativeNetRequest rules of the browser's extensions
    /// that take part apply (a block fails it as the network would, null; a redirect is followed), their header changes and
    /// webRequest listeners do not (they cannot be waited for without blocking the context).
    /// </summary>
    public static NetworkResponse? AnswerNow(ExtensionKernel requester, NetworkRequest request)
    {
        if (!SeenByWebRequest(request, out var maker)) return requester.Network.Answer(request, requester.Package);
        var members = BrowserNeighbours.Of(requester).Where(TakesPart).ToList();
        if (members.Count == 0) return requester.Network.Answer(request, requester.Package);
        var initiator = Uri.TryCreate(maker.DocumentUrl, UriKind.Absolute, out var document) ? WebStorage.OriginOf(document.AbsoluteUri) : null;
        var url = request.Url;
        for (var redirects = 0; ; redirects++)
        {
            var rules = RequestLifecycle.RulesOf(requester, members,
                new Kernel.Dnr.DnrRequest(url, initiator, request.Method.ToLowerInvariant(), maker.Type, maker.TabId),
                request.IsPrivate, maker.OwnPage ? requester.Identity.BaseUrl : null);
            if (rules.Blocks) return null;
            if (rules.RedirectUrl is not { } target) break;
            if (redirects == requester.Options.WebRequest.MaxRedirects)
            {
                requester.Report(new ConsoleEntry("runtime", "warn",
                    $"request {OneLineText.Escape(request.Url, 200)}: more than {redirects} redirects ({WebRequestLimits.MaxRedirectsKey})"));
                return null;
            }
            url = OfflineNetwork.WithoutFragment(target);
        }
        if (url == request.Url) return requester.Network.Answer(request, requester.Package);
        return requester.Network.Answer(request with { Url = url }, requester.Package) is { } response
            ? response with { Url = url, Redirected = true }
            : null;
    }

    /// <summary>A page's request that webRequest sees: made by a page (not the host) to an http, https, ws or wss URL.</summary>
    private static bool SeenByWebRequest(NetworkRequest request, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PageRequestOrigin? maker)
    {
        maker = request.Maker;
        return maker is not null && Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme is ("http" or "https" or "ws" or "wss");
    }

    private static async Task<NetworkResponse?> AnswerAsync(ExtensionKernel requester, NetworkRequest request, PageRequestOrigin maker, List<ExtensionKernel> members)
    {
        var parties = await PartiesAsync(requester, members, requester.Options.AskTimeout);
        // Every extension that took part stopped meanwhile: the network answers as when none takes part.
        if (parties.Count == 0) return requester.Network.Answer(request, requester.Package);
        var tab = maker.TabId >= 0 ? requester.Browser.Tab(maker.TabId) : null;
        var state = new RequestState
        {
            RequestId = requester.NextRequestId().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Url = request.Url,
            Method = request.Method,
            Type = maker.Type,
            TabId = maker.TabId,
            WindowId = tab?.WindowId ?? -1,
            FrameId = maker.FrameId,
            // A subresource's parentFrameId is that of the frame that asked for it (-1 for the top frame).
            ParentFrameId = maker.FrameId > 0 ? tab?.Frame(maker.FrameId)?.ParentFrameId ?? -1 : -1,
            Initiator = maker.DocumentUrl,
            Incognito = request.IsPrivate,
            GivenHeaders = [
                new("User-Agent", BrowserVersions.UserAgent(requester.Flavor)),
                new("Accept", "*/*"),
                .. maker.Headers.Where(h => !h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)),
            ],
            PageRequest = request,
            RequestingExtension = maker.OwnPage ? requester.Identity.BaseUrl : null,
        };
        var lifecycle = new RequestLifecycle(requester, parties);
        await lifecycle.RunAsync(state);
        return lifecycle.Response is { } response
            ? response with { Headers = OfflineNetwork.WithoutSetCookie(response.Headers), Body = request.Method == "HEAD" ? [] : response.Body }
            : null;
    }

    /// <summary>
    /// Each member with how its events are fired: on a turn of its own loop (its <see cref="HostTurns"/>, made when first
    /// wanted). A neighbour that cannot be reached (stopping meanwhile) is left out: the request goes on through the others.
    /// </summary>
    private static async Task<List<RequestParty>> PartiesAsync(ExtensionKernel requester, List<ExtensionKernel> members, TimeSpan askTimeout)
    {
        var parties = new List<RequestParty>(members.Count);
        foreach (var member in members)
        {
            IActorRef turns;
            try
            {
                turns = member.HostTurnsActor ?? await member.Supervisor.Ask<IActorRef>(HostTurns.Wanted.Instance, askTimeout);
            }
            catch (Exception ex) when (!ReferenceEquals(member, requester) && ex is AskTimeoutException or ExtensionFailedException or OperationCanceledException)
            {
                continue;
            }
            parties.Add(new RequestParty(member, (eventName, arguments) => RequestTurns.FireOnTurn(member, turns, eventName, arguments)));
        }
        return parties;
    }
}
