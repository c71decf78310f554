using System.Globalization;
using System.Text;
using ActorRuntime.Contexts;

namespace ActorRuntime.Hosting;

/// <summary>
/// Typed settings of a hosted runtime. Each value that is set is rendered as HOCON over the shipped
/// defaults (<c>config/actorruntime.hocon</c>); values left null keep whatever the configuration says.
/// </summary>
public sealed class ActorRuntimeHostingOptions
{
    public Flavor? Flavor { get; set; }
    public TimeSpan? AskTimeout { get; set; }
    public TimeSpan? ScriptTimeout { get; set; }
    public TimeSpan? FirefoxIdleTimeout { get; set; }
    public TimeSpan? ChromeIdleTimeout { get; set; }
    public long? MaxMessageBytes { get; set; }

    /// <summary>The HOCON path of the dispatcher extension supervisors run on; <c>""</c> for Akka's default (see HOCON.md).</summary>
    public string? SupervisorDispatcher { get; set; }

    /// <summary>
    /// The script threads every context runs on (<c>actorruntime.script-dispatcher.script-threads</c>, HOCON.md): how
    /// many; how long an idle one waits before it takes work another handed to itself; how often an idle one looks again
    /// before it sleeps; how long after the last run one idle thread keeps looking. Checked when the runtime starts.
    /// </summary>
    public int? ScriptThreadCount { get; set; }
    public TimeSpan? ScriptThreadStealAfter { get; set; }
    public int? ScriptThreadIdleSpins { get; set; }
    public TimeSpan? ScriptThreadWatchFor { get; set; }

    /// <summary><c>sqlite</c> (default), <c>postgresql</c> or <c>memory</c>: where storage.local and storage.sync are kept.</summary>
    public string? StorageProvider { get; set; }
    public string? SqlitePath { get; set; }
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>The clock timers and idle delays read: real time unless a test gives a <see cref="Timing.VirtualClock"/>.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Extension folders to load when the actor system starts.</summary>
    public List<string> Extensions { get; } = new();

    /// <summary>
    /// Responses (URL match pattern, response) every extension of the runtime answers its pages' requests with from its
    /// start; <see cref="IExtensionRuntime.RespondAsync"/> adds responses for one extension later. An invalid pattern or
    /// response is refused when the runtime starts.
    /// </summary>
    public List<KeyValuePair<string, ResponseSpec>> Responses { get; } = new();

    /// <summary>The responses, checked: an <see cref="ArgumentException"/> names the first that cannot be given.</summary>
    internal IReadOnlyList<KeyValuePair<string, ResponseSpec>> CheckedResponses()
    {
        foreach (var (pattern, response) in Responses)
            if (Kernel.OfflineNetwork.Refusal(pattern, response) is { } refusal) throw new ArgumentException(refusal, nameof(Responses));
        return Responses.ToList();
    }

    /// <summary>Also called with every console line (besides the log and <see cref="IExtensionRuntime.SubscribeConsole"/>).</summary>
    public Action<ConsoleEntry>? Console { get; set; }

    /// <summary>
    /// When set, every API call of every extension is recorded and given to it on the calling context's turn, in order
    /// (besides <see cref="IExtensionRuntime.SubscribeCalls"/>, which records while anyone subscribes).
    /// </summary>
    public Action<ApiCallRecord>? Calls { get; set; }

    /// <summary>Host scripts every extension of the runtime gets at its load, before its background starts (see <see cref="IExtensionRuntime.RunHostScriptAsync"/>).</summary>
    public List<HostScriptSource> HostScripts { get; } = new();

    /// <summary>The HOCON these options stand for (only the keys that were set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        void Line(string key, string? value)
        {
            if (value is not null) hocon.Append("actorruntime.").Append(key).Append(" = ").Append(value).Append('\n');
        }
        static string? Duration(TimeSpan? value) => value is { } v ? ((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms" : null;
        Line("flavor", Flavor?.ToString().ToLowerInvariant());
        Line("ask-timeout", Duration(AskTimeout));
        Line("script.timeout", Duration(ScriptTimeout));
        Line("event-page.firefox.idle-timeout", Duration(FirefoxIdleTimeout));
        Line("event-page.chrome.idle-timeout", Duration(ChromeIdleTimeout));
        static string? Quoted(string? value) => value is null ? null : ActorRuntime.Serialization.Hocon.Quote(value);
        Line("storage.provider", StorageProvider);
        Line("storage.sqlite.path", Quoted(SqlitePath));
        Line("storage.postgresql.connection-string", Quoted(PostgreSqlConnectionString));
        Line("supervisor-dispatcher", Quoted(SupervisorDispatcher));
        static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
        Line("script-dispatcher.script-threads.thread-count", Number(ScriptThreadCount));
        Line("script-dispatcher.script-threads.steal-after", Duration(ScriptThreadStealAfter));
        Line("script-dispatcher.script-threads.idle-spins", Number(ScriptThreadIdleSpins));
        Line("script-dispatcher.script-threads.watch-for", Duration(ScriptThreadWatchFor));
        Line("messaging.max-message-size", MaxMessageBytes is { } bytes ? bytes.ToString(CultureInfo.InvariantCulture) + "b" : null);
        return hocon.ToString();
    }
}
