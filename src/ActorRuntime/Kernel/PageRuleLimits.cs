using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Kernel;

/// <summary>
/// Bounds on Chromium's <c>declarativeContent</c> rules (HOCON <c>actorruntime.declarative-content</c>): the rules an
/// extension may keep, and the CSS selectors its tabs' documents watch for them (how many, how long each). A rule that
/// would pass one is refused by <c>addRules</c> with an error naming the key.
/// </summary>
internal sealed record PageRuleLimits(int MaxRules, int MaxCssSelectors, int MaxSelectorLength)
{
    public const string MaxRulesKey = "actorruntime.declarative-content.max-rules";
    public const string MaxCssSelectorsKey = "actorruntime.declarative-content.max-css-selectors";
    public const string MaxSelectorLengthKey = "actorruntime.declarative-content.max-selector-length";

    /// <summary>The limits of <paramref name="config"/>, with the shipped defaults for keys it does not set.</summary>
    public static PageRuleLimits FromConfig(Config config)
    {
        var full = ShippedConfig.WithDefaults(config);
        return new PageRuleLimits(Count(full, MaxRulesKey, 1_000_000), Count(full, MaxCssSelectorsKey, 10_000), Count(full, MaxSelectorLengthKey, 100_000));
    }

    private static int Count(Config config, string key, int most)
    {
        var value = config.GetInt(key);
        if (value < 1 || value > most) throw new ConfigurationException($"{key}: expected a number from 1 to {most}, got {config.GetString(key)}");
        return value;
    }
}
