using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ClearScript;
using Microsoft.ClearScript.V8;

namespace ActorRuntime.Benchmarks.Peers;

/// <summary>
/// The V8 embedding peer: ClearScript V8, a V8 context (<see cref="V8ScriptEngine"/>) per extension context, all in one
/// V8 runtime (isolate) as an embedder hosting many extensions would, running the same files with the raw peers' stand-in
/// for <c>browser</c> (Peers/raw-context.js). No DOM and no API beyond that stand-in: a floor, as Node's vm is.
/// </summary>
internal sealed partial class ClearScriptPeer(string folder) : IDisposable
{
    private readonly V8Runtime _runtime = new(new V8RuntimeConstraints { MaxOldSpaceSize = 16 * 1024 });
    private readonly string _prelude = File.ReadAllText(Path.Combine(PeerFiles.Folder, "raw-context.js"));

    /// <summary>One loaded extension: its background and popup contexts.</summary>
    internal sealed class Loaded : IDisposable
    {
        public V8ScriptEngine Background = null!;
        public V8ScriptEngine? Popup;

        public void Dispose()
        {
            Popup?.Dispose();
            Background.Dispose();
        }
    }

    private V8ScriptEngine Context(Loaded extension, IEnumerable<(string Path, string Code)> scripts)
    {
        var engine = _runtime.CreateScriptEngine();
        engine.AddHostObject("__host", new ClearScriptBridge(() => extension.Background, () => engine));
        engine.Execute("raw-context.js", _prelude);
        foreach (var (path, code) in scripts) engine.Execute(path, code);
        return engine;
    }

    /// <summary>Reads the manifest and the files it names, then runs the background's and the popup's scripts, each in a context of its own.</summary>
    public Loaded Load(bool withPopup = true)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        var root = manifest.RootElement;
        var extension = new Loaded();
        extension.Background = Context(extension, root.GetProperty("background").GetProperty("scripts").EnumerateArray().Select(s => Read(s.GetString()!)));
        if (withPopup)
        {
            var html = File.ReadAllText(Path.Combine(folder, root.GetProperty("browser_action").GetProperty("default_popup").GetString()!));
            extension.Popup = Context(extension, ScriptSource().Matches(html).Select(m => Read(m.Groups[1].Value)));
        }
        return extension;
    }

    private (string, string) Read(string relative)
    {
        var path = Path.Combine(folder, relative);
        return (path, File.ReadAllText(path));
    }

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    public static void CheckLoaded(Loaded extension)
    {
        if (!Equals(extension.Background.Script.started, true)) throw new InvalidOperationException("the background did not run");
        if (extension.Popup is { } popup && !Equals(popup.Evaluate("ready && document.getElementById('status').textContent"), "Ready"))
            throw new InvalidOperationException("the popup did not run");
    }

    /// <summary>The popup's answer to <paramref name="code"/>, a promise: V8 runs its jobs before the outermost call returns.</summary>
    public static double EvaluateInPopup(Loaded extension, string code)
    {
        var popup = extension.Popup!;
        popup.Execute($"globalThis.__answer = undefined; ({code}).then(v => {{ globalThis.__answer = v; }}, e => {{ globalThis.__answer = 'rejected: ' + e; }});");
        var answer = popup.Script.__answer;
        return answer is Undefined or string ? throw new InvalidOperationException($"the popup answered {answer}") : Convert.ToDouble(answer);
    }

    public static async Task<PeerResult> MeasureAsync(string folder, PeerSettings settings)
    {
        using var peer = new ClearScriptPeer(folder);
        var load = await PeerClock.Time(settings.Loads, Math.Min(50, settings.Loads), () => Task.FromResult(peer.Load()), e => { CheckLoaded(e); e.Dispose(); return Task.CompletedTask; }, settings.WarmupSeconds);

        // Cold start of a background from its script compiled once (V8's compiled script, shared by the runtime's contexts).
        var backgroundPath = Path.Combine(folder, "background.js");
        using var compiled = peer._runtime.Compile(backgroundPath, File.ReadAllText(backgroundPath));
        var cold = await PeerClock.Time(settings.ColdStarts, Math.Min(50, settings.ColdStarts), () =>
        {
            var extension = new Loaded();
            extension.Background = peer.Context(extension, []);
            extension.Background.Execute(compiled);
            return Task.FromResult(extension);
        }, e => { CheckLoaded(e); e.Dispose(); return Task.CompletedTask; }, settings.WarmupSeconds);

        var (crossCode, messageCode) = PeerClock.Scenarios();
        var cross = await peer.PerCall(crossCode, settings, (double)settings.Loop * (settings.Loop - 1));
        var message = await peer.PerCall(messageCode, settings, settings.Loop);
        var memory = peer.Hold(settings.Memory, withPopup: true);
        var many = peer.Hold(settings.Many, withPopup: false);
        return new PeerResult("ClearScript V8", V8Version(), settings, load.MedianUs, load.CpuUs, cold.MedianUs, cold.CpuUs, cross, message, memory, many,
            "a V8 context per extension context, one V8 runtime; memory is V8's heap plus the managed heap; ClearScript shares no object between engines, so the popup reaches the background's functions through .NET (a proxy in the popup, a host call into the background's engine), which its cross-context figure measures");
    }

    private static string V8Version() => typeof(V8ScriptEngine).Assembly.GetName().Version?.ToString() ?? "";

    private async Task<PerCall> PerCall(string code, PeerSettings settings, double expected)
    {
        using var extension = Load();
        var text = PeerClock.Substitute(code, settings.Loop);
        var answer = EvaluateInPopup(extension, text);
        if (answer != expected) throw new InvalidOperationException($"expected {expected}, got {answer}");
        var perRun = await PeerClock.MedianMicroseconds(settings.LoopRuns, 3, () => Task.FromResult(EvaluateInPopup(extension, text)), _ => Task.CompletedTask);
        return new PerCall(perRun / settings.Loop, answer);
    }

    private MemoryFigure Hold(int count, bool withPopup)
    {
        using var warm = Load(withPopup);
        var before = Retained();
        var held = new List<Loaded>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++) held.Add(Load(withPopup));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var after = Retained();
        CheckLoaded(held[^1]);
        foreach (var extension in held) extension.Dispose();
        return new MemoryFigure(count, (after.Heap - before.Heap) / (double)count, (after.Rss - before.Rss) / (double)count, seconds);
    }

    /// <summary>V8's heap in use plus the managed heap, and the resident set, after full collections of both.</summary>
    private (long Heap, long Rss) Retained()
    {
        _runtime.CollectGarbage(exhaustive: true);
        var (managed, rss) = PeerClock.Retained();
        return (managed + (long)_runtime.GetHeapInfo().UsedHeapSize, rss);
    }

    public void Dispose() => _runtime.Dispose();
}

/// <summary>
/// What a ClearScript context's <c>__host</c> is: the way to the background's listeners and global (public: ClearScript
/// shows public members only). ClearScript hands one engine's objects to another only as .NET host objects, so another
/// context's global is a proxy made in the calling context whose functions call into the background's engine through here.
/// </summary>
public sealed class ClearScriptBridge(Func<V8ScriptEngine> backgroundEngine, Func<V8ScriptEngine> ownEngine)
{
    private ScriptObject? _proxy;

    // Named as the stand-in (Peers/raw-context.js) calls them.
    public object send(object message) => ((ScriptObject)backgroundEngine().Script.__dispatch).Invoke(false, message);

    public object background()
    {
        var own = ownEngine();
        if (own == backgroundEngine()) return own.Script;
        // Not a thenable (Promise.resolve looks for "then"); every other name is a function of the background's global.
        return _proxy ??= (ScriptObject)own.Evaluate("new Proxy({}, { get: (target, name) => name === 'then' || typeof name !== 'string' ? undefined : (...args) => __host.call(name, args) })");
    }

    public object call(string name, ScriptObject arguments)
    {
        var values = new object[Convert.ToInt32(arguments.GetProperty("length"))];
        for (var i = 0; i < values.Length; i++) values[i] = arguments.GetProperty(i);
        return ((ScriptObject)((ScriptObject)backgroundEngine().Script).GetProperty(name)).Invoke(false, values);
    }
}
