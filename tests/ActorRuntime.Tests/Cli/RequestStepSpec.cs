using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary><c>run</c>'s <c>--request &lt;url&gt; [json-details]</c>: a request through the extension's webRequest listeners, its fate printed.</summary>
public class RequestStepSpec : IDisposable
{
    private readonly List<ExtensionFolder> _folders = new();
    private readonly List<string> _files = new();

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    private const string Background = """
        browser.webRequest.onBeforeRequest.addListener(d => d.url.endsWith('/old') ? { redirectUrl: 'https://example.com/new' } : {},
          { urls: ['<all_urls>'] }, ['blocking']);
        browser.webRequest.onBeforeSendHeaders.addListener(d => ({ requestHeaders: [...d.requestHeaders, { name: 'X-Ext', value: d.method }] }),
          { urls: ['<all_urls>'] }, ['blocking', 'requestHeaders']);
        browser.webRequest.onCompleted.addListener(d => console.log('completed ' + d.url + ' ' + d.statusCode), { urls: ['<all_urls>'] });
        """;

    private ExtensionFolder Extension()
    {
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, Background,
            "\"permissions\": [\"webRequest\", \"webRequestBlocking\", \"<all_urls>\"],"));
        _folders.Add(folder);
        return folder;
    }

    private const string FirefoxAgent = "{\"name\":\"User-Agent\",\"value\":\"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\"}";

    [Fact]
    public async Task Request_prints_the_fate_with_the_final_headers_and_where_it_was_redirected()
    {
        var (code, output, error) = await Run("run", Extension().Path, "--flavor", "firefox", "--respond", "https://example.com/*", """{"ok":true}""",
            "--request", "https://example.com/old",
            "--request", "https://offline.example/api", """{"type":"xmlhttprequest","method":"post"}""");
        Assert.Equal("", error);
        Assert.Equal($$"""
            [background] completed https://example.com/new 200
            [runtime] request https://example.com/old => {"cancel":false,"redirectUrl":"https://example.com/new","requestHeaders":[{{FirefoxAgent}},{"name":"Accept","value":"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},{"name":"X-Ext","value":"GET"}],"statusCode":200}
            [runtime] request https://offline.example/api => {"cancel":false,"requestHeaders":[{{FirefoxAgent}},{"name":"Accept","value":"*/*"},{"name":"X-Ext","value":"POST"}],"error":"NS_ERROR_OFFLINE"}

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_script_file_gives_the_details_after_the_url()
    {
        var script = Path.GetTempFileName();
        _files.Add(script);
        File.WriteAllText(script, """
            # a cancelled request
            --request https://example.com/ads.js {"type": "script", "requestHeaders": [{"name": "X-Host", "value": "1"}]}
            """);
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts,
            "chrome.webRequest.onBeforeRequest.addListener(d => ({ cancel: d.type === 'script' }), { urls: ['<all_urls>'] }, ['blocking']);",
            "\"permissions\": [\"webRequest\", \"webRequestBlocking\", \"<all_urls>\"],"));
        _folders.Add(folder);
        var (code, output, error) = await Run("run", folder.Path, "--flavor", "chrome", "--script", script);
        Assert.Equal("", error);
        Assert.Equal("""
            [runtime] request https://example.com/ads.js => {"cancel":true,"requestHeaders":[{"name":"X-Host","value":"1"}],"error":"net::ERR_BLOCKED_BY_CLIENT"}

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("""{"tabId":3}""", "error: cannot request \"https://example.com/\": the browser has no tab 3\n")]
    [InlineData("not json", "error: cannot request \"https://example.com/\": the details are not JSON (expected an object such as {\"type\":\"script\"})\n")]
    public async Task Bad_details_fail_with_one_line(string details, string expected)
    {
        var (code, output, error) = await Run("run", Extension().Path, "--request", "https://example.com/", details);
        Assert.Equal(expected, error);
        Assert.Equal("", output);
        Assert.Equal(2, code);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
        foreach (var file in _files) File.Delete(file);
    }
}
