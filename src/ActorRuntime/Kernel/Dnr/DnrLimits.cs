namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// declarativeNetRequest's rule limits in each flavour's browser, which scripts also read as constants
/// (<c>declarativeNetRequest.MAX_NUMBER_OF_DYNAMIC_RULES</c>...): Firefox's <c>ExtensionDNRLimits.sys.mjs</c> defaults,
/// Chromium's since 120 (30,000 "safe" dynamic rules, of which 5,000 may be unsafe; Chromium counts the static rules of
/// the profile's other extensions too, which a runtime of independent extensions does not).
/// </summary>
internal sealed record DnrLimits
{
    public required int StaticRules { get; init; }
    public required int StaticRulesets { get; init; }
    public required int EnabledStaticRulesets { get; init; }
    public required int DisabledStaticRules { get; init; }
    public required int DynamicRules { get; init; }
    public required int SessionRules { get; init; }

    /// <summary>Chromium's cap on rules other than block, allow, allowAllRequests and upgradeScheme; null where there is none.</summary>
    public int? UnsafeRules { get; init; }

    public required int RegexRules { get; init; }

    public static DnrLimits For(Flavor flavor) => flavor == Flavor.Chrome
        ? new DnrLimits
        {
            StaticRules = 30_000, StaticRulesets = 100, EnabledStaticRulesets = 50, DisabledStaticRules = 5_000,
            DynamicRules = 30_000, SessionRules = 5_000, UnsafeRules = 5_000, RegexRules = 1_000,
        }
        : new DnrLimits
        {
            StaticRules = 30_000, StaticRulesets = 100, EnabledStaticRulesets = 20, DisabledStaticRules = 5_000,
            DynamicRules = 5_000, SessionRules = 5_000, RegexRules = 1_000,
        };

    /// <summary>The constants scripts see on <c>declarativeNetRequest</c>, by name.</summary>
    public IReadOnlyDictionary<string, int> Constants => new Dictionary<string, int>
    {
        ["GUARANTEED_MINIMUM_STATIC_RULES"] = StaticRules,
        ["MAX_NUMBER_OF_STATIC_RULESETS"] = StaticRulesets,
        ["MAX_NUMBER_OF_ENABLED_STATIC_RULESETS"] = EnabledStaticRulesets,
        ["MAX_NUMBER_OF_DISABLED_STATIC_RULES"] = DisabledStaticRules,
        ["MAX_NUMBER_OF_DYNAMIC_RULES"] = DynamicRules,
        ["MAX_NUMBER_OF_SESSION_RULES"] = SessionRules,
        ["MAX_NUMBER_OF_DYNAMIC_AND_SESSION_RULES"] = 5_000,
        ["MAX_NUMBER_OF_REGEX_RULES"] = RegexRules,
    };
}
