using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// A request the host issues, through the extension's webRequest listeners: the events in the browsers' order (redirects
/// and authentication included), listeners' filters and extraInfoSpec, blocking answers (cancel, redirect, headers,
/// credentials; Firefox's promises), and the details each flavour gives.
/// </summary>
public class WebRequestSpec : RuntimeSpec
{
    private const string Permissions = "\"permissions\": [\"webRequest\", \"webRequestBlocking\", \"<all_urls>\"],";

    /// <summary>Logs every event of every request: <c>event url [-> redirect] [status] [error]</c>.</summary>
    private const string Logger = """
        for (const name of ['onBeforeRequest', 'onBeforeSendHeaders', 'onSendHeaders', 'onHeadersReceived', 'onAuthRequired',
                            'onResponseStarted', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'])
          browser.webRequest[name].addListener(d => console.log([name, d.url, d.redirectUrl && '-> ' + d.redirectUrl, d.statusCode, d.error].filter(x => x).join(' ')),
            { urls: ['<all_urls>'] });
        """;

    private static Dictionary<string, string> Extension(string backgroundJs, string permissions = Permissions) =>
        Manifests.Standard(Manifests.PersistentScripts, backgroundJs, permissions);

    private IReadOnlyList<string> Events() => Lines("background").Where(l => l.StartsWith("on", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_request_goes_through_every_event_in_order_and_a_server_redirect_starts_again()
    {
        var e = await Load(Extension(Logger));
        e.Respond("https://example.com/old", new ResponseSpec { Status = 301, Headers = [new("Location", "/new")] });
        e.Respond("https://example.com/new", ResponseSpec.Text("hello"));
        var fate = await e.RequestAsync("https://example.com/old");
        await e.SettleAsync();
        Assert.Equal([
            "onBeforeRequest https://example.com/old",
            "onBeforeSendHeaders https://example.com/old",
            "onSendHeaders https://example.com/old",
            "onHeadersReceived https://example.com/old 301",
            "onBeforeRedirect https://example.com/old -> https://example.com/new 301",
            "onBeforeRequest https://example.com/new",
            "onBeforeSendHeaders https://example.com/new",
            "onSendHeaders https://example.com/new",
            "onHeadersReceived https://example.com/new 200",
            "onResponseStarted https://example.com/new 200",
            "onCompleted https://example.com/new 200",
        ], Events());
        Assert.Equal(("https://example.com/new", 200, false, (string?)null), (fate.RedirectUrl, fate.StatusCode ?? 0, fate.Cancelled, fate.Error));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "NS_ERROR_OFFLINE")]
    [InlineData(Flavor.Chrome, "net::ERR_INTERNET_DISCONNECTED")]
    public async Task A_request_nothing_answers_fails_as_offline(Flavor flavor, string error)
    {
        var e = await Load(Extension(Logger), flavor);
        var fate = await e.RequestAsync("https://nowhere.example/");
        await e.SettleAsync();
        Assert.Equal(["onBeforeRequest https://nowhere.example/", "onBeforeSendHeaders https://nowhere.example/", "onSendHeaders https://nowhere.example/",
            $"onErrorOccurred https://nowhere.example/ {error}"], Events());
        Assert.Equal((false, error, (int?)null), (fate.Cancelled, fate.Error, fate.StatusCode));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "['blocking']", "d => ({ authCredentials: { username: 'ada', password: 'pw' } })")]
    [InlineData(Flavor.Chrome, "['asyncBlocking']", "(d, answer) => setTimeout(() => answer({ authCredentials: { username: 'ada', password: 'pw' } }), 5)")]
    public async Task A_challenge_asks_onAuthRequired_and_its_credentials_send_the_request_again(Flavor flavor, string options, string listener)
    {
        var e = await Load(Extension(Logger + $$"""
            browser.webRequest.onAuthRequired.addListener(d => console.log('challenge ' + d.scheme + ' ' + d.realm + ' ' + d.challenger.host + ':' + d.challenger.port + ' ' + d.isProxy), { urls: ['<all_urls>'] });
            browser.webRequest.onAuthRequired.addListener({{listener}}, { urls: ['<all_urls>'] }, {{options}});
            """), flavor);
        e.State.Network.Register("https://example.com/*", request =>
            request.Headers.Any(h => h.Key == "Authorization" && h.Value == "Basic YWRhOnB3")
                ? ResponseSpec.Text("welcome")
                : new ResponseSpec { Status = 401, Headers = [new("WWW-Authenticate", "Basic realm=\"vault\"")] });
        var fate = await e.RequestAsync("https://example.com/private");
        await e.SettleAsync();
        Assert.Equal([
            "onBeforeRequest https://example.com/private",
            "onBeforeSendHeaders https://example.com/private",
            "onSendHeaders https://example.com/private",
            "onHeadersReceived https://example.com/private 401",
            "onAuthRequired https://example.com/private 401",
            "onBeforeSendHeaders https://example.com/private",
            "onSendHeaders https://example.com/private",
            "onHeadersReceived https://example.com/private 200",
            "onResponseStarted https://example.com/private 200",
            "onCompleted https://example.com/private 200",
        ], Events());
        Assert.Contains("challenge basic vault example.com:443 false", Lines("background"));
        Assert.Equal(200, fate.StatusCode);
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Basic YWRhOnB3"), fate.RequestHeaders);
    }

    [Fact]
    public async Task Filters_choose_the_requests_a_listener_hears_by_url_type_and_tab()
    {
        var e = await Load(Extension("""
            const heard = name => d => console.log(name + ' ' + d.type + ' ' + d.tabId + ' ' + d.url);
            browser.webRequest.onBeforeRequest.addListener(heard('docs'), { urls: ['https://example.com/docs/*'] });
            browser.webRequest.onBeforeRequest.addListener(heard('scripts'), { urls: ['<all_urls>'], types: ['script'] });
            browser.webRequest.onBeforeRequest.addListener(heard('tab2'), { urls: ['<all_urls>'], tabId: 2 });
            """));
        await e.OpenAsync("tab:https://example.com/");
        await e.OpenAsync("tab:https://other.example/");
        await e.RequestAsync("https://example.com/docs/a", """{"tabId":1}""");
        await e.RequestAsync("https://cdn.example/lib.js", """{"type":"script","tabId":1}""");
        await e.RequestAsync("https://example.com/img.png", """{"type":"image"}""");
        await e.SettleAsync();
        Assert.Equal([
            "docs main_frame 1 https://example.com/docs/a",
            "scripts script 1 https://cdn.example/lib.js",
            "tab2 image 2 https://example.com/img.png",
        ], Lines("background"));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_listener_sees_the_headers_its_extraInfoSpec_asks_for(Flavor flavor)
    {
        var e = await Load(Extension("""
            const names = headers => headers ? headers.map(h => h.name).join(',') : 'none';
            browser.webRequest.onBeforeSendHeaders.addListener(d => console.log('plain ' + names(d.requestHeaders)), { urls: ['<all_urls>'] });
            browser.webRequest.onBeforeSendHeaders.addListener(d => console.log('asked ' + names(d.requestHeaders)), { urls: ['<all_urls>'] }, ['requestHeaders']);
            browser.webRequest.onSendHeaders.addListener(d => console.log('extra ' + names(d.requestHeaders)), { urls: ['<all_urls>'] }, ['requestHeaders', ...(chrome.runtime.getURL('').startsWith('chrome') ? ['extraHeaders'] : [])]);
            browser.webRequest.onCompleted.addListener(d => console.log('response ' + names(d.responseHeaders)), { urls: ['<all_urls>'] }, ['responseHeaders']);
            """), flavor);
        e.State.Cookies.SetFromResponse(false, new Uri("https://example.com/"), ["session=1"], Clock.GetUtcNow(), _ => { });
        e.Respond("https://example.com/*", new ResponseSpec { Headers = [new("Content-Type", "text/html"), new("Set-Cookie", "seen=1")] });
        await e.RequestAsync("https://example.com/");
        await e.SettleAsync();
        // Chromium shows Cookie (and Set-Cookie) only to a listener that asked for extraHeaders.
        var hidden = flavor == Flavor.Chrome;
        Assert.Equal([
            "plain none",
            "asked User-Agent,Accept" + (hidden ? "" : ",Cookie"),
            "extra User-Agent,Accept,Cookie",
            "response Content-Type" + (hidden ? "" : ",Set-Cookie"),
        ], Lines("background"));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Blocking_answers_cancel_redirect_and_change_the_headers(Flavor flavor)
    {
        var e = await Load(Extension(Logger + """
            browser.webRequest.onBeforeRequest.addListener(d => d.url.includes('ads') ? { cancel: true } : d.url.includes('old') ? { redirectUrl: 'https://example.com/new' } : {},
              { urls: ['<all_urls>'] }, ['blocking']);
            browser.webRequest.onBeforeSendHeaders.addListener(d => ({ requestHeaders: [...d.requestHeaders.filter(h => h.name !== 'User-Agent'), { name: 'X-Seen', value: d.url }] }),
              { urls: ['<all_urls>'] }, ['blocking', 'requestHeaders']);
            browser.webRequest.onBeforeSendHeaders.addListener(d => ({ cancel: true }), { urls: ['<all_urls>'] });
            """), flavor);
        e.State.Network.Register("https://example.com/*", request => ResponseSpec.Text(string.Join(";", request.Headers.Select(h => h.Key))));
        var cancelled = await e.RequestAsync("https://example.com/ads.js", """{"type":"script"}""");
        Assert.Equal((true, flavor == Flavor.Chrome ? "net::ERR_BLOCKED_BY_CLIENT" : "NS_ERROR_ABORT"), (cancelled.Cancelled, cancelled.Error));
        var redirected = await e.RequestAsync("https://example.com/old");
        Assert.Equal(("https://example.com/new", false, 200), (redirected.RedirectUrl, redirected.Cancelled, redirected.StatusCode ?? 0));
        Assert.Equal(["Accept", "X-Seen"], redirected.RequestHeaders.Select(h => h.Key));
        Assert.Equal("https://example.com/new", redirected.RequestHeaders[1].Value);
        await e.SettleAsync();
        Assert.Equal([
            "onBeforeRequest https://example.com/ads.js",
            $"onErrorOccurred https://example.com/ads.js {cancelled.Error}",
            "onBeforeRequest https://example.com/old",
            "onBeforeRedirect https://example.com/old -> https://example.com/new 307",
            "onBeforeRequest https://example.com/new",
        ], Events().Take(5));
    }

    [Theory]
    [InlineData(Flavor.Firefox, true)]
    [InlineData(Flavor.Chrome, false)]
    public async Task Firefox_awaits_a_blocking_listeners_promise_and_Chromium_ignores_it(Flavor flavor, bool cancelled)
    {
        var e = await Load(Extension("""
            browser.webRequest.onBeforeRequest.addListener(d => new Promise(resolve => setTimeout(() => resolve({ cancel: true }), 50)),
              { urls: ['<all_urls>'] }, ['blocking']);
            """), flavor);
        e.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        var fate = await e.RequestAsync("https://example.com/");
        Assert.Equal(cancelled, fate.Cancelled);
        Assert.Equal(cancelled ? null : 200, fate.StatusCode);
    }

    [Fact]
    public async Task A_blocking_promise_that_never_settles_fails_the_request_on_the_virtual_clock()
    {
        var e = await Load(Extension("browser.webRequest.onBeforeRequest.addListener(d => new Promise(() => {}), { urls: ['<all_urls>'] }, ['blocking']);"));
        var stalled = await Assert.ThrowsAsync<EvaluationStalledException>(() => e.RequestAsync("https://example.com/"));
        Assert.StartsWith("[runtime] webRequest.onBeforeRequest: a listener's promise never settles", stalled.Message);
    }

    [Theory]
    [InlineData(Flavor.Firefox, """["f1",-1,"main_frame",false,"firefox-default",[],null,false]""")]
    [InlineData(Flavor.Chrome, """["c1",-1,"main_frame",null,null,null,"outermost_frame",null]""")]
    public async Task Details_are_each_flavours_own(Flavor flavor, string expected)
    {
        var e = await Load(Extension("""
            globalThis.seen = new Promise(resolve => browser.webRequest.onBeforeRequest.addListener(d =>
              resolve([(chrome.runtime.getURL('').startsWith('chrome') ? 'c' : 'f') + d.requestId, d.tabId, d.type, d.thirdParty ?? null, d.cookieStoreId ?? null,
                       d.frameAncestors ?? null, d.frameType === undefined ? d.proxyInfo : d.frameType, d.windowId ?? d.incognito ?? null]), { urls: ['<all_urls>'] }));
            """), flavor);
        await e.RequestAsync("https://example.com/");
        Assert.Equal(expected, await e.EvaluateAsync("background", "await seen"));
    }

    [Fact]
    public async Task Without_host_permission_for_the_url_listeners_hear_nothing()
    {
        var e = await Load(Extension(Logger, "\"permissions\": [\"webRequest\", \"https://example.com/*\"],"));
        await e.RequestAsync("https://other.example/");
        await e.RequestAsync("https://example.com/");
        await e.SettleAsync();
        Assert.Equal(["onBeforeRequest https://example.com/", "onBeforeSendHeaders https://example.com/", "onSendHeaders https://example.com/",
            "onErrorOccurred https://example.com/ NS_ERROR_OFFLINE"], Events());
    }

    [Fact]
    public async Task A_redirect_loop_ends_at_the_limit_as_the_browsers_redirect_error()
    {
        var e = await Load(Extension(""));
        e.Respond("https://loop.example/*", new ResponseSpec { Status = 302, Headers = [new("Location", "https://loop.example/again")] });
        var fate = await e.RequestAsync("https://loop.example/");
        Assert.Equal(("NS_ERROR_REDIRECT_LOOP", "https://loop.example/again"), (fate.Error, fate.RedirectUrl));
        Assert.Contains($"request https://loop.example/: more than 20 redirects ({WebRequestLimits.MaxRedirectsKey})", Lines("runtime"));
    }

    [Theory]
    [InlineData("""{"tabId":7}""", "the browser has no tab 7")]
    [InlineData("""{"type":"page"}""", "type \"page\": expected a resource type such as main_frame, script or xmlhttprequest")]
    [InlineData("""{"tabid":1}""", "unknown detail \"tabid\"")]
    [InlineData("[1]", "the details must be a JSON object")]
    public async Task Bad_details_are_refused_with_what_is_wrong(string details, string problem)
    {
        var e = await Load(Extension(""));
        var refused = await Assert.ThrowsAsync<ExtensionRequestException>(() => e.RequestAsync("https://example.com/", details));
        Assert.StartsWith("cannot request \"https://example.com/\": " + problem, refused.Message);
    }
}
