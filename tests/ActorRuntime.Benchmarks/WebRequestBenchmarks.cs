using ActorRuntime.Kernel;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// One request the host issues (<c>IExtensionRuntime.RequestAsync</c>) through an extension with 3 webRequest listeners
/// (a blocking <c>onBeforeRequest</c>, a blocking <c>onBeforeSendHeaders</c> that adds a header, an <c>onCompleted</c>)
/// and 1,000 declarativeNetRequest session rules (block and modifyHeaders for other hosts, one header change that
/// applies), answered by a registered response: the rules evaluated, every event of the lifecycle fired into the
/// persistent background and awaited, the network answered. Real time, as a hosted runtime runs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class WebRequestBenchmarks
{
    private const string Background = """
        browser.webRequest.onBeforeRequest.addListener(d => ({ cancel: d.url.includes('/ads/') }), { urls: ['<all_urls>'] }, ['blocking']);
        browser.webRequest.onBeforeSendHeaders.addListener(d => ({ requestHeaders: [...d.requestHeaders, { name: 'X-Listener', value: '1' }] }),
          { urls: ['<all_urls>'] }, ['blocking', 'requestHeaders']);
        var completed = 0;
        browser.webRequest.onCompleted.addListener(d => { completed++; }, { urls: ['<all_urls>'] });
        """;

    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), BenchmarkExtensions.InMemoryStorage);
        var folder = BenchmarkExtensions.Write(Background, manifestExtra: """
            "permissions": ["webRequest", "webRequestBlocking", "declarativeNetRequest", "<all_urls>"],
            """);
        _extension = _runtime.LoadAsync(folder).GetAwaiter().GetResult();
        _extension.EvaluateAsync("background", """
            await browser.declarativeNetRequest.updateSessionRules({ addRules: Array.from({ length: 1000 }, (_, i) => i === 999
              ? { id: 1000, priority: 2, condition: { urlFilter: '||example.com^', resourceTypes: ['main_frame'] },
                  action: { type: 'modifyHeaders', requestHeaders: [{ header: 'X-Rule', operation: 'set', value: '1' }] } }
              : { id: i + 1, priority: 1 + i % 3, condition: { urlFilter: '||host' + i + '.example^', resourceTypes: ['main_frame', 'script'] },
                  action: i % 2 ? { type: 'block' } : { type: 'modifyHeaders', requestHeaders: [{ header: 'X-Other', operation: 'remove' }] } }) });
            (await browser.declarativeNetRequest.getSessionRules()).length
            """).GetAwaiter().GetResult();
        _extension.Respond("https://example.com/*", ResponseSpec.Text("<!doctype html><title>page</title>", "text/html"));
        var warm = _extension.RequestAsync("https://example.com/page").GetAwaiter().GetResult();
        if (warm.StatusCode != 200 || !warm.RequestHeaders.Any(h => h.Key == "X-Rule") || !warm.RequestHeaders.Any(h => h.Key == "X-Listener"))
            throw new InvalidOperationException("the request did not go through the rules and listeners: " + System.Text.Json.JsonSerializer.Serialize(warm));
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "a request through 3 webRequest listeners and 1,000 DNR rules")]
    public Task<RequestResult> Request() => _extension.RequestAsync("https://example.com/page");
}
