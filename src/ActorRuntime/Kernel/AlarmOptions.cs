using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Kernel;

/// <summary>
/// How <c>alarms</c> behave (HOCON <c>actorruntime.alarms</c>): the shortest delay or period an alarm fires after in each
/// flavour, and the bounds on what one extension may create.
/// </summary>
public sealed record AlarmOptions
{
    /// <summary>The shipped defaults of <c>config/actorruntime.hocon</c>.</summary>
    public static AlarmOptions Default { get; } = FromConfig(ShippedConfig.Defaults);

    /// <summary>Flavour <c>mdn</c>'s shortest delay or period.</summary>
    public required TimeSpan MdnMinimumDelay { get; init; }

    /// <summary>Flavour <c>firefox</c>'s shortest delay or period (Firefox enforces none; its timers count whole milliseconds).</summary>
    public required TimeSpan FirefoxMinimumDelay { get; init; }

    /// <summary>Flavour <c>chrome</c>'s shortest delay or period (Chromium's for an unpacked extension: 1 s).</summary>
    public required TimeSpan ChromeMinimumDelay { get; init; }

    /// <summary>The most alarms one extension may have at once.</summary>
    public required int MaxAlarms { get; init; }

    /// <summary>The longest alarm name, in UTF-16 characters.</summary>
    public required int MaxNameLength { get; init; }

    public const string MaxAlarmsKey = "actorruntime.alarms.max-alarms";
    public const string MaxNameLengthKey = "actorruntime.alarms.max-name-length";

    public TimeSpan MinimumDelay(Flavor flavor) => flavor switch
    {
        Flavor.Chrome => ChromeMinimumDelay,
        Flavor.Firefox => FirefoxMinimumDelay,
        _ => MdnMinimumDelay,
    };

    /// <summary>The settings of <paramref name="config"/>'s <c>actorruntime.alarms</c>, over the shipped defaults.</summary>
    public static AlarmOptions FromConfig(Config config)
    {
        var section = ShippedConfig.Section(config, "alarms");
        TimeSpan Minimum(string flavor)
        {
            var value = section.GetTimeSpan("minimum-delay." + flavor);
            // Below a millisecond a periodic alarm would keep the clock at one instant; beyond a day it is no minimum.
            if (value < TimeSpan.FromMilliseconds(1) || value > TimeSpan.FromDays(1))
                throw new ConfigurationException($"actorruntime.alarms.minimum-delay.{flavor}: expected a duration from 1ms to 1d, got \"{section.GetString("minimum-delay." + flavor)}\"");
            return value;
        }
        int Positive(string key, string fullKey)
        {
            var value = section.GetInt(key);
            if (value < 1) throw new ConfigurationException($"{fullKey}: expected a positive number, got {value}");
            return value;
        }
        return new AlarmOptions
        {
            MdnMinimumDelay = Minimum("mdn"),
            FirefoxMinimumDelay = Minimum("firefox"),
            ChromeMinimumDelay = Minimum("chrome"),
            MaxAlarms = Positive("max-alarms", MaxAlarmsKey),
            MaxNameLength = Positive("max-name-length", MaxNameLengthKey),
        };
    }
}
