using ActorRuntime.Configuration;
using ActorRuntime.Scripting;
using Akka.Configuration;

namespace ActorRuntime.Kernel;

/// <summary>Typed view of the <c>actorruntime</c> HOCON section, plus where console output goes.</summary>
public sealed record RuntimeOptions
{
    /// <summary>The defaults shipped in <c>config/actorruntime.hocon</c> (first: the defaults below are read from it).</summary>
    public static Config DefaultConfig => ShippedConfig.Defaults;

    /// <summary>The options the shipped configuration gives; change what you need with <c>with</c>.</summary>
    public static RuntimeOptions Default { get; } = FromConfig(DefaultConfig);

    public required Flavor Flavor { get; init; }
    public required TimeSpan AskTimeout { get; init; }

    /// <summary>How long <c>run</c> and <c>remote</c> wait after a step for what it caused; a busy extension is left running.</summary>
    public required TimeSpan SettleTimeout { get; init; }
    public required ScriptLimits Limits { get; init; }
    public required EventPageOptions EventPages { get; init; }

    /// <summary>How <c>alarms</c> behave (<c>actorruntime.alarms</c>): each flavour's shortest delay, and bounds per extension.</summary>
    public required AlarmOptions Alarms { get; init; }

    /// <summary>What an extension folder may hand the runtime (<c>actorruntime.files</c>): file size and page depth.</summary>
    public required Manifest.FileLimits Files { get; init; }

    /// <summary>What one extension may keep of the browser's UI: menu items, notifications (<c>actorruntime.menus</c>, <c>actorruntime.notifications</c>).</summary>
    public required BrowserUiLimits BrowserUi { get; init; }

    /// <summary>How far a request the host issues may be redirected, retried with credentials and given headers (<c>actorruntime.web-request</c>).</summary>
    public required WebRequestLimits WebRequest { get; init; }

    /// <summary>The largest message <c>sendMessage</c>, <c>postMessage</c> and responses may carry (Chromium's limit: 64 MiB).</summary>
    public required long MaxMessageBytes { get; init; }

    /// <summary>How deeply objects in a message may nest; a deeper one is refused in the sender.</summary>
    public required int MaxMessageDepth { get; init; }

    /// <summary>
    /// The dispatcher extension supervisors run on (a HOCON path), or empty for Akka's default dispatcher. By default the
    /// script dispatcher: a request a context makes of its supervisor (a wake, a view) is then taken by the thread that
    /// just ran the context instead of waking another one.
    /// </summary>
    public required string SupervisorDispatcher { get; init; }

    /// <summary>What this profile's generated identities derive from: Firefox's extension UUIDs and temporary add-on ids.</summary>
    public required string ProfileSeed { get; init; }

    /// <summary>What <c>confirm()</c> answers (<c>actorruntime.dialogs.confirm</c>).</summary>
    public required bool ConfirmAnswer { get; init; }

    /// <summary>What <c>prompt()</c> answers (<c>actorruntime.dialogs.prompt</c>): a text, or null for its default; see <see cref="PromptCancels"/>.</summary>
    public required string? PromptAnswer { get; init; }

    /// <summary><c>actorruntime.dialogs.prompt = cancel</c>: <c>prompt()</c> answers null, as when Cancel is pressed.</summary>
    public required bool PromptCancels { get; init; }

    /// <summary>The browser's UI language (<c>actorruntime.locale</c>): i18n's and <c>_locales</c>' first choice.</summary>
    public required string Locale { get; init; }

    /// <summary>Whether <c>permissions.request()</c> grants the optional permissions asked for (<c>actorruntime.permissions.requests = grant</c>).</summary>
    public required bool GrantPermissionRequests { get; init; }

    /// <summary>How many tabs and windows the simulated browser may hold (<c>actorruntime.browser</c>).</summary>
    internal Browsing.BrowserLimits BrowserLimits { get; init; } = null!;

    /// <summary>What an extension may inject into pages (<c>actorruntime.scripting</c>).</summary>
    internal InjectionLimits Injection { get; init; } = null!;

    /// <summary>Chromium's declarativeContent rules an extension may keep and the selectors its tabs watch (<c>actorruntime.declarative-content</c>).</summary>
    internal PageRuleLimits DeclarativeContent { get; init; } = null!;

    /// <summary>
    /// The simulated browser the extensions of one runtime share (tabs, windows), set by whoever runs them (a router, the
    /// test driver); an extension whose options have none gets a browser of its own (a cluster entity).
    /// </summary>
    internal Browsing.BrowserModel? Browser { get; init; }

    /// <summary>The most cookies a runtime's jar holds, both profiles together (<c>actorruntime.cookies.max-cookies</c>).</summary>
    public required int MaxCookies { get; init; }

    /// <summary>The largest static ruleset file of declarativeNetRequest read (<c>actorruntime.declarative-net-request.max-ruleset-file-size</c>).</summary>
    public required long MaxRulesetFileBytes { get; init; }

    /// <summary>The longest <c>regexFilter</c> accepted, in characters (<c>actorruntime.declarative-net-request.max-regex-length</c>).</summary>
    public required int MaxRegexLength { get; init; }

    /// <summary>How many matched rules an extension keeps for <c>getMatchedRules</c> (<c>actorruntime.declarative-net-request.max-matched-rules</c>).</summary>
    public required int MaxMatchedRules { get; init; }

    /// <summary>
    /// The cookie jar the extensions of one runtime share (and the requests of their pages), made by the runtime when it
    /// builds its options (<see cref="WithOwnCookieJar"/>); without one, each extension keeps a jar of its own.
    /// </summary>
    internal CookieJar? Cookies { get; init; }

    /// <summary>These options with a cookie jar of their own, unless they have one: what a runtime does once, for all its extensions.</summary>
    internal RuntimeOptions WithOwnCookieJar() => Cookies is null ? this with { Cookies = new CookieJar(MaxCookies) } : this;

    /// <summary>Receives every console line and uncaught error of every context, tagged with its label.</summary>
    public Action<ConsoleEntry> Console { get; init; } = static _ => { };

    /// <summary>What timers, <c>Date.now()</c> and idle delays read: real time by default, a <see cref="Timing.VirtualClock"/> for <c>run</c> and tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Responses (by match pattern) every extension of this runtime answers its pages' requests with from its start, before
    /// its background's first request; those registered later for one extension (<see cref="IExtensionRuntime.RespondAsync"/>)
    /// come first. None by default: the runtime reaches no network.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, ResponseSpec>> Responses { get; init; } = [];

    /// <summary>Where API calls are recorded, when anyone listens (<see cref="IExtensionRuntime.SubscribeCalls"/>, <c>run --calls</c>); none by default.</summary>
    internal ApiCallLog? CallLog { get; init; }

    /// <summary>Host scripts run for every extension of this runtime at its load, before its background starts (<c>run --host</c>).</summary>
    public IReadOnlyList<HostScriptSource> HostScripts { get; init; } = [];

    /// <summary>
    /// Scripts parsed once for every extension these options run (<c>actorruntime.script.shared-parse-cache-size</c>), made
    /// by <see cref="FromConfig"/>: copies made with <c>with</c> share it. None (each extension parses its own) when 0.
    /// </summary>
    internal SharedScriptParses? SharedScripts { get; init; }

    /// <summary>The API layer's member lists, shared by every context these options run (<c>actorruntime.api.shared-surface-lists</c>); none when 0.</summary>
    internal SharedApiLists? SharedApiLists { get; init; }

    /// <summary>When set, counts every script engine created and how many are alive (a diagnostic: leak checks); none by default.</summary>
    public Diagnostics.EngineCensus? EngineCensus { get; init; }

    /// <summary>The options <paramref name="config"/> gives, over the shipped defaults (no default is repeated in code).</summary>
    public static RuntimeOptions FromConfig(Config config)
    {
        var full = ShippedConfig.WithDefaults(config);
        var section = full.GetConfig("actorruntime");
        CheckScriptThreads(full);
        var flavorText = section.GetString("flavor");
        if (!FlavorNames.TryParse(flavorText, out var flavor))
            throw new ConfigurationException($"actorruntime.flavor: expected mdn, firefox or chrome, got \"{flavorText}\"");
        return new RuntimeOptions
        {
            Flavor = flavor,
            SupervisorDispatcher = SupervisorDispatcherFrom(full, section),
            AskTimeout = section.GetTimeSpan("ask-timeout"),
            SettleTimeout = section.GetTimeSpan("settle-timeout"),
            Limits = ScriptLimits.FromConfig(full),
            SharedScripts = section.GetByteSize("script.shared-parse-cache-size") is > 0 and var shared ? new SharedScriptParses(shared) : null,
            SharedApiLists = section.GetInt("api.shared-surface-lists") is > 0 and var lists ? new SharedApiLists(lists) : null,
            MaxMessageBytes = section.GetByteSize("messaging.max-message-size")!.Value,
            MaxMessageDepth = section.GetInt("messaging.max-depth"),
            Files = Manifest.FileLimits.FromConfig(full),
            BrowserUi = BrowserUiLimits.FromConfig(full),
            DeclarativeContent = PageRuleLimits.FromConfig(full),
            WebRequest = WebRequestLimits.FromConfig(full),
            EventPages = EventPageOptions.FromConfig(full),
            Alarms = AlarmOptions.FromConfig(full),
            ProfileSeed = section.GetString("profile-seed") ?? "",
            ConfirmAnswer = section.GetBoolean("dialogs.confirm"),
            PromptAnswer = section.GetString("dialogs.prompt") is var prompt && prompt is "default" or "cancel" ? null : prompt,
            PromptCancels = section.GetString("dialogs.prompt") == "cancel",
            Locale = LocaleFrom(section.GetString("locale")),
            BrowserLimits = new Browsing.BrowserLimits(Positive(section, "browser.max-tabs", section.GetInt("browser.max-tabs")),
                Positive(section, "browser.max-windows", section.GetInt("browser.max-windows")),
                Positive(section, "browser.max-frames-per-tab", section.GetInt("browser.max-frames-per-tab")),
                Positive(section, "browser.max-frame-depth", section.GetInt("browser.max-frame-depth"))),
            MaxCookies = Positive(section, "cookies.max-cookies", section.GetInt("cookies.max-cookies")),
            MaxRulesetFileBytes = Positive(section, "declarative-net-request.max-ruleset-file-size", section.GetByteSize("declarative-net-request.max-ruleset-file-size") ?? 0),
            MaxRegexLength = Positive(section, "declarative-net-request.max-regex-length", section.GetInt("declarative-net-request.max-regex-length")),
            MaxMatchedRules = Positive(section, "declarative-net-request.max-matched-rules", section.GetInt("declarative-net-request.max-matched-rules")),
            Injection = new InjectionLimits(Positive(section, "scripting.max-registered-scripts", section.GetInt("scripting.max-registered-scripts")),
                Positive(section, "scripting.max-inserted-styles", section.GetInt("scripting.max-inserted-styles"))),
            GrantPermissionRequests = section.GetString("permissions.requests") switch
            {
                "grant" => true,
                "deny" => false,
                var other => throw new ConfigurationException($"actorruntime.permissions.requests: expected grant or deny, got \"{other}\""),
            },
        };
    }

    private static T Positive<T>(Config section, string key, T value) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ConfigurationException($"actorruntime.{key}: expected a positive number, got {section.GetString(key)}");

    /// <summary>These options with a browser of their own, unless they have one: for whoever runs a set of extensions together.</summary>
    internal RuntimeOptions WithBrowser() => Browser is null ? this with { Browser = new Browsing.BrowserModel(Clock, BrowserLimits) } : this;

    private static string LocaleFrom(string? tag)
    {
        if (tag is null || !System.Text.RegularExpressions.Regex.IsMatch(tag, "^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$"))
            throw new ConfigurationException($"actorruntime.locale: expected a language tag such as en-US, got \"{tag}\"");
        return tag.Replace('_', '-');
    }

    /// <summary>Checks the script threads' settings now, not when Akka makes the dispatcher for the first context (in an actor, where a bad value would be hard to read).</summary>
    private static void CheckScriptThreads(Config config)
    {
        var dispatcher = config.GetConfig(RuntimeSettings.ScriptDispatcherId);
        if (ScriptThreadsConfigurator.IsNamedBy(dispatcher.GetString("executor"))) ScriptThreadSettings.FromConfig(dispatcher, RuntimeSettings.ScriptDispatcherId);
    }

    private static string SupervisorDispatcherFrom(Config config, Config section)
    {
        var path = section.GetString("supervisor-dispatcher") ?? "";
        if (path.Length > 0 && !config.HasPath(path + ".type"))
            throw new ConfigurationException($"actorruntime.supervisor-dispatcher: expected the HOCON path of a configured dispatcher (a section with a type) or \"\" for Akka's default, got \"{path}\"");
        return path;
    }
}
