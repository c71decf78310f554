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
