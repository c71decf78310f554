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

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(Path.GetTempPath(), "actorruntime-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "manifest.json"), """
            { "manifest_version": 2, "name": "bench", "version": "1", "background": { "scripts": ["background.js"] }, "permissions": ["tabs"] }
            """);
        File.WriteAllText(Path.Combine(directory, "background.js"), "");
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig).WithBrowser();
        var kernel = new ExtensionKernel(ExtensionPackage.Load(directory), Flavor.Firefox, options);
        for (var window = 0; window < 10; window++)
        {
            var opened = kernel.Browser.OpenWindow(new WindowRequest { Urls = ["https://example.com/0"] });
            for (var tab = 1; tab < 100; tab++)
                kernel.Browser.OpenTab(new TabRequest($"https://example.com/{window}/{tab}") { WindowId = opened.Id, Active = tab == 50 });
        }
        var info = new ContextInfo("background", ContextKind.Background, false, kernel.Identity.BaseUrl + "_generated_background_page.html");
        var host = new WebPageHost(kernel, null!, (_, _) => { });
        _realm = new ContextRealm(info, kernel) { Host = host };
        host.Realm = _realm;
        _ = ActorRuntime.Apis.Schema.ApiSchema.Instance;
        ApiSurface.Install(host);
        _queries = (Jint.Native.Function.Function)_realm.Engine.Evaluate($$"""
            (function () {
              let found = 0;
              for (let i = 0; i < {{Calls}}; i++) browser.tabs.query({ active: true, currentWindow: true }).then(tabs => { found += tabs.length; });
              return () => found;
            })
            """);
        if (Query() is not { } counted || counted.AsNumber() != Calls) throw new InvalidOperationException("the queries did not each find the one active tab");
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "tabs.query({active, currentWindow}) with 1,000 tabs open, per call (promise settled)")]
    public JsValue Query()
    {
        _realm.Extension.Budget.Arm();
        var count = _realm.Engine.Call(_queries);
        _realm.Engine.Advanced.ProcessTasks();
        return _realm.Engine.Call(count);
    }
}
