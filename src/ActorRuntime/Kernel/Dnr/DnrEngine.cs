using System.Text.Json;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>A rule that matched a request the engine evaluated, for <c>getMatchedRules</c>.</summary>
internal sealed record DnrMatchRecord(DnrMatchedRule Rule, int TabId, double TimeStamp);

/// <summary>
/// One extension's declarativeNetRequest rules: its static rulesets (read from the manifest's <c>rule_resources</c> once),
/// which of them are enabled and which of their rules disabled, its dynamic and session rules; the updates the API makes,
/// checked against the flavour's limits; and <see cref="Evaluate"/>, what the rules do to a request, the one seam the
/// request lifecycle (webRequest, the network) calls. Dynamic rules are kept across restarts, as browsers keep them, when
/// the runtime's storage is durable (<see cref="KeptBrowserState"/>); session rules live as long as the extension is loaded.
/// </summary>
/// <remarks>
/// Thread-safety: the rules are an immutable <see cref="State"/> replaced whole under a lock by the API's updates (on the
/// extension's turns) and read without one by <see cref="Evaluate"/> (from any thread); the matched-rule log has a lock.
/// </remarks>
internal sealed partial class DnrEngine
{
    public const string DynamicRulesetId = "_dynamic";
    public const string SessionRulesetId = "_session";

    private sealed record State(
        IReadOnlyList<string> EnabledStatic,
        DnrRuleset Dynamic,
        DnrRuleset Session,
        IReadOnlyDictionary<string, IReadOnlySet<int>> DisabledStatic);

    private readonly object _gate = new();
    private readonly IReadOnlyList<DnrRuleset> _static;
    private readonly string _extensionBaseUrl;
    private readonly int _maxMatchedRules;
    private readonly Queue<DnrMatchRecord> _matched = new();
    private State _state;

    public DnrEngine(Flavor flavor, int maxRegexLength, int maxMatchedRules, string extensionBaseUrl,
        IReadOnlyList<DnrRuleset> staticRulesets, IEnumerable<string> enabledStatic)
    {
        Reader = new DnrRuleReader(flavor, maxRegexLength);
        Limits = DnrLimits.For(flavor);
        _static = staticRulesets;
        _extensionBaseUrl = extensionBaseUrl;
        _maxMatchedRules = maxMatchedRules;
        var enabled = enabledStatic.ToHashSet(StringComparer.Ordinal);
        _state = new State(staticRulesets.Where(r => enabled.Contains(r.Id)).Select(r => r.Id).ToList(),
            new DnrRuleset(DynamicRulesetId, 1, []), new DnrRuleset(SessionRulesetId, 0, []), new Dictionary<string, IReadOnlySet<int>>());
    }

    /// <summary>The engine of <paramref name="extension"/>, its static rulesets read (problems reported on its console).</summary>
    public static DnrEngine ForExtension(ExtensionKernel extension)
    {
        var (rulesets, enabled) = DnrStaticRulesets.Load(extension);
        return new DnrEngine(extension.Flavor, extension.Options.MaxRegexLength, extension.Options.MaxMatchedRules, extension.Identity.BaseUrl, rulesets, enabled);
    }

    public DnrRuleReader Reader { get; }
    public DnrLimits Limits { get; }
    private DnrErrors Errors => Reader.Errors;

    /// <summary>What the extension's rules do to <paramref name="request"/>; the rules that took effect are kept for getMatchedRules when <paramref name="record"/>.</summary>
    public DnrOutcome Evaluate(DnrRequest request, DnrAccess access, bool record = true, DateTimeOffset? now = null)
    {
        var state = Volatile.Read(ref _state);
        var rulesets = new List<(DnrRuleset, IReadOnlySet<int>?)> { (state.Session, null), (state.Dynamic, null) };
        foreach (var id in state.EnabledStatic) rulesets.Add((_static.First(r => r.Id == id), state.DisabledStatic.GetValueOrDefault(id)));
        var outcome = DnrMatcher.Evaluate(rulesets, request, access, _extensionBaseUrl);
        if (record && outcome.Matched.Count > 0)
        {
            var stamp = (now ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
            lock (_matched)
                foreach (var rule in outcome.Matched)
                {
                    _matched.Enqueue(new DnrMatchRecord(rule, request.TabId, stamp));
                    while (_matched.Count > _maxMatchedRules) _matched.Dequeue();
                }
        }
        return outcome;
    }

    /// <summary>The rules kept for getMatchedRules: of one tab (when given), from a time on (when given), oldest first.</summary>
    public IReadOnlyList<DnrMatchRecord> MatchedRules(int? tabId, double? minTimeStamp)
    {
        lock (_matched) return _matched.Where(m => (tabId is null || m.TabId == tabId) && (minTimeStamp is null || m.TimeStamp >= minTimeStamp)).ToList();
    }

    public IReadOnlyList<DnrRule> Rules(string rulesetId, IReadOnlySet<int>? ids)
    {
        var state = Volatile.Read(ref _state);
        var rules = rulesetId == SessionRulesetId ? state.Session.Rules : state.Dynamic.Rules;
        return ids is null ? rules : rules.Where(r => ids.Contains(r.Id)).ToList();
    }

    /// <summary>Removes then adds rules of <c>_dynamic</c> or <c>_session</c>, all or nothing; the error, or null.</summary>
    public string? UpdateRules(string rulesetId, IReadOnlyCollection<int> removeIds, IReadOnlyList<JsonElement> addRules)
    {
        var session = rulesetId == SessionRulesetId;
        lock (_gate)
        {
            var current = session ? _state.Session : _state.Dynamic;
            var rules = current.Rules.Where(r => !removeIds.Contains(r.Id)).ToList();
            var ids = rules.Select(r => r.Id).ToHashSet();
            foreach (var json in addRules)
            {
                DnrRule rule;
                try
                {
                    rule = Reader.Read(json, session);
                }
                catch (DnrRuleException ex)
                {
                    return ex.Message;
                }
                if (!ids.Add(rule.Id)) return Errors.DuplicateId(rule.Id);
                rules.Add(rule);
            }
            var (limit, limitName) = session ? (Limits.SessionRules, "MAX_NUMBER_OF_SESSION_RULES") : (Limits.DynamicRules, "MAX_NUMBER_OF_DYNAMIC_RULES");
            if (rules.Count > limit) return Errors.RuleCount(rulesetId, "rules", limitName);
            if (Limits.UnsafeRules is { } unsafeLimit && rules.Count(r => !r.IsSafe) > unsafeLimit) return Errors.RuleCount(rulesetId, "unsafe", limitName);
            if (rules.Count(r => r.IsRegexRule) > Limits.RegexRules) return Errors.RuleCount(rulesetId, "regex", "MAX_NUMBER_OF_REGEX_RULES");
            var updated = new DnrRuleset(rulesetId, current.Precedence, rules);
            Volatile.Write(ref _state, session ? _state with { Session = updated } : _state with { Dynamic = updated });
            return null;
        }
    }

    /// <summary>The static rulesets enabled, in manifest order.</summary>
    public IReadOnlyList<string> EnabledRulesets => Volatile.Read(ref _state).EnabledStatic;

    /// <summary>How many more static rules could be enabled.</summary>
    public int AvailableStaticRuleCount
    {
        get
        {
            var enabled = Volatile.Read(ref _state).EnabledStatic;
            return Math.Max(0, Limits.StaticRules - _static.Where(r => enabled.Contains(r.Id)).Sum(r => r.Rules.Count));
        }
    }

    /// <summary>Disables then enables static rulesets (enabling wins), within the limits; the error, or null.</summary>
    public string? UpdateEnabledRulesets(IReadOnlyList<string> disable, IReadOnlyList<string> enable)
    {
        lock (_gate)
        {
            if (disable.Concat(enable).FirstOrDefault(id => _static.All(r => r.Id != id)) is { } unknown) return Errors.InvalidRulesetId(unknown);
            var current = _state.EnabledStatic;
            var wanted = _static.Where(r => enable.Contains(r.Id) || (current.Contains(r.Id) && !disable.Contains(r.Id))).ToList();
            if (wanted.Count > Limits.EnabledStaticRulesets) return Errors.EnabledRulesetCount;
            int rules = 0, regexRules = 0;
            foreach (var ruleset in wanted)
            {
                rules += ruleset.Rules.Count;
                regexRules += ruleset.Rules.Count(r => r.IsRegexRule);
                if (rules > Limits.StaticRules) return Errors.EnabledRuleCount(ruleset.Id, regex: false);
                if (regexRules > Limits.RegexRules) return Errors.EnabledRuleCount(ruleset.Id, regex: true);
            }
            Volatile.Write(ref _state, _state with { EnabledStatic = wanted.Select(r => r.Id).ToList() });
            return null;
        }
    }

    /// <summary>Disables then enables individual rules of a static ruleset (enabling wins); the error, or null.</summary>
    public string? UpdateStaticRules(string rulesetId, IReadOnlyList<int> disable, IReadOnlyList<int> enable)
    {
        lock (_gate)
        {
            if (_static.All(r => r.Id != rulesetId)) return Errors.InvalidRulesetId(rulesetId);
            var disabled = (_state.DisabledStatic.GetValueOrDefault(rulesetId) ?? new HashSet<int>()).Concat(disable).Except(enable).ToHashSet();
            var total = _state.DisabledStatic.Where(d => d.Key != rulesetId).Sum(d => d.Value.Count) + disabled.Count;
            if (total > Limits.DisabledStaticRules) return Errors.DisabledStaticRuleCount(Limits.DisabledStaticRules);
            var all = new Dictionary<string, IReadOnlySet<int>>(_state.DisabledStatic) { [rulesetId] = disabled };
            Volatile.Write(ref _state, _state with { DisabledStatic = all });
            return null;
        }
    }

    /// <summary>The disabled rules of a static ruleset, or null when there is no such ruleset.</summary>
    public IReadOnlyList<int>? DisabledRuleIds(string rulesetId) =>
        _static.Any(r => r.Id == rulesetId) ? (Volatile.Read(ref _state).DisabledStatic.GetValueOrDefault(rulesetId) ?? new HashSet<int>()).Order().ToList() : null;
}
