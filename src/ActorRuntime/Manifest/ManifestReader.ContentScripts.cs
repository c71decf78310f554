using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>The manifest's <c>content_scripts</c>: each entry checked key by key, a bad value refused with one line naming its key.</summary>
internal sealed partial class ManifestReader
{
    private IReadOnlyList<ContentScriptSpec> ReadContentScripts(int manifestVersion)
    {
        if (!root.TryGetProperty("content_scripts", out var list)) return [];
        if (list.ValueKind != JsonValueKind.Array) throw Error("$.content_scripts", "an array", list);
        var result = new List<ContentScriptSpec>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"$.content_scripts[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw Error(at, "an object", item);
            var matches = MatchPatterns(item, at, "matches") ?? throw new ManifestException($"{fileName}: {at}.matches: missing; expected an array of match patterns");
            if (matches.Count == 0) throw new ManifestException($"{fileName}: {at}.matches: expected at least one match pattern, got an empty array");
            var runAt = OptionalString(item, at, "run_at") switch
            {
                null or "document_idle" => RunAt.DocumentIdle,
                "document_start" => RunAt.DocumentStart,
                "document_end" => RunAt.DocumentEnd,
                var other => throw new ManifestException($"{fileName}: {at}.run_at: expected \"document_start\", \"document_end\" or \"document_idle\", got \"{OneLineText.Escape(other, 60)}\""),
            };
            var world = OptionalString(item, at, "world") switch
            {
                null or "ISOLATED" => ScriptWorld.Isolated,
                "MAIN" => ScriptWorld.Main,
                var other => throw new ManifestException($"{fileName}: {at}.world: expected \"ISOLATED\" or \"MAIN\", got \"{OneLineText.Escape(other, 60)}\""),
            };
            result.Add(new ContentScriptSpec(matches, Paths(item, at, "js"), runAt)
            {
                ExcludeMatches = MatchPatterns(item, at, "exclude_matches") ?? [],
                IncludeGlobs = OptionalStringArray(item, at, "include_globs")?.ToArray() ?? [],
                ExcludeGlobs = OptionalStringArray(item, at, "exclude_globs")?.ToArray() ?? [],
                Css = Paths(item, at, "css"),
                AllFrames = OptionalBoolean(item, at, "all_frames") ?? false,
                MatchAboutBlank = OptionalBoolean(item, at, "match_about_blank") ?? false,
                World = world,
            });
            // Read for its checks only: it widens matching to about:, data: and blob: frames, which the runtime's tabs never show.
            OptionalBoolean(item, at, "match_origin_as_fallback");
        }
        return result;
    }

    /// <summary>An array of match patterns, each one checked as browsers check it at install.</summary>
    private List<string>? MatchPatterns(JsonElement item, string at, string key)
    {
        var patterns = OptionalStringArray(item, at, key);
        if (patterns is null) return null;
        for (var i = 0; i < patterns.Count; i++)
            if (MatchPattern.Problem(patterns[i], allowPort: true) is { } problem)
                throw new ManifestException($"{fileName}: {at}.{key}[{i}]: \"{OneLineText.Escape(patterns[i], 60)}\" is not a match pattern: {problem}");
        return patterns;
    }

    private IReadOnlyList<string> Paths(JsonElement item, string at, string key)
    {
        var paths = OptionalStringArray(item, at, key);
        if (paths is null || paths.Count == 0) return [];
        for (var i = 0; i < paths.Count; i++) ManifestStrings.CheckNoControlCharacters(fileName, $"{at}.{key}[{i}]", paths[i]);
        return paths.ToArray();
    }

    private bool? OptionalBoolean(JsonElement parent, string at, string key)
    {
        if (!parent.TryGetProperty(key, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{at}.{key}", "true or false", value),
        };
    }
}
