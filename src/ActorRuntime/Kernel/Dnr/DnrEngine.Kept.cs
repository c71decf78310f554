using System.Text.Json;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>The dynamic rules as browsers keep them across restarts: saved as added, read back through the rule reader.</summary>
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
}
