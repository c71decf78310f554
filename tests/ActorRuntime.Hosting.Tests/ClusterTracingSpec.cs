using System.Diagnostics;
using ActorRuntime.Cluster;
using ActorRuntime.Hosting.Tests.Support;
using ActorRuntime.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ActorRuntime.Hosting.Tests;

/// <summary>
/// One request entering a node of an in-process cluster for an extension another node hosts: the client span on the
/// first node is the parent of the hosting node's span (the W3C trace context crossed in the command), and that of the
/// supervisor's and the context's spans under it, all in one trace.
/// </summary>
public sealed class ClusterTracingSpec : IAsyncLifetime
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private const string Extension = "getbackgroundpage";

    private InProcessCluster _cluster = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await InProcessCluster.StartAsync(2, new ExtensionCatalog([Examples]), Cancel);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_request_across_the_cluster_hop_is_one_trace_from_the_client_to_the_context()
    {
        // Started (and its background loaded) first, untraced: the node it lives on is then known.
        await _cluster.Runtime(0).EvaluateAsync(Extension, "background", "0", Cancel);
        var owner = await _cluster.OwnerOfAsync(Extension, Cancel);
        Assert.InRange(owner, 0, 1);
        var entry = 1 - owner;

        var spans = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RuntimeTelemetry.Name).AddInMemoryExporter(spans).Build())
        {
            Assert.Equal("2", (await _cluster.Runtime(entry).EvaluateAsync(Extension, "background", "1 + 1", Cancel)).Json);
            await WaitFor(() => Snapshot(spans).Any(span => span.DisplayName == "context Evaluate"));
        }

        var all = Snapshot(spans).Where(span => Equals(span.GetTagItem(RuntimeTelemetry.ExtensionIdAttribute), Extension)).ToList();
        var client = Assert.Single(all, span => span.Kind == ActivityKind.Client);
        Assert.Equal("Evaluate", client.DisplayName);
        var server = Assert.Single(all, span => span.Kind == ActivityKind.Server && span.ParentSpanId == client.SpanId);
        Assert.Equal("Evaluate", server.DisplayName);
        Assert.True(server.HasRemoteParent, "the hosting node's span was not parented by the context that came in the command");
        var supervisor = Assert.Single(all, span => span.ParentSpanId == server.SpanId);
        Assert.Equal("supervisor Evaluate", supervisor.DisplayName);
        var context = Assert.Single(all, span => span.ParentSpanId == supervisor.SpanId);
        Assert.Equal("context Evaluate", context.DisplayName);
        Assert.Equal("background", context.GetTagItem(RuntimeTelemetry.ContextLabelAttribute));
        Assert.All([server, supervisor, context], span => Assert.Equal(client.TraceId, span.TraceId));
    }

    private static Activity[] Snapshot(List<Activity> spans)
    {
        while (true)
        {
            try
            {
                return spans.ToArray();
            }
            catch (ArgumentException)
            {
                // Grown while copied: copy again.
            }
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("not seen within 20 s");
            await Task.Delay(10, Cancel);
        }
    }
}
