using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// A front door with a token: a request without it, or with another, is refused 401; with it (as a bearer token, or as
/// the cookie a browser gets for <c>/?token=</c>) it runs; <c>remote --url</c> turns a refusal into exit 2 and one line.
/// </summary>
public sealed class FrontDoorAuthSpec(FrontDoorNode node) : IClassFixture<FrontDoorNode>, IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private static StringContent Steps(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(null, "{\"error\":\"a token is required (Authorization: Bearer <token>)\"}\n")]
    [InlineData("Bearer not-the-token", "{\"error\":\"the token is not the configured one\"}\n")]
    [InlineData("Basic dXNlcjpwYXNz", "{\"error\":\"expected Authorization: Bearer <token>\"}\n")]
    public async Task Without_the_token_a_run_is_refused_401_and_nothing_runs(string? authorization, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}/api/extensions/case-1/run") { Content = Steps("{\"steps\":[[\"--eval\",\"1\"]]}") };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"actorruntime\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_the_token_the_lines_stream_in_order_before_the_exit_code()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}/api/extensions/case-16/run")
        {
            Content = Steps("""{"steps":[["--eval","console.log('one'); setTimeout(() => console.log('later'), 0); console.log('two'); 3"],["--eval","null.x"]]}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FrontDoorNode.Token);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        // The console lines of an evaluation before its result, a later task's after it; the exit code last.
        Assert.Equal("""
            {"out":"[background] background up"}
            {"out":"[background] one"}
            {"out":"[background] two"}
            {"out":"[background] => 3"}
            {"out":"[background] later"}
            {"out":"[background] Uncaught TypeError: Cannot read properties of null (reading 'x')"}
            {"exit":1}

            """.ReplaceLineEndings("\n"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_extensions_are_listed_for_a_client_with_the_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.Url}/api/extensions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FrontDoorNode.Token);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = Enumerable.Range(1, FrontDoorNode.Copies).Select(i => $"\"case-{i}\"").Order(StringComparer.Ordinal);
        Assert.Equal($"{{\"extensions\":[{string.Join(",", expected)}]}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_browser_trades_the_token_for_an_http_only_strict_cookie_once()
    {
        using var wrong = await _client.GetAsync($"{node.Url}/api/extensions?token=guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var traded = await _client.GetAsync($"{node.Url}/api/extensions?token={FrontDoorNode.Token}&x=1");
        Assert.Equal(HttpStatusCode.Redirect, traded.StatusCode);
        // The token leaves the address (and the history); the other parameters stay.
        Assert.Equal("/api/extensions?x=1", traded.Headers.Location?.OriginalString);
        // The redirect stays on this front door, whatever the path looks like.
        using (var offsite = await _client.GetAsync($"{node.Url}//evil.example/?token={FrontDoorNode.Token}"))
            Assert.Equal("/evil.example/", offsite.Headers.Location?.OriginalString);
        var cookie = Assert.Single(traded.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FrontDoorNode.Token, cookie, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.Url}/api/extensions");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var withCookie = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);

        using var forged = new HttpRequestMessage(HttpMethod.Get, $"{node.Url}/api/extensions");
        forged.Headers.Add("Cookie", "actorruntime-front-door=00");
        using var refused = await _client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Remote_with_a_refused_token_exits_2_with_one_line_naming_the_401()
    {
        var (code, output, error) = await CommandLine.Run("remote", "--url", node.Url, "--token", "not-the-token", "--extension", "case-1", "--eval", "1");
        Assert.Equal((2, ""), (code, output));
        Assert.Equal($"error: the front door at {node.Url} refused the request: 401 Unauthorized: the token is not the configured one\n", error);
    }

    [Fact]
    public async Task Remote_takes_the_token_from_the_environment()
    {
        Environment.SetEnvironmentVariable("ACTORRUNTIME_FRONT_DOOR_TOKEN", FrontDoorNode.Token);
        try
        {
            Assert.Equal((0, "[background] background up\n[background] => 2\n", ""), await CommandLine.Run("remote", "--url", node.Url, "--extension", "case-14", "--eval", "1+1"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ACTORRUNTIME_FRONT_DOOR_TOKEN", null);
        }
    }

    [Fact]
    public async Task Hostile_requests_are_refused_with_a_line_saying_why()
    {
        async Task<(HttpStatusCode, string)> Post(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}/api/extensions/case-15/run") { Content = Steps(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FrontDoorNode.Token);
            using var response = await _client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // Started first, so that its start's line is not part of the answers below.
        Assert.Equal((HttpStatusCode.OK, "{\"out\":\"[background] background up\"}\n{\"out\":\"[background] => 1\"}\n{\"exit\":0}\n"),
            await Post("{\"steps\":[[\"--eval\",\"1\"]]}"));
        var tooMany = "{\"steps\":[" + string.Join(",", Enumerable.Repeat("[\"--eval\",\"1\"]", 1001)) + "]}";
        Assert.Equal((HttpStatusCode.BadRequest, "{\"error\":\"1001 steps: at most 1000 are taken at once (actorruntime.front-door.limits.max-steps)\"}\n"), await Post(tooMany));
        Assert.Equal((HttpStatusCode.BadRequest, "{\"error\":\"--eval: a step takes at most 2 values, got 3\"}\n"), await Post("{\"steps\":[[\"--eval\",\"1\",\"2\",\"3\"]]}"));
        // The node's own files are never read for a client: --script, --host, --page and --respond take what the client sent.
        Assert.Equal((HttpStatusCode.OK, "{\"err\":\"error: --script: the client reads --script files and sends their steps\"}\n{\"exit\":2}\n"),
            await Post("{\"steps\":[[\"--script\",\"/etc/hostname\"]]}"));
        Assert.Equal((HttpStatusCode.OK, "{\"err\":\"error: --page /etc/hostname: the client did not send this file\"}\n{\"exit\":2}\n"),
            await Post("{\"steps\":[[\"--page\",\"/etc/hostname\"],[\"--open\",\"tab:https://example.com/\"]]}"));
        Assert.Equal((HttpStatusCode.OK, "{\"err\":\"error: --respond https://x.example/* /etc/hostname: expected a file the client sent or a JSON body (neither)\"}\n{\"exit\":2}\n"),
            await Post("{\"steps\":[[\"--respond\",\"https://x.example/*\",\"/etc/hostname\"]]}"));
        // A form or text/plain POST (what a web page may send across sites without asking) is refused.
        using (var plain = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}/api/extensions/case-15/run")
               { Content = new StringContent("{\"steps\":[[\"--eval\",\"1\"]]}", Encoding.UTF8, "text/plain") })
        {
            plain.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FrontDoorNode.Token);
            using var refused = await _client.SendAsync(plain);
            Assert.Equal((HttpStatusCode.UnsupportedMediaType, "{\"error\":\"expected a JSON body (Content-Type: application/json)\"}\n"),
                (refused.StatusCode, await refused.Content.ReadAsStringAsync()));
        }
        Assert.Equal((HttpStatusCode.OK, "{\"err\":\"error: --seed is not a step of run (steps: " + StepList() + ")\"}\n{\"exit\":2}\n"),
            await Post("{\"steps\":[[\"--seed\",\"x\"]]}"));
    }

    private static string StepList() => string.Join(", ", ActorRuntime.RemoteClient.StepSyntax.Names.Where(o => o is not ("--script" or "--host")).Order());

    public void Dispose() => _client.Dispose();
}
