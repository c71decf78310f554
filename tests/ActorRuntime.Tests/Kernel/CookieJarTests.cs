using ActorRuntime.Kernel;

namespace ActorRuntime.Tests.Kernel;

/// <summary>The cookie jar on its own: RFC 6265 domain and path matching, Secure, expiry, Set-Cookie parsing, changes, limits.</summary>
public class CookieJarTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Recorder : ICookieObserver
    {
        public List<CookieChange> Changes { get; } = new();
        public void CookieChanged(CookieChange change) => Changes.Add(change);
    }

    private static CookieJar JarWith(params (string Url, string Header)[] responses)
    {
        var jar = new CookieJar(100);
        foreach (var (url, header) in responses)
            jar.SetFromResponse(false, new Uri(url), [header], Now, problem => throw new InvalidOperationException(problem));
        return jar;
    }

    private static string? Header(CookieJar jar, string url, DateTimeOffset? at = null) => jar.HeaderFor(false, new Uri(url), at ?? Now);

    [Fact]
    public void A_host_only_cookie_goes_to_its_host_only_and_a_domain_cookie_to_its_subdomains()
    {
        var jar = JarWith(("https://example.com/", "host=1"), ("https://example.com/", "dom=2; Domain=example.com"));
        Assert.Equal("host=1; dom=2", Header(jar, "https://example.com/page"));
        Assert.Equal("dom=2", Header(jar, "https://www.example.com/"));
        Assert.Null(Header(jar, "https://notexample.com/"));
        Assert.Null(Header(jar, "https://example.com.evil.org/"));
    }

    [Fact]
    public void A_path_matches_itself_and_what_is_below_it_at_a_slash()
    {
        var jar = JarWith(("https://example.com/docs/page.html", "d=1"), ("https://example.com/", "root=2; Path=/"));
        Assert.Equal("/docs", jar.Query(false, Now, _ => true).Single(c => c.Name == "d").Path);
        Assert.Equal("d=1; root=2", Header(jar, "https://example.com/docs"));
        Assert.Equal("d=1; root=2", Header(jar, "https://example.com/docs/web/x"));
        Assert.Equal("root=2", Header(jar, "https://example.com/docsets"));
        Assert.Equal("root=2", Header(jar, "https://example.com/"));
    }

    [Fact]
    public void Secure_cookies_go_over_secure_urls_and_localhost_only()
    {
        var jar = JarWith(("https://example.com/", "s=1; Secure"), ("https://example.com/", "p=2"), ("http://localhost/", "l=3; Secure"));
        Assert.Equal("s=1; p=2", Header(jar, "https://example.com/"));
        Assert.Equal("p=2", Header(jar, "http://example.com/"));
        Assert.Equal("l=3", Header(jar, "http://localhost/"));
        var refused = new List<string>();
        jar.SetFromResponse(false, new Uri("http://example.com/"), ["x=1; Secure"], Now, refused.Add);
        Assert.Equal(["cookie \"x\": Secure, from an insecure URL"], refused);
    }

    [Fact]
    public void Longer_paths_go_first_then_older_cookies()
    {
        var jar = new CookieJar(100);
        jar.SetFromResponse(false, new Uri("https://example.com/"), ["b=1; Path=/"], Now, _ => { });
        jar.SetFromResponse(false, new Uri("https://example.com/"), ["a=2; Path=/"], Now.AddSeconds(1), _ => { });
        jar.SetFromResponse(false, new Uri("https://example.com/"), ["c=3; Path=/x"], Now.AddSeconds(2), _ => { });
        Assert.Equal("c=3; b=1; a=2", Header(jar, "https://example.com/x/y", Now.AddSeconds(3)));
    }

    [Fact]
    public void An_expired_cookie_is_gone_and_reported_as_expired()
    {
        var jar = JarWith(("https://example.com/", "short=1; Max-Age=60"), ("https://example.com/", "long=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"));
        var recorder = new Recorder();
        jar.Observe(recorder);
        Assert.Equal("short=1; long=2", Header(jar, "https://example.com/", Now.AddSeconds(59)));
        Assert.Equal("long=2", Header(jar, "https://example.com/", Now.AddSeconds(60)));
        Assert.Equal([("short", true, "expired")], recorder.Changes.Select(c => (c.Cookie.Name, c.Removed, c.Cause)));
        Assert.Equal(new DateTimeOffset(2026, 10, 21, 7, 28, 0, TimeSpan.Zero), jar.Query(false, Now, _ => true).Single().Expires);
    }

    [Fact]
    public void Max_age_wins_over_expires_and_expiry_is_capped_at_400_days()
    {
        var jar = JarWith(("https://example.com/", "a=1; Expires=Thu, 01 Jan 2026 00:00:10 GMT; Max-Age=3600"), ("https://example.com/", "b=2; Max-Age=999999999"));
        var cookies = jar.Query(false, Now, _ => true).ToDictionary(c => c.Name);
        Assert.Equal(Now.AddHours(1), cookies["a"].Expires);
        Assert.Equal(Now.AddDays(400), cookies["b"].Expires);
    }

    [Fact]
    public void Setting_a_cookie_again_replaces_it_keeping_its_creation_time_and_reports_overwrite_then_explicit()
    {
        var jar = JarWith(("https://example.com/", "a=1"));
        var recorder = new Recorder();
        jar.Observe(recorder);
        jar.SetFromResponse(false, new Uri("https://example.com/"), ["a=2"], Now.AddMinutes(1), _ => { });
        var cookie = jar.Query(false, Now, _ => true).Single();
        Assert.Equal(("2", Now), (cookie.Value, cookie.Created));
        Assert.Equal([("1", true, "overwrite"), ("2", false, "explicit")], recorder.Changes.Select(c => (c.Cookie.Value, c.Removed, c.Cause)));
        jar.SetFromResponse(false, new Uri("https://example.com/"), ["a=3; Max-Age=0"], Now.AddMinutes(2), _ => { });
        Assert.Empty(jar.Query(false, Now, _ => true));
        Assert.Equal(("2", true, "expired_overwrite"), recorder.Changes.Select(c => (c.Cookie.Value, c.Removed, c.Cause)).Last());
    }

    [Theory]
    [InlineData("https://example.com/", "a=1; Domain=other.com", "cookie \"a\": Domain=other.com does not match the host example.com")]
    [InlineData("https://www.example.com/", "a=1; Domain=com", "cookie \"a\": Domain=com names a top-level domain")]
    [InlineData("https://example.com/", "a=1; Domain=www.example.com", "cookie \"a\": Domain=www.example.com does not match the host example.com")]
    [InlineData("https://example.com/", "__Secure-a=1", "cookie \"__Secure-a\": the __Secure- prefix needs Secure")]
    [InlineData("https://example.com/", "__Host-a=1; Secure; Path=/; Domain=example.com", "cookie \"__Host-a\": the __Host- prefix needs Secure, Path=/ and no Domain")]
    [InlineData("https://example.com/", "=", "Set-Cookie without a name or value")]
    public void A_set_cookie_the_url_may_not_set_is_ignored_with_its_reason(string url, string header, string reason)
    {
        var jar = new CookieJar(100);
        var refused = new List<string>();
        jar.SetFromResponse(false, new Uri(url), [header], Now, refused.Add);
        Assert.Equal([reason], refused);
        Assert.Equal(0, jar.Count);
    }

    [Theory]
    [InlineData("Wed, 21 Oct 2015 07:28:00 GMT", "2015-10-21T07:28:00+00:00")]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37+00:00")]
    [InlineData("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37+00:00")]
    [InlineData("06 Nov 2030 23:59:59", "2030-11-06T23:59:59+00:00")]
    public void Cookie_dates_parse_as_rfc_6265_reads_them(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), SetCookieHeader.ParseDate(text));

    [Theory]
    [InlineData("31 Feb 2026 00:00:00")]
    [InlineData("Wed, 21 Oct 2015")]
    [InlineData("21 Oct 1500 07:28:00")]
    [InlineData("21 Foo 2015 25:28:00")]
    public void A_date_that_is_no_date_is_none(string text) => Assert.Null(SetCookieHeader.ParseDate(text));

    [Fact]
    public void HttpOnly_and_samesite_are_kept_and_httponly_cookies_go_with_requests()
    {
        var jar = JarWith(("https://example.com/", "a=1; HttpOnly; SameSite=Strict"), ("https://example.com/", "b=2; SameSite=None; Secure"));
        var cookies = jar.Query(false, Now, _ => true).ToDictionary(c => c.Name);
        Assert.Equal((true, "strict"), (cookies["a"].HttpOnly, cookies["a"].SameSite));
        Assert.Equal("no_restriction", cookies["b"].SameSite);
        Assert.Equal("a=1; b=2", Header(jar, "https://example.com/"));
    }

    [Fact]
    public void The_private_profile_has_cookies_of_its_own()
    {
        var jar = new CookieJar(100);
        jar.SetFromResponse(true, new Uri("https://example.com/"), ["private=1"], Now, _ => { });
        Assert.Null(jar.HeaderFor(false, new Uri("https://example.com/"), Now));
        Assert.Equal("private=1", jar.HeaderFor(true, new Uri("https://example.com/"), Now));
    }

    [Fact]
    public void A_full_jar_refuses_a_new_cookie_naming_the_limit_but_still_replaces_one()
    {
        var jar = new CookieJar(2);
        var refused = new List<string>();
        jar.SetFromResponse(false, new Uri("https://example.com/"), ["a=1", "b=2", "c=3", "a=4"], Now, refused.Add);
        Assert.Equal(["the cookie jar holds 2 cookies already (actorruntime.cookies.max-cookies)"], refused);
        Assert.Equal("a=4; b=2", Header(jar, "https://example.com/"));
    }

    [Fact]
    public void Removing_takes_what_matches_and_reports_it_as_explicit()
    {
        var jar = JarWith(("https://example.com/", "a=1"), ("https://example.com/x", "a=2; Path=/x"));
        var recorder = new Recorder();
        jar.Observe(recorder);
        var removed = jar.Remove(false, Now, c => c.Name == "a", firstOnly: true);
        Assert.Equal("/x", Assert.Single(removed).Path);
        Assert.Equal([(true, "explicit")], recorder.Changes.Select(c => (c.Removed, c.Cause)));
        Assert.Equal("a=1", Header(jar, "https://example.com/x"));
    }
}
