using ActorRuntime.Kernel;
using System.Text;

namespace ActorRuntime.Benchmarks;

/// <summary>Extensions written to a temporary folder for the benchmarks.</summary>
internal static class BenchmarkExtensions
{
    public static readonly Akka.Configuration.Config InMemoryStorage = Akka.Configuration.ConfigurationFactory.ParseString("actorruntime.storage.provider = memory");

    private static readonly List<string> Written = new();

    static BenchmarkExtensions() =>
        // Each benchmark runs in its own process: its folders go when it exits.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Written)
                foreach (var dir in Written)
                    if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        };

    /// <param name="manifestExtra">More manifest keys, each followed by a comma (<c>"permissions": [...],</c>).</param>
    public static string Write(string backgroundJs, bool persistent = true, string manifestExtra = "")
    {
        var dir = Path.Combine(Path.GetTempPath(), "actorruntime-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        lock (Written) Written.Add(dir);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), $$"""
            { "manifest_version": 2, "name": "bench", "version": "1", {{manifestExtra}}
              "background": { "scripts": ["background.js"], "persistent": {{(persistent ? "true" : "false")}} },
              "browser_action": { "default_popup": "popup.html" } }
            """);
        File.WriteAllText(Path.Combine(dir, "background.js"), backgroundJs);
        File.WriteAllText(Path.Combine(dir, "popup.html"), "<html><body><script src=\"popup.js\"></script></body></html>");
        File.WriteAllText(Path.Combine(dir, "popup.js"), "var ready = true;");
        return dir;
    }

    /// <summary>A runtime with the default configuration and a small extension whose popup is open and settled.</summary>
    public static (ExtensionRuntime Runtime, LoadedExtension Extension) StartWithPopup(string backgroundJs = "function foo(x) { return x * 2; }", bool persistent = true)
    {
        var runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), BenchmarkExtensions.InMemoryStorage);
        var extension = runtime.LoadAsync(Write(backgroundJs, persistent)).GetAwaiter().GetResult();
        extension.OpenAsync("popup").GetAwaiter().GetResult();
        extension.SettleAsync().GetAwaiter().GetResult();
        return (runtime, extension);
    }

    /// <summary>About 20 KB of ordinary background code: functions, objects and listeners-to-be.</summary>
    public static string TwentyKilobyteScript()
    {
        var sb = new StringBuilder("var registry = {};\nfunction foo(x) { return x * 2; }\n");
        for (var i = 0; sb.Length < 20_000; i++)
            sb.Append($"function handler{i}(message, sender) {{ var r = {{ id: {i}, kind: 'h{i}', seen: [] }}; if (message && message.n > {i}) {{ r.seen.push(message.n); }} registry['h{i}'] = r; return r; }}\n");
        return sb.ToString();
    }
}

/// <summary>MV3 extensions whose background is a module service worker, for the chrome flavour.</summary>
internal static class WorkerExtensions
{
    /// <summary>
    /// A module worker of about <paramref name="kilobytes"/> KB over <paramref name="modules"/> files (the entry imports
    /// each of the others), answering every message with a count; a popup that messages it.
    /// </summary>
    public static string Write(int modules = 10, int kilobytes = 20, bool classic = false)
    {
        if (classic) return WriteClassic();
        var dir = BenchmarkExtensions.Write("", persistent: false);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), """
            { "manifest_version": 3, "name": "bench-worker", "version": "1",
              "background": { "service_worker": "sw.js", "type": "module" },
              "action": { "default_popup": "popup.html" } }
            """);
        var perModule = kilobytes * 1000 / modules;
        var entry = new System.Text.StringBuilder();
        for (var m = 1; m < modules; m++)
        {
            entry.Append($"import {{ registry{m} }} from './lib/m{m}.js';\n");
            Directory.CreateDirectory(Path.Combine(dir, "lib"));
            File.WriteAllText(Path.Combine(dir, "lib", $"m{m}.js"), Module($"registry{m}", perModule));
        }
        entry.Append("let count = 0;\nchrome.runtime.onMessage.addListener((message, sender, respond) => { respond(++count); });\n");
        entry.Append(Module("registry0", perModule - entry.Length));
        File.WriteAllText(Path.Combine(dir, "sw.js"), entry.ToString());
        return dir;
    }

    /// <summary>A classic worker: one 20 KB script (the event-page benchmarks' code) with the same listener.</summary>
    private static string WriteClassic()
    {
        var dir = BenchmarkExtensions.Write("", persistent: false);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), """
            { "manifest_version": 3, "name": "bench-worker", "version": "1",
              "background": { "service_worker": "sw.js" },
              "action": { "default_popup": "popup.html" } }
            """);
        File.WriteAllText(Path.Combine(dir, "sw.js"), "let count = 0;\nchrome.runtime.onMessage.addListener((message, sender, respond) => { respond(++count); });\n" + BenchmarkExtensions.TwentyKilobyteScript());
        return dir;
    }

    /// <summary>Ordinary code: functions filling a registry, about <paramref name="size"/> characters.</summary>
    internal static string Module(string name, int size)
    {
        var sb = new System.Text.StringBuilder($"export const {name} = {{}};\n");
        for (var i = 0; sb.Length < size; i++)
            sb.Append($"export function {name}_h{i}(message) {{ const r = {{ id: {i}, seen: [] }}; if (message && message.n > {i}) r.seen.push(message.n); {name}['h{i}'] = r; return r; }}\n");
        return sb.ToString();
    }

    /// <summary>A chrome-flavour runtime with the worker extension loaded and its popup open and settled.</summary>
    public static (ExtensionRuntime Runtime, LoadedExtension Extension) StartWithPopup(bool classic = false)
    {
        var runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig) with { Flavor = Flavor.Chrome }, BenchmarkExtensions.InMemoryStorage);
        var extension = runtime.LoadAsync(Write(classic: classic)).GetAwaiter().GetResult();
        extension.OpenAsync("popup").GetAwaiter().GetResult();
        extension.SettleAsync().GetAwaiter().GetResult();
        return (runtime, extension);
    }
}
