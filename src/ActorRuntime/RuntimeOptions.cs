using ActorRuntime.Contexts;
using ActorRuntime.Scripting;
using Akka.Configuration;

namespace ActorRuntime;

/// <summary>Typed view of the <c>actorruntime</c> HOCON section, plus where console output goes.</summary>
public sealed record RuntimeOptions
{
    public Flavor Flavor { get; init; } = Flavor.Mdn;
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>run</c> and <c>remote</c> wait after a step for what it caused; a busy extension is left running.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public ScriptLimits Limits { get; init; } = ScriptLimits.Default;
    public Lifecycle.EventPageOptions EventPages { get; init; } = Lifecycle.EventPageOptions.Default;

    /// <summary>What an extension folder may hand the runtime (<c>actorruntime.files</c>): file size and page depth.</summary>
    public Manifest.FileLimits Files { get; init; } = Manifest.FileLimits.Default;

    /// <summary>The largest message <c>sendMessage</c>, <c>postMessage</c> and responses may carry (Chromium's limit: 64 MiB).</summary>
    public long MaxMessageBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How deeply objects in a message may nest; a deeper one is refused in the sender.</summary>
    public int MaxMessageDepth { get; init; } = 1000;

    /// <summary>
    /// The dispatcher extension supervisors run on (a HOCON path), or empty for Akka's default dispatcher. By default the
    /// script dispatcher: a request a context makes of its supervisor (a wake, a view) is then taken by the thread that
    /// just ran the context instead of waking another one.
    /// </summary>
    public string SupervisorDispatcher { get; init; } = RuntimeSettings.ScriptDispatcherId;

    /// <summary>Receives every console line and uncaught error of every context, tagged with its label.</summary>
    public Action<ConsoleEntry> Console { get; init; } = static _ => { };

    /// <summary>What timers, <c>Date.now()</c> and idle delays read: real time by default, a <see cref="Timing.VirtualClock"/> for <c>run</c> and tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>When set, counts every script engine created and how many are alive (a diagnostic: leak checks); none by default.</summary>
    public Diagnostics.EngineCensus? EngineCensus { get; init; }

    /// <summary>The defaults shipped in <c>config/actorruntime.hocon</c>.</summary>
    public static Config DefaultConfig { get; } = LoadDefaultConfig();

    public static RuntimeOptions FromConfig(Config config)
    {
        var section = config.GetConfig("actorruntime") ?? throw new ConfigurationException("missing HOCON section: actorruntime");
        var flavorText = section.GetString("flavor", "mdn");
        if (!FlavorNames.TryParse(flavorText, out var flavor))
            throw new ConfigurationException($"actorruntime.flavor: expected mdn, firefox or chrome, got \"{flavorText}\"");
        return new RuntimeOptions
        {
            Flavor = flavor,
            SupervisorDispatcher = SupervisorDispatcherFrom(config, section),
            AskTimeout = section.GetTimeSpan("ask-timeout", TimeSpan.FromSeconds(30)),
            SettleTimeout = section.GetTimeSpan("settle-timeout", TimeSpan.FromSeconds(5)),
            Limits = new ScriptLimits
            {
                Timeout = section.GetTimeSpan("script.timeout", ScriptLimits.Default.Timeout),
                MaxAllocatedBytes = section.GetByteSize("script.max-allocated-bytes") ?? ScriptLimits.Default.MaxAllocatedBytes,
                MaxRecursionDepth = section.GetInt("script.max-recursion-depth", ScriptLimits.Default.MaxRecursionDepth),
                MaxArraySize = (uint)section.GetLong("script.max-array-size", ScriptLimits.Default.MaxArraySize),
                MaxRetainedBytes = section.GetByteSize("script.max-retained-bytes") ?? ScriptLimits.Default.MaxRetainedBytes,
                MaxTimers = section.GetInt("script.max-timers", ScriptLimits.Default.MaxTimers),
                MaxPendingTasks = section.GetInt("script.max-pending-tasks", ScriptLimits.Default.MaxPendingTasks),
                CpuShare = CpuShareFrom(section),
            },
            MaxMessageBytes = section.GetByteSize("messaging.max-message-size") ?? 64L * 1024 * 1024,
            MaxMessageDepth = section.GetInt("messaging.max-depth", 1000),
            Files = Manifest.FileLimits.FromConfig(config),
            EventPages = new Lifecycle.EventPageOptions
            {
                FirefoxIdleTimeout = section.GetTimeSpan("event-page.firefox.idle-timeout", Lifecycle.EventPageOptions.Default.FirefoxIdleTimeout),
                FirefoxSuspendTimeout = section.GetTimeSpan("event-page.firefox.suspend-timeout", Lifecycle.EventPageOptions.Default.FirefoxSuspendTimeout),
                ChromeIdleTimeout = section.GetTimeSpan("event-page.chrome.idle-timeout", Lifecycle.EventPageOptions.Default.ChromeIdleTimeout),
                ChromeSuspendingTime = section.GetTimeSpan("event-page.chrome.suspending-time", Lifecycle.EventPageOptions.Default.ChromeSuspendingTime),
            },
        };
    }

    private static CpuShareSettings CpuShareFrom(Config section)
    {
        var settings = new CpuShareSettings(
            section.GetTimeSpan("script.cpu-share.window", ScriptLimits.Default.CpuShare.Window),
            Fraction(section, "script.cpu-share.defer-above", ScriptLimits.Default.CpuShare.DeferAbove),
            section.GetTimeSpan("script.cpu-share.unresponsive-after", ScriptLimits.Default.CpuShare.UnresponsiveAfter));
        if (settings.Window <= TimeSpan.Zero || settings.UnresponsiveAfter <= TimeSpan.Zero || settings.UnresponsiveAfter > settings.Window * CpuShare.MaxWindows)
            throw new ConfigurationException($"actorruntime.script.cpu-share: expected a window above 0 and unresponsive-after above 0 and at most {CpuShare.MaxWindows} windows long, got window = {settings.Window}, unresponsive-after = {settings.UnresponsiveAfter}");
        return settings;
    }

    private static double Fraction(Config section, string key, double fallback)
    {
        var value = section.GetDouble(key, fallback);
        if (value is > 0 and <= 1) return value;
        throw new ConfigurationException($"actorruntime.{key}: expected a fraction of a thread above 0 and at most 1, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private static string SupervisorDispatcherFrom(Config config, Config section)
    {
        var path = section.GetString("supervisor-dispatcher", RuntimeSettings.ScriptDispatcherId) ?? "";
        if (path.Length > 0 && !config.HasPath(path + ".type"))
            throw new ConfigurationException($"actorruntime.supervisor-dispatcher: expected the HOCON path of a configured dispatcher (a section with a type) or \"\" for Akka's default, got \"{path}\"");
        return path;
    }

    private static Config LoadDefaultConfig()
    {
        using var stream = typeof(RuntimeOptions).Assembly.GetManifestResourceStream("actorruntime.hocon")
                           ?? throw new InvalidOperationException("actorruntime.hocon is not embedded");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
