using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>cookies</c> through real extensions: each flavour's cookie objects and store ids, host permissions enforced as each
/// browser enforces them, <c>onChanged</c>, expiry on the runtime's clock, the jar shared with the requests of extension
/// pages (<c>Set-Cookie</c> in, <c>Cookie</c> out), and the jar's limit.
/// </summary>
public class CookiesSpec : RuntimeSpec
{
    // 2026-01-02T00:00:00Z, a day after the spec's clock starts.
    private const long Tomorrow = 1767312000;

    private static Dictionary<string, string> Extension(string permissions, string backgroundJs = "", string extra = "") =>
        Manifests.Standard(Manifests.PersistentScripts, backgroundJs, $"\"permissions\": [{permissions}], {extra}");

    /// <summary>A JSON string's text.</summary>
    private static string Text(string json) => System.Text.Json.JsonSerializer.Deserialize<string>(json)!;

    private const string LogsChanges = "browser.cookies.onChanged.addListener(c => console.log(`${c.cause} ${c.removed} ${c.cookie.name}=${c.cookie.value} ${c.cookie.domain}`));";

    [Theory]
    [InlineData(Flavor.Firefox,
        """{"name":"n","value":"v","domain":"example.com","hostOnly":true,"path":"/a/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":false,"firstPartyDomain":"","partitionKey":null,"expirationDate":1767312000,"storeId":"firefox-default"}""",
        """{"url":"https://example.com/a/b","name":"n","storeId":"firefox-default","firstPartyDomain":"","partitionKey":null}""")]
    [InlineData(Flavor.Chrome,
        """{"name":"n","value":"v","domain":"example.com","hostOnly":true,"path":"/a","secure":false,"httpOnly":false,"sameSite":"unspecified","session":false,"expirationDate":1767312000,"storeId":"0"}""",
        """{"url":"https://example.com/a/b","name":"n","storeId":"0"}""")]
    public async Task Set_get_getAll_and_remove_answer_with_the_flavours_objects(Flavor flavor, string cookie, string removed)
    {
        var e = await Load(Extension("\"cookies\", \"*://example.com/*\""), flavor);
        Assert.Equal(cookie, await e.EvaluateAsync("background", $"await browser.cookies.set({{ url: 'https://example.com/a/b', name: 'n', value: 'v', expirationDate: {Tomorrow} }})"));
        Assert.Equal(cookie, await e.EvaluateAsync("background", "await browser.cookies.get({ url: 'https://example.com/a/c', name: 'n' })"));
        Assert.Equal("null", await e.EvaluateAsync("background", "await browser.cookies.get({ url: 'https://example.com/b', name: 'n' })"));
        Assert.Equal($"[{cookie}]", await e.EvaluateAsync("background", "await browser.cookies.getAll({ domain: 'example.com', session: false })"));
        Assert.Equal("[]", await e.EvaluateAsync("background", "await browser.cookies.getAll({ path: '/b' })"));
        Assert.Equal(removed, await e.EvaluateAsync("background", "await browser.cookies.remove({ url: 'https://example.com/a/b', name: 'n' })"));
        Assert.Equal("[]", await e.EvaluateAsync("background", "await browser.cookies.getAll({})"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "null", "Permission denied to set cookie {")]
    [InlineData(Flavor.Chrome, "\"No host permissions for cookies at url: \\\"https://other.com/\\\".\"", "No host permissions for cookies at url: \"https://other.com/\".")]
    public async Task Cookies_of_hosts_without_permission_are_invisible_and_refused(Flavor flavor, string getOther, string setOther)
    {
        // Two extensions of one runtime share its jar, as the extensions of one browser do.
        var options = Options(flavor) with { Cookies = new CookieJar(100) };
        var wide = await Load(Extension("\"cookies\", \"<all_urls>\""), options);
        var narrow = await Load(Extension("\"cookies\", \"*://example.com/*\"", LogsChanges), options);
        await wide.EvaluateAsync("background", """
            await browser.cookies.set({ url: 'https://other.com/', name: 'o', value: '1' });
            await browser.cookies.set({ url: 'https://www.example.com/', name: 'e', value: '2', domain: 'example.com' });
            """);
        await narrow.SettleAsync();
        Assert.Equal("[\"e\"]", await narrow.EvaluateAsync("background", "(await browser.cookies.getAll({})).map(c => c.name)"));
        Assert.Equal(getOther, await narrow.EvaluateAsync("background", "await browser.cookies.get({ url: 'https://other.com/', name: 'o' }).catch(e => e.message)"));
        var refusal = Text(await narrow.EvaluateAsync("background", "await browser.cookies.set({ url: 'https://other.com/', name: 'x' }).then(() => 'set', e => e.message)"));
        Assert.StartsWith(setOther, refusal);
        // Only the change it may see reached it.
        Assert.Equal(["explicit false e=2 .example.com"], Lines("background").Where(l => l.StartsWith("explicit", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public async Task OnChanged_tells_additions_overwrites_removals_and_expiry_on_the_runtimes_clock()
    {
        var e = await Load(Extension("\"cookies\", \"https://example.com/*\"", LogsChanges), Flavor.Firefox);
        await e.EvaluateAsync("background", """
            await browser.cookies.set({ url: 'https://example.com/', name: 'a', value: '1' });
            await browser.cookies.set({ url: 'https://example.com/', name: 'a', value: '2' });
            await browser.cookies.remove({ url: 'https://example.com/', name: 'a' });
            await browser.cookies.set({ url: 'https://example.com/', name: 'b', value: '3', expirationDate: Date.now() / 1000 + 60 });
            """);
        await e.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.Equal("[]", await e.EvaluateAsync("background", "await browser.cookies.getAll({})"));
        await e.SettleAsync();
        Assert.Equal([
            "explicit false a=1 example.com", "overwrite true a=1 example.com", "explicit false a=2 example.com",
            "explicit true a=2 example.com", "explicit false b=3 example.com", "expired true b=3 example.com",
        ], Lines("background").ToList());
    }

    [Theory]
    [InlineData(Flavor.Firefox, """[{"id":"firefox-default","tabIds":[1],"incognito":false}]""")]
    [InlineData(Flavor.Chrome, """[{"id":"0","tabIds":[1]}]""")]
    public async Task The_stores_are_the_flavours_with_the_tabs_open_in_them(Flavor flavor, string stores)
    {
        var e = await Load(Extension("\"cookies\", \"*://example.com/*\"", extra: """
            "content_scripts": [{ "matches": ["https://example.com/*"], "js": ["content.js"] }],
            """).With("content.js", ""), flavor);
        await e.OpenAsync("tab:https://example.com/");
        Assert.Equal(stores, await e.EvaluateAsync("background", "await browser.cookies.getAllCookieStores()"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "firefox-private", "Extension disallowed access to the private cookies storeId.", "Invalid cookie store id: \"9\"")]
    [InlineData(Flavor.Chrome, "1", "Invalid cookie store id: \"1\".", "Invalid cookie store id: \"9\".")]
    public async Task The_private_store_needs_private_windows_and_unknown_stores_are_refused(Flavor flavor, string privateStore, string noPrivate, string unknown)
    {
        var e = await Load(Extension("\"cookies\", \"*://example.com/*\"", extra: "\"incognito\": \"not_allowed\","), flavor);
        Assert.Equal($"[\"{noPrivate.Replace("\"", "\\\"")}\",\"{unknown.Replace("\"", "\\\"")}\"]", await e.EvaluateAsync("background", $$"""
            const fail = p => p.then(() => 'answered', e => e.message);
            [await fail(browser.cookies.getAll({ storeId: '{{privateStore}}' })), await fail(browser.cookies.set({ url: 'https://example.com/', storeId: '9' }))]
            """));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_response_sets_cookies_and_credentialed_requests_carry_them(Flavor flavor)
    {
        var e = await Load(Extension("\"cookies\", \"*://example.com/*\"", LogsChanges), flavor);
        e.State.Network.Register("https://example.com/*", request => request.Url.EndsWith("/login", StringComparison.Ordinal)
            ? new ResponseSpec { Headers = [new("Set-Cookie", "sid=s3cret; Path=/; HttpOnly; Secure"), new("Set-Cookie", "bad=1; Domain=other.org"), new("X-Ok", "1")] }
            : ResponseSpec.Text(request.Headers.FirstOrDefault(h => h.Key == "Cookie").Value ?? "(none)"));
        await e.OpenAsync("popup");
        Assert.Equal("""[[["x-ok","1"]],"(none)","sid=s3cret",true]""", await e.EvaluateAsync("popup", """
            const login = await fetch('https://example.com/login', { credentials: 'include' });
            [[...login.headers].filter(([name]) => name !== 'content-type'),
             await (await fetch('https://example.com/echo')).text(),
             await (await fetch('https://example.com/echo', { credentials: 'include' })).text(),
             (await browser.cookies.get({ url: 'https://example.com/', name: 'sid' })).httpOnly]
            """));
        await e.SettleAsync();
        Assert.Contains("explicit false sid=s3cret example.com", Lines("background"));
        Assert.Contains("Set-Cookie from https://example.com/login ignored: cookie \"bad\": Domain=other.org does not match the host example.com", Lines("popup"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "the cookie jar holds 2 cookies already (actorruntime.cookies.max-cookies)")]
    [InlineData(Flavor.Chrome, "Failed to parse or set cookie named \"c\": the cookie jar holds 2 cookies already (actorruntime.cookies.max-cookies)")]
    public async Task The_jar_holds_at_most_its_limit(Flavor flavor, string error)
    {
        var e = await Load(Extension("\"cookies\", \"*://example.com/*\""), Options(flavor) with { MaxCookies = 2 });
        Assert.Equal(error, Text(await e.EvaluateAsync("background", """
            for (const name of ['a', 'b']) await browser.cookies.set({ url: 'https://example.com/', name });
            await browser.cookies.set({ url: 'https://example.com/', name: 'c' }).then(() => 'set', e => e.message)
            """)));
    }

    [Theory]
    [InlineData("{ url: 'http://example.com/', name: 's', secure: true }")]
    [InlineData("{ url: 'https://example.com/', name: 'a;b' }")]
    [InlineData("{ url: 'https://example.com/', name: 'x', domain: 'other.com' }")]
    [InlineData("{ url: 'https://example.com/', name: '__Host-x', secure: true, path: '/a' }")]
    [InlineData("{ url: 'https://example.com/', name: 'x', sameSite: 'no_restriction' }")]
    public async Task Chromium_refuses_a_cookie_it_cannot_set(string details)
    {
        var e = await Load(Extension("\"cookies\", \"*://example.com/*\""), Flavor.Chrome);
        var name = System.Text.RegularExpressions.Regex.Match(details, "name: '([^']*)'").Groups[1].Value;
        Assert.Equal($"Failed to parse or set cookie named \"{name}\".",
            Text(await e.EvaluateAsync("background", $"await browser.cookies.set({details}).then(() => 'set', e => e.message)")));
    }
}

internal static class FileDictionaries
{
    public static Dictionary<string, string> With(this Dictionary<string, string> files, string path, string text)
    {
        files[path] = text;
        return files;
    }
}
