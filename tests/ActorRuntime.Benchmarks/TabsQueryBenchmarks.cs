using ActorRuntime.Apis;
using ActorRuntime.Browsing;
using ActorRuntime.Contexts;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using BenchmarkDotNet.Attributes;
using Jint;
using Jint.Native;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// <c>tabs.query({active: true, currentWindow: true})</c> from a background page, with 1,000 tabs open in the runtime's
/// browser (10 windows of 100): the arguments checked, the model walked, the one tab answered as a <c>tabs.Tab</c> and the
/// promise settled (target: under 50 µs median).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TabsQueryBenchmarks
{
    private const int Calls = 100;

    private ContextRealm _realm = null!;
    private Jint.Native.Function.Function _queries = null!;
    private ContextRealm _oneTabRealm = null!;
    private Jint.Native.Function.Function _oneTabQueries = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_realm, _queries) = Background(windows: 10, tabsPerWindow: 100);
        (_oneTabRealm, _oneTabQueries) = Background(windows: 1, tabsPerWindow: 1);
        foreach (var (realm, queries) in new[] { (_realm, _queries), (_oneTabRealm, _oneTabQueries) })
            if (Run(realm, queries).AsNumber() != Calls) throw new InvalidOperationException("the queries did not each find the one active tab");
    }

    /// <summary>A background page of an extension with the tabs permission, in a browser with that many tabs open, and its loop of queries.</summary>
    private static (ContextRealm, Jint.Native.Function.Function) Background(int windows, int tabsPerWindow)
    {
        var directory = Path.Combine(Path.GetTempPath(), "actorruntime-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "manifest.json"), """
            { "manifest_version": 2, "name": "bench", "version": "1", "background": { "scripts": ["background.js"] }, "permissions": ["tabs"] }
            """);
        File.WriteAllText(Path.Combine(directory, "background.js"), "");
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig).WithBrowser();
        var kernel = new ExtensionKernel(ExtensionPackage.Load(directory), Flavor.Firefox, options);
        for (var window = 0; window < windows; window++)
        {
            var opened = kernel.Browser.OpenWindow(new WindowRequest { Urls = ["https://example.com/0"] });
            for (var tab = 1; tab < tabsPerWindow; tab++)
                kernel.Browser.OpenTab(new TabRequest($"https://example.com/{window}/{tab}") { WindowId = opened.Id, Active = tab == tabsPerWindow / 2 });
        }
        var info = new ContextInfo("background", ContextKind.Background, false, kernel.Identity.BaseUrl + "_generated_background_page.html");
        var host = new WebPageHost(kernel, null!, (_, _) => { });
        var realm = new ContextRealm(info, kernel) { Host = host };
        host.Realm = realm;
        _ = ActorRuntime.Apis.Schema.ApiSchema.Instance;
        ApiSurface.Install(host);
        return (realm, (Jint.Native.Function.Function)realm.Engine.Evaluate($$"""
            (function () {
              let found = 0;
              for (let i = 0; i < {{Calls}}; i++) browser.tabs.query({ active: true, currentWindow: true }).then(tabs => { found += tabs.length; });
              return () => found;
            })
            """));
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "tabs.query({active, currentWindow}) with 1,000 tabs open, per call (promise settled)")]
    public JsValue Query() => Run(_realm, _queries);

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "the same query with 1 tab open, per call")]
    public JsValue QueryOneTab() => Run(_oneTabRealm, _oneTabQueries);

    private static JsValue Run(ContextRealm realm, Jint.Native.Function.Function queries)
    {
        realm.Extension.Budget.Arm();
        var count = realm.Engine.Call(queries);
        realm.Engine.Advanced.ProcessTasks();
        return realm.Engine.Call(count);
    }
}
