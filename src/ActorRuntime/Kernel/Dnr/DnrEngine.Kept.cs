using System.Text.Json;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// What browsers keep of the rules across restarts: the dynamic rules (saved as added, read back through the rule reader),
/// and which static rulesets are enabled and which of their rules disabled.
/// </summary>
internal sealed partial class DnrEngine
{
    /// <summary>The dynamic rules as a JSON array of the rules as added; null when there is none.</summary>
    public string? DynamicRulesJson()
    {
        var rules = Volatile.Read(ref _state).Dynamic.Rules;
        return rules.Count == 0 ? null : "[" + string.Join(",", rules.Select(r => r.Json)) + "]";
    }

    /// <summary>
    /// The dynamic rules kept from an earlier run (<see cref="DynamicRulesJson"/>'s form), before any context runs: each read
    /// again as an added rule is, and kept while it fits the flavour's limits. A rule the reader refuses (the store edited,
    /// or the runtime's checks grown stricter) is skipped; the answer says how many were.
    /// </summary>
    public int RestoreDynamicRules(JsonElement kept)
    {
        if (kept.ValueKind != JsonValueKind.Array) return 1;
        var skipped = 0;
        lock (_gate)
        {
            var rules = new List<DnrRule>();
            var ids = new HashSet<int>();
            int unsafeRules = 0, regexRules = 0;
            foreach (var json in kept.EnumerateArray())
            {
                DnrRule rule;
                try
                {
                    rule = Reader.Read(json, isSession: false);
                }
                catch (DnrRuleException)
                {
                    skipped++;
                    continue;
                }
                var fits = rules.Count < Limits.DynamicRules
                    && (Limits.UnsafeRules is not { } unsafeLimit || rule.IsSafe || unsafeRules < unsafeLimit)
                    && (!rule.IsRegexRule || regexRules < Limits.RegexRules);
                if (!fits || !ids.Add(rule.Id))
                {
                    skipped++;
                    continue;
                }
                if (!rule.IsSafe) unsafeRules++;
                if (rule.IsRegexRule) regexRules++;
                rules.Add(rule);
            }
            Volatile.Write(ref _state, _state with { Dynamic = new DnrRuleset(DynamicRulesetId, _state.Dynamic.Precedence, rules) });
        }
        return skipped;
    }

    /// <summary>The enabled static rulesets and the disabled static rules: <c>{"enabled":[ids],"disabled":{"ruleset":[rule ids]}}</c>.</summary>
    public string StaticStateJson()
    {
        var state = Volatile.Read(ref _state);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("enabled");
            foreach (var id in state.EnabledStatic) json.WriteStringValue(id);
            json.WriteEndArray();
            json.WriteStartObject("disabled");
            foreach (var (ruleset, ids) in state.DisabledStatic)
            {
                if (ids.Count == 0) continue;
                json.WriteStartArray(ruleset);
                foreach (var id in ids.Order()) json.WriteNumberValue(id);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The static rulesets' state kept from an earlier run (<see cref="StaticStateJson"/>'s form), before any context runs.
    /// What no longer fits (a ruleset gone from the manifest, the limits) is skipped; the answer says how much was.
    /// </summary>
    public int RestoreStaticState(JsonElement kept)
    {
        if (kept.ValueKind != JsonValueKind.Object) return 1;
        var skipped = 0;
        lock (_gate)
        {
            var enabledIds = kept.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.Array
                ? enabled.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            var wanted = new List<string>();
            int rules = 0, regexRules = 0;
            foreach (var ruleset in _static.Where(r => enabledIds.Contains(r.Id)))
            {
                var regex = ruleset.Rules.Count(r => r.IsRegexRule);
                if (wanted.Count >= Limits.EnabledStaticRulesets || rules + ruleset.Rules.Count > Limits.StaticRules || regexRules + regex > Limits.RegexRules)
                {
                    skipped++;
                    continue;
                }
                wanted.Add(ruleset.Id);
                rules += ruleset.Rules.Count;
                regexRules += regex;
            }
            skipped += enabledIds.Count(id => _static.All(r => r.Id != id));
            var disabledRules = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
            var total = 0;
            if (kept.TryGetProperty("disabled", out var disabled) && disabled.ValueKind == JsonValueKind.Object)
                foreach (var entry in disabled.EnumerateObject())
                {
                    var ids = entry.Value.ValueKind == JsonValueKind.Array
                        ? entry.Value.EnumerateArray().Where(e => e.TryGetInt32(out _)).Select(e => e.GetInt32()).ToHashSet()
                        : [];
                    if (_static.All(r => r.Id != entry.Name) || total + ids.Count > Limits.DisabledStaticRules)
                    {
                        skipped++;
                        continue;
                    }
                    total += ids.Count;
                    disabledRules[entry.Name] = ids;
                }
            Volatile.Write(ref _state, _state with { EnabledStatic = wanted, DisabledStatic = disabledRules });
        }
        return skipped;
    }
}
