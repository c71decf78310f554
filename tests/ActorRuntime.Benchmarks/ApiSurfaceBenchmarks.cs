using ActorRuntime.Apis;
using ActorRuntime.Contexts;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using BenchmarkDotNet.Attributes;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// The API layer generated from the schema: building a context's <c>browser</c> and <c>chrome</c> for an extension with
/// 20 permissions (target: under 20 µs and 32 KiB: namespaces stay lazy), in Firefox MV2 (two roots) and in the chrome
/// flavour (one root, over Firefox's namespaces and Chromium's), and a call of a function the host provides,
/// arguments checked against the schema, against calling the same provided function directly (target: under 2 µs more).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ApiSurfaceBenchmarks
{
    private const int Calls = 1000;

    private static readonly string[] TwentyPermissions =
    [
        "storage", "tabs", "alarms", "cookies", "bookmarks", "history", "notifications", "webNavigation", "contextMenus", "menus",
        "idle", "topSites", "sessions", "downloads", "management", "scripting", "webRequest", "find", "search", "dns",
    ];

    private ContextRealm _realm = null!;
    private IContextHost _host = null!;
    private IContextHost _chromeHost = null!;
    private Jint.Native.Function.Function? _throughApi;
    private Jint.Native.Function.Function? _direct;

    [GlobalSetup]
    public void Setup()
    {
        _host = Background(2, Flavor.Firefox);
        _realm = _host.Realm;
        _chromeHost = Background(3, Flavor.Chrome);
        // The description is read once per process: not part of what one context pays.
        _ = ActorRuntime.Apis.Schema.ApiSchema.Instance;
        ApiSurface.Install(_host);
        ApiSurface.Install(_chromeHost);
        var kernel = _realm.Extension;

        // A synchronous function (i18n.getMessage: a string and an optional substitution) provided by the host.
        ProvidedFunction provided = _ => Task.FromResult<string?>("\"hello\"");
        kernel.Host.Provide("i18n.getMessage", provided);
        var engine = _realm.Engine;
        engine.SetValue("directly", new ClrFunction(engine, "directly", (_, args) =>
            new Jint.Native.Json.JsonParser(engine).Parse(provided(ApiValueJson.Array(args, 64)).Result!)));
        _throughApi = (Jint.Native.Function.Function)engine.Evaluate($"(function () {{ for (let i = 0; i < {Calls}; i++) browser.i18n.getMessage('greeting', 'Ada'); }})");
        _direct = (Jint.Native.Function.Function)engine.Evaluate($"(function () {{ for (let i = 0; i < {Calls}; i++) directly('greeting', 'Ada'); }})");
    }

    /// <summary>A background context of an extension with the twenty permissions.</summary>
    private static WebPageHost Background(int manifestVersion, Flavor flavor)
    {
        var directory = Path.Combine(Path.GetTempPath(), "actorruntime-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "manifest.json"), $$"""
            { "manifest_version": {{manifestVersion}}, "name": "bench", "version": "1", "background": { "scripts": ["background.js"] },
              "permissions": {{System.Text.Json.JsonSerializer.Serialize(TwentyPermissions)}} }
            """);
        File.WriteAllText(Path.Combine(directory, "background.js"), "");
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig);
        var kernel = new ExtensionKernel(ExtensionPackage.Load(directory), flavor, options);
        var info = new ContextInfo("background", ContextKind.Background, false, kernel.Identity.BaseUrl + "_generated_background_page.html");
        var host = new WebPageHost(kernel, null!, (_, _) => { });
        host.Realm = new ContextRealm(info, kernel) { Host = host };
        return host;
    }

    [Benchmark(Description = "browser and chrome built for a context, 20 permissions (Firefox MV2: two roots)")]
    public void BuildSurface() => ApiSurface.Install(_host);

    [Benchmark(Description = "chrome built for a context, 20 permissions (chrome flavour MV3: Firefox's and Chromium's namespaces)")]
    public void BuildChromeSurface() => ApiSurface.Install(_chromeHost);

    [Benchmark(OperationsPerInvoke = Calls, Description = "a provided synchronous function called through the API (arguments checked), per call")]
    public JsValue ProvidedThroughApi()
    {
        _realm.Extension.Budget.Arm();
        return _realm.Engine.Call(_throughApi!);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "the same provided function called directly, per call")]
    public JsValue ProvidedDirectly()
    {
        _realm.Extension.Budget.Arm();
        return _realm.Engine.Call(_direct!);
    }
}
