using System.Diagnostics;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Telemetry;
using ActorRuntime.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActorRuntime.Tests.Diagnostics;

/// <summary>
/// The runtime's spans and metrics as an OpenTelemetry SDK with the in-memory exporter sees them, for requests through the
/// in-process <see cref="IExtensionRuntime"/>. Other specs run alongside: everything is picked out by this spec's extension id.
/// </summary>
public sealed class TelemetrySpec : RuntimeSpec
{
    private const string Background = """
        browser.runtime.onInstalled.addListener(() => {});
        """;

    private IExtensionRuntime Runtime()
    {
        var router = Sys.ActorOf(ExtensionRouter.Props(Options(Flavor.Mdn)));
        return new LocalExtensionRuntime(Sys, _ => Task.FromResult(router), AskTimeout, new Broadcast<ConsoleEntry>(), new Broadcast<ApiCallRecord>());
    }

    private string UniqueFolder(string prefix) =>
        Folder(Manifests.Standard(Manifests.EventPageScripts, Background), prefix + "-" + Guid.NewGuid().ToString("N")[..8]).Path;

    [Fact]
    public async Task A_request_is_traced_from_the_runtime_through_the_supervisor_to_the_context_that_ran_it()
    {
        var runtime = Runtime();
        var id = await runtime.LoadAsync(UniqueFolder("traced"));
        await runtime.EvaluateAsync(id, "background", "'the event page has run its scripts'");
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RuntimeTelemetry.Name).AddInMemoryExporter(spans).Build();
        Assert.Equal("4", (await runtime.EvaluateAsync(id, "background", "2 + 2")).Json);

        var (request, supervisor, context) = await Eventually(() =>
        {
            var mine = Snapshot(spans).Where(span => Equals(span.GetTagItem(RuntimeTelemetry.ExtensionIdAttribute), id)).ToList();
            var request = mine.FirstOrDefault(span => span.DisplayName == "Evaluate");
            var supervisor = mine.FirstOrDefault(span => request is not null && span.ParentSpanId == request.SpanId);
            var context = mine.FirstOrDefault(span => supervisor is not null && span.ParentSpanId == supervisor.SpanId);
            return context is null ? default : (request!, supervisor!, context);
        });
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal("Evaluate", request.GetTagItem(RuntimeTelemetry.OperationAttribute));
        Assert.Equal("supervisor Evaluate", supervisor.DisplayName);
        Assert.Equal("context Evaluate", context.DisplayName);
        Assert.Equal("background", context.GetTagItem(RuntimeTelemetry.ContextLabelAttribute));
        Assert.Equal("background", context.GetTagItem(RuntimeTelemetry.ContextKindAttribute));
        Assert.Equal(request.TraceId, context.TraceId);
        Assert.Equal(ActivityStatusCode.Unset, request.Status);
    }

    [Fact]
    public async Task A_failed_request_is_a_span_with_an_error_status()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RuntimeTelemetry.Name).AddInMemoryExporter(spans).Build();
        var runtime = Runtime();
        var id = await runtime.LoadAsync(UniqueFolder("failing"));
        await Assert.ThrowsAsync<ExtensionRequestException>(() => runtime.CloseAsync(id, "nothing-open-here"));
        var failed = await Eventually(() => Snapshot(spans).FirstOrDefault(span => span.DisplayName == "Close" && Equals(span.GetTagItem(RuntimeTelemetry.ExtensionIdAttribute), id)));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Contains("nothing-open-here", failed.StatusDescription);
    }

    [Fact]
    public async Task The_metrics_of_a_request_name_the_extension()
    {
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(RuntimeTelemetry.Name).AddInMemoryExporter(metrics).Build();
        var runtime = Runtime();
        var id = await runtime.LoadAsync(UniqueFolder("measured"));
        Assert.Equal("""["Could not establish connection. Receiving end does not exist.",1]""", (await runtime.EvaluateAsync(id, "background", """
            [await browser.runtime.sendMessage('anyone?').catch(e => e.message),
             (await browser.storage.local.set({ kept: 1 }), (await browser.storage.local.get('kept')).kept)]
            """)).Json);
        // Its first start was its activation, not a wake (as the status page counts): only the start after it was stopped is.
        Assert.True(await runtime.TerminateAsync(id));
        await Eventually(() => LiveExtensions.Snapshot().Contains((id, LiveExtensions.Suspended)) ? "suspended" : null);
        Assert.Equal("1", (await runtime.EvaluateAsync(id, "background", "1")).Json);
        Assert.True(meters.ForceFlush());

        var points = metrics.SelectMany(metric => Points(metric).Select(point => (metric.Name, Point: point))).ToList();
        List<MetricPoint> Of(string name) => points.Where(p => p.Name == name && Tag(p.Point, RuntimeTelemetry.ExtensionIdAttribute) == id).Select(p => p.Point).ToList();

        Assert.Equal(1, Of("actorruntime.extension.activations").Sum(p => p.GetSumLong()));
        var wake = Assert.Single(Of("actorruntime.background.wakes"));
        Assert.Equal(1, wake.GetSumLong());
        Assert.Equal("event_page", Tag(wake, RuntimeTelemetry.BackgroundKindAttribute));
        Assert.True(Of("actorruntime.script.turn.duration").Sum(p => p.GetHistogramCount()) > 0, "no turn was measured");
        var message = Assert.Single(Of("actorruntime.message.duration"));
        Assert.Equal(1, message.GetHistogramCount());
        Assert.Equal("no_receiver", Tag(message, RuntimeTelemetry.OutcomeAttribute));
        var write = Assert.Single(Of("actorruntime.storage.write.duration"));
        Assert.Equal(1, write.GetHistogramCount());
        Assert.Equal("local", Tag(write, RuntimeTelemetry.StorageAreaAttribute));
        // The gauge counts every extension of the process: this one's event page is running, so "running" is at least 1.
        var running = points.Where(p => p.Name == "actorruntime.extensions" && Tag(p.Point, RuntimeTelemetry.PhaseAttribute) == LiveExtensions.Running);
        Assert.True(running.Sum(p => p.Point.GetSumLong()) >= 1, "no extension counted as running");
    }

    [Fact]
    public async Task A_stopped_service_worker_started_again_is_a_wake_of_kind_service_worker()
    {
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(RuntimeTelemetry.Name).AddInMemoryExporter(metrics).Build();
        var router = Sys.ActorOf(ExtensionRouter.Props(Options(Flavor.Chrome)));
        var runtime = new LocalExtensionRuntime(Sys, _ => Task.FromResult(router), AskTimeout, new Broadcast<ConsoleEntry>(), new Broadcast<ApiCallRecord>());
        var id = await runtime.LoadAsync(Folder(new Dictionary<string, string>
        {
            ["manifest.json"] = """{ "manifest_version": 3, "name": "worker", "version": "1", "background": { "service_worker": "sw.js" } }""",
            ["sw.js"] = "self.started = (self.started || 0) + 1;",
        }, "worker-" + Guid.NewGuid().ToString("N")[..8]).Path);
        Assert.Equal("1", (await runtime.EvaluateAsync(id, "background", "started")).Json);
        Assert.True(await runtime.TerminateAsync(id));
        Assert.Equal("1", (await runtime.EvaluateAsync(id, "background", "started")).Json);
        Assert.True(meters.ForceFlush());

        var wakes = metrics.Where(m => m.Name == "actorruntime.background.wakes").SelectMany(Points)
            .Where(p => Tag(p, RuntimeTelemetry.ExtensionIdAttribute) == id).ToList();
        var wake = Assert.Single(wakes);
        Assert.Equal(1, wake.GetSumLong());
        Assert.Equal("service_worker", Tag(wake, RuntimeTelemetry.BackgroundKindAttribute));
    }

    [Fact]
    public async Task Live_extensions_follow_the_background_through_its_phases_and_forget_an_unloaded_extension()
    {
        var runtime = Runtime();
        var id = await runtime.LoadAsync(UniqueFolder("phases"));
        await runtime.EvaluateAsync(id, "background", "1");
        Assert.Contains((id, LiveExtensions.Running), LiveExtensions.Snapshot());
        Assert.True(await runtime.TerminateAsync(id));
        await Eventually(() => LiveExtensions.Snapshot().Contains((id, LiveExtensions.Suspended)) ? "suspended" : null);
        await runtime.UnloadAsync(id);
        await Eventually(() => LiveExtensions.Snapshot().Any(e => e.ExtensionId == id) ? null : "gone");
    }

    [Fact]
    public void Nothing_is_timed_while_nobody_listens()
    {
        // No SDK in this test: an instrument nobody enabled gives no timestamp to measure from.
        var unheard = new System.Diagnostics.Metrics.Meter("ActorRuntime.Tests.Unheard").CreateHistogram<double>("unheard");
        Assert.Equal(0, RuntimeTelemetry.StartTiming(unheard));
        Assert.Null(RuntimeTelemetry.StartHandling("supervisor", parent: null, new object(), "any"));
    }

    [Fact]
    public void A_trace_parent_is_read_back_as_a_remote_parent_and_nonsense_as_none()
    {
        using var source = new ActivitySource("ActorRuntime.Tests.TraceParent");
        var parent = RuntimeTelemetry.ParentFrom("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1");
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parent.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", parent.SpanId.ToHexString());
        Assert.True(parent.IsRemote);
        Assert.Equal("vendor=1", parent.TraceState);
        Assert.Equal(default, RuntimeTelemetry.ParentFrom("not a trace parent"));
        Assert.Equal(default, RuntimeTelemetry.ParentFrom(null));
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints()) points.Add(point);
        return points;
    }

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == name) return tag.Value?.ToString();
        return null;
    }

    /// <summary>The exporter's list while other specs' spans may be added to it.</summary>
    private static Activity[] Snapshot(List<Activity> spans)
    {
        while (true)
        {
            try
            {
                lock (spans) return spans.ToArray();
            }
            catch (ArgumentException)
            {
                // Grown while copied: copy again.
            }
        }
    }

    /// <summary>What <paramref name="probe"/> finds once it finds something (spans end on the actors' threads, just after they reply).</summary>
    private static async Task<T> Eventually<T>(Func<T?> probe)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } found && !EqualityComparer<T>.Default.Equals(found, default)) return found;
            if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("not seen within 20 s");
            await Task.Delay(10);
        }
    }
}
