using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ActorRuntime.Telemetry;

/// <summary>
/// The runtime's own traces and metrics, both named <see cref="Name"/>: an OpenTelemetry SDK (or any
/// <see cref="ActivityListener"/> / <see cref="MeterListener"/>) subscribes to them by that name. Nothing is measured or
/// allocated while nobody listens: every instrument is checked for <c>Enabled</c> (a span for <c>HasListeners</c>) first.
/// Names and attributes follow the OpenTelemetry semantic conventions (docs/telemetry.md lists them).
/// </summary>
public static class RuntimeTelemetry
{
    /// <summary>The name of the runtime's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "ActorRuntime";

    public const string ExtensionIdAttribute = "actorruntime.extension.id";
    public const string OperationAttribute = "actorruntime.operation";
    public const string ContextLabelAttribute = "actorruntime.context.label";
    public const string ContextKindAttribute = "actorruntime.context.kind";
    public const string PhaseAttribute = "actorruntime.extension.phase";
    public const string FlavorAttribute = "actorruntime.flavor";
    public const string BackgroundKindAttribute = "actorruntime.background.kind";
    public const string StorageAreaAttribute = "actorruntime.storage.area";
    public const string OutcomeAttribute = "actorruntime.message.outcome";

    internal static readonly ActivitySource Source = new(Name, typeof(RuntimeTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Meter Meter = new(Name, typeof(RuntimeTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Activations = Meter.CreateCounter<long>("actorruntime.extension.activations", "{activation}",
        "Extensions brought to life in this process (loaded, or activated by their shard)");

    internal static readonly Counter<long> Wakes = Meter.CreateCounter<long>("actorruntime.background.wakes", "{wake}",
        "Starts of a background that had started before (woken after it was suspended or stopped); its first start is the extension's activation");

    /// <summary>
    /// The extension's background is being started, after <paramref name="startsBefore"/> earlier starts: a wake unless it
    /// is the first (that one belongs to the activation). The status page counts wakes the same way.
    /// </summary>
    internal static void BackgroundStarting(string extensionId, int startsBefore, string backgroundKind)
    {
        if (startsBefore == 0 || !Wakes.Enabled) return;
        Wakes.Add(1, new KeyValuePair<string, object?>(ExtensionIdAttribute, extensionId),
            new KeyValuePair<string, object?>(BackgroundKindAttribute, backgroundKind));
    }

    internal static readonly Histogram<double> MessageDuration = Meter.CreateHistogram<double>("actorruntime.message.duration", "s",
        "From runtime.sendMessage / tabs.sendMessage to the sender's answer (a response, an error, or nobody listening)");

    internal static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("actorruntime.script.turn.duration", "s",
        "One turn of an extension's event loop: the holder's messages and the tasks posted to the loop");

    internal static readonly Histogram<double> StorageWriteDuration = Meter.CreateHistogram<double>("actorruntime.storage.write.duration", "s",
        "From a storage write's call to its event being durable in the journal");

    /// <summary>A request of <see cref="IExtensionRuntime"/> as a span (null when nobody listens); name and attributes per the conventions.</summary>
    internal static Activity? StartRequest(string operation, string extensionId, ActivityKind kind = ActivityKind.Internal, ActivityContext parent = default)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity(operation, kind, parent);
        activity?.SetTag(ExtensionIdAttribute, extensionId);
        activity?.SetTag(OperationAttribute, operation);
        return activity;
    }

    /// <summary>
    /// Handling a message that carries the span it was sent in (<paramref name="parent"/>): a child span in the receiving
    /// actor, named <c>&lt;actor&gt; &lt;message type&gt;</c>. Null when the message was sent outside a span or nobody listens.
    /// </summary>
    internal static Activity? StartHandling(string actor, Activity? parent, object message, string extensionId)
    {
        if (parent is null || !Source.HasListeners()) return null;
        var activity = Source.StartActivity(actor + " " + message.GetType().Name, ActivityKind.Internal, parent.Context);
        activity?.SetTag(ExtensionIdAttribute, extensionId);
        return activity;
    }

    /// <summary>For an exception filter: marks <paramref name="activity"/> failed and lets the exception go on (always false).</summary>
    internal static bool Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
        return false;
    }

    /// <summary>The parent a message carries across processes: the W3C <c>traceparent</c> of the current span, or null.</summary>
    internal static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A <c>traceparent</c> (and <c>tracestate</c>) read back; default when absent or malformed.</summary>
    internal static ActivityContext ParentFrom(string? traceParent, string? traceState = null) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;

    /// <summary>A timestamp to measure from when <paramref name="histogram"/> is listened to, else 0 (nothing to record).</summary>
    internal static long StartTiming(Histogram<double> histogram) => histogram.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records the seconds since <paramref name="started"/> (from <see cref="StartTiming"/>), unless it is 0.</summary>
    internal static void StopTiming(Histogram<double> histogram, long started, in TagList tags)
    {
        if (started != 0) histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    internal static void StopTiming(Histogram<double> histogram, long started, string extensionId)
    {
        if (started != 0) histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(ExtensionIdAttribute, extensionId));
    }
}
