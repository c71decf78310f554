using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// The registered scripts browsers keep across restarts: those registered by id (<c>scripting.registerContentScripts</c>)
/// with <c>persistAcrossSessions</c> (true unless given false). Firefox's <c>contentScripts.register</c> and scripts
/// registered with <c>persistAcrossSessions: false</c> last for the session only. An update of the extension starts it with
/// none (Firefox clears its store on an upgrade).
/// </summary>
internal sealed partial class RegisteredScripts
{
    /// <summary><c>[{id, matches, excludeMatches, js, css, runAt, allFrames, world}]</c> of the scripts kept; null when there is none.</summary>
    private string? KeptJson()
    {
        var kept = _entries.Where(entry => entry is { Id: not null, Owner: null, PersistAcrossSessions: true }).ToList();
        if (kept.Count == 0) return null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            void Strings(string name, IReadOnlyList<string> values)
            {
                json.WriteStartArray(name);
                foreach (var value in values) json.WriteStringValue(value);
                json.WriteEndArray();
            }
            json.WriteStartArray();
            foreach (var entry in kept)
            {
                var spec = entry.Spec;
                json.WriteStartObject();
                json.WriteString("id", entry.Id);
                Strings("matches", spec.Matches);
                Strings("excludeMatches", spec.ExcludeMatches);
                Strings("js", spec.Js);
                Strings("css", spec.Css);
                json.WriteString("runAt", spec.RunAt.ToString());
                json.WriteBoolean("allFrames", spec.AllFrames);
                json.WriteString("world", spec.World.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The scripts kept from an earlier run (<see cref="KeptJson"/>'s form), before any context runs: each checked again as a
    /// registration is (patterns, files inside the extension, unique ids, the runtime's count limit); one that no longer
    /// passes is skipped, and the answer says how many were.
    /// </summary>
    public static int Restore(ExtensionKernel extension, JsonElement kept)
    {
        if (kept.ValueKind != JsonValueKind.Array) return 1;
        var limit = extension.Options.Injection.MaxRegisteredScripts;
        var restored = new List<Registration>();
        var skipped = 0;
        foreach (var item in kept.EnumerateArray())
        {
            if (Read(extension, item) is { } registration && restored.Count < limit && restored.All(r => r.Id != registration.Id)) restored.Add(registration);
            else skipped++;
        }
        if (restored.Count > 0) Of(extension).Change(current => current.Concat(restored));
        return skipped;
    }

    private static Registration? Read(ExtensionKernel extension, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        string? Text(string key) => item.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        string[]? Texts(string key) =>
            item.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
                ? value.EnumerateArray().Select(v => v.GetString()!).ToArray()
                : null;
        var (id, matches, excludeMatches, js, css) = (Text("id"), Texts("matches"), Texts("excludeMatches") ?? [], Texts("js") ?? [], Texts("css") ?? []);
        if (string.IsNullOrEmpty(id) || id.StartsWith('_') || matches is not { Length: > 0 } || js.Length + css.Length == 0) return null;
        var chromium = extension.Flavor == Flavor.Chrome;
        if (matches.Concat(excludeMatches).Any(pattern => MatchPattern.Problem(pattern, allowPort: chromium) is not null)) return null;
        string[] jsPaths, cssPaths;
        try
        {
            jsPaths = js.Select(file => extension.Package.Resolve(file)).ToArray();
            cssPaths = css.Select(file => extension.Package.Resolve(file)).ToArray();
        }
        catch (ManifestException)
        {
            return null;
        }
        var spec = new ContentScriptSpec(matches, jsPaths, Enum.TryParse<RunAt>(Text("runAt"), out var runAt) && Enum.IsDefined(runAt) ? runAt : RunAt.DocumentIdle)
        {
            ExcludeMatches = excludeMatches,
            Css = cssPaths,
            AllFrames = item.TryGetProperty("allFrames", out var all) && all.ValueKind == JsonValueKind.True,
            World = Enum.TryParse<ScriptWorld>(Text("world"), out var world) && Enum.IsDefined(world) ? world : ScriptWorld.Isolated,
        };
        return new Registration(id, spec, true, null);
    }
}
