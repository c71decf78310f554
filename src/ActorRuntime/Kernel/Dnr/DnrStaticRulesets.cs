using System.Text.Json;
using ActorRuntime.Manifest;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// The static rulesets of an extension's manifest (<c>declarative_net_request.rule_resources</c>: <c>id</c>, <c>path</c>,
/// <c>enabled</c>), read from its folder through the package's resolver, each file within
/// <c>actorruntime.declarative-net-request.max-ruleset-file-size</c>. As browsers do at install, a ruleset that cannot be
/// read and a rule that cannot be added are left out with one console line naming the file, the rule and the reason;
/// the rest load.
/// </summary>
internal static class DnrStaticRulesets
{
    private const string MaxFileSizeKey = "actorruntime.declarative-net-request.max-ruleset-file-size";

    public static (IReadOnlyList<DnrRuleset> Rulesets, IReadOnlyList<string> Enabled) Load(ExtensionKernel extension)
    {
        var rulesets = new List<DnrRuleset>();
        var enabled = new List<string>();
        if (Entries(extension) is not { } entries) return (rulesets, enabled);
        var limits = DnrLimits.For(extension.Flavor);
        var reader = new DnrRuleReader(extension.Flavor, extension.Options.MaxRegexLength);
        void Warn(string text) => extension.Report(new ConsoleEntry("runtime", "warn", text));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int enabledRules = 0, enabledRegexRules = 0;
        for (var index = 0; index < entries.Count; index++)
        {
            var where = $"manifest.json: declarative_net_request.rule_resources[{index}]";
            if (index == limits.StaticRulesets)
            {
                Warn($"{where} and those after it are ignored: more than MAX_NUMBER_OF_STATIC_RULESETS ({limits.StaticRulesets}) rulesets");
                break;
            }
            var entry = entries[index];
            var id = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : null;
            var path = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("path", out var pathValue) && pathValue.ValueKind == JsonValueKind.String ? pathValue.GetString()! : null;
            var isEnabled = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("enabled", out var enabledValue) && enabledValue.ValueKind == JsonValueKind.True;
            var problem = id is null || path is null ? "expected an object with a string id, a string path and a boolean enabled"
                : id.Length == 0 || id.StartsWith('_') ? $"id \"{OneLineText.Escape(id, 80)}\": expected a non-empty id not starting with _"
                : !ids.Add(id) ? $"id \"{OneLineText.Escape(id, 80)}\" is used by an earlier ruleset"
                : null;
            if (problem is not null)
            {
                Warn($"{where} is ignored: {problem}");
                continue;
            }
            var rules = ReadRules(extension, reader, id!, path!, limits, Warn);
            if (rules is null) continue;
            var ruleset = new DnrRuleset(id!, 2 + rulesets.Count, rules);
            rulesets.Add(ruleset);
            if (!isEnabled) continue;
            var regexRules = rules.Count(r => r.IsRegexRule);
            if (enabled.Count == limits.EnabledStaticRulesets || enabledRules + rules.Count > limits.StaticRules || enabledRegexRules + regexRules > limits.RegexRules)
            {
                Warn($"{where}: ruleset \"{id}\" is not enabled: the enabled rulesets would pass the limits of enabled rulesets ({limits.EnabledStaticRulesets}), rules ({limits.StaticRules}) or regexFilter rules ({limits.RegexRules})");
                continue;
            }
            enabled.Add(id!);
            enabledRules += rules.Count;
            enabledRegexRules += regexRules;
        }
        return (rulesets, enabled);
    }

    /// <summary>The manifest's rule_resources, or null when it has none (re-read: a suspended extension keeps no manifest JSON).</summary>
    private static List<JsonElement>? Entries(ExtensionKernel extension)
    {
        if (!extension.Manifest.Keys.Contains("declarative_net_request")) return null;
        using var manifest = JsonDocument.Parse(ManifestLoader.PlainJson(extension.Package.Files));
        if (!manifest.RootElement.TryGetProperty("declarative_net_request", out var dnr) || dnr.ValueKind != JsonValueKind.Object
            || !dnr.TryGetProperty("rule_resources", out var resources))
            return null;
        if (resources.ValueKind != JsonValueKind.Array)
        {
            extension.Report(new ConsoleEntry("runtime", "warn", "manifest.json: declarative_net_request.rule_resources: expected an array; no static ruleset is loaded"));
            return null;
        }
        return resources.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static List<DnrRule>? ReadRules(ExtensionKernel extension, DnrRuleReader reader, string id, string path, DnrLimits limits, Action<string> warn)
    {
        string text;
        try
        {
            var relative = extension.Package.Resolve(path);
            text = extension.Package.Files.ReadText(relative, extension.Options.MaxRulesetFileBytes, MaxFileSizeKey);
        }
        catch (Exception ex) when (ex is ManifestException or ExtensionFileException)
        {
            warn($"ruleset \"{id}\" ({OneLineText.Escape(path, 200)}) is ignored: {(ex is ExtensionFileException file ? file.Reason : ex.Message)}");
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            warn($"ruleset \"{id}\" ({OneLineText.Escape(path, 200)}) is ignored: not JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                warn($"ruleset \"{id}\" ({OneLineText.Escape(path, 200)}) is ignored: Rules file must contain a list.");
                return null;
            }
            var rules = new List<DnrRule>();
            var ruleIds = new HashSet<int>();
            var index = 0;
            foreach (var json in document.RootElement.EnumerateArray())
            {
                if (rules.Count == limits.StaticRules)
                {
                    warn($"ruleset \"{id}\" ({OneLineText.Escape(path, 200)}): Rule count exceeded. Some rules were ignored.");
                    break;
                }
                try
                {
                    var rule = reader.Read(json, isSession: false);
                    if (!ruleIds.Add(rule.Id)) throw new DnrRuleException(reader.Errors.DuplicateId(rule.Id));
                    rules.Add(rule);
                }
                catch (DnrRuleException ex)
                {
                    warn($"ruleset \"{id}\" ({OneLineText.Escape(path, 200)}), rule at index {index} is ignored: {ex.Message}");
                }
                index++;
            }
            return rules;
        }
    }
}
