using ActorRuntime.Cluster;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorRuntime.FrontDoor.Health;

/// <summary>
/// The checks behind <c>/healthz</c> and <c>/ready</c>, registered through Akka.Hosting (which hands them to
/// Microsoft.Extensions.Diagnostics.HealthChecks): Akka.Hosting's own actor system liveness and cluster join checks, and
/// the runtime's: this node is a member now (not leaving or removed), its journal answers, its extensions are installed
/// and its shard region runs.
/// </summary>
public static class ActorRuntimeHealthChecks
{
    /// <summary>The tag of the checks <c>/healthz</c> runs (and <c>/ready</c> too).</summary>
    public const string LivenessTag = "actorruntime-liveness";

    /// <summary>The tag of the checks only <c>/ready</c> runs.</summary>
    public const string ReadinessTag = "actorruntime-readiness";

    /// <summary>
    /// Registers the checks on the node's Akka.Hosting builder (call inside <c>AddAkka</c>, on a node made with
    /// <c>WithExtensionCluster</c>); <c>AddActorRuntimeHealthChecks</c> adds the health check service itself.
    /// </summary>
    public static AkkaConfigurationBuilder WithActorRuntimeHealthChecks(this AkkaConfigurationBuilder builder)
    {
        builder.WithActorSystemLivenessCheck(tags: [LivenessTag]);
        builder.WithAkkaClusterReadinessCheck(tags: [ReadinessTag]);
        builder.WithHealthCheck("actorruntime.cluster-member", (system, _, _) => Task.FromResult(Membership(system)), tags: [ReadinessTag]);
        builder.WithHealthCheck("actorruntime.journal", (system, _, cancel) => JournalAsync(system, cancel), tags: [ReadinessTag]);
        builder.WithHealthCheck("actorruntime.extensions", (system, registry, _) => Task.FromResult(Extensions(system, registry)), tags: [ReadinessTag]);
        return builder;
    }

    /// <summary>Up (or weakly up) now: joining, leaving, exiting, down or removed is not ready, whatever it was before.</summary>
    internal static HealthCheckResult Membership(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (cluster.IsTerminated) return HealthCheckResult.Unhealthy("this node has left the cluster");
        var status = cluster.SelfMember.Status;
        // The status alone: /ready answers anyone, and the node's address is not theirs to learn.
        return status is MemberStatus.Up or MemberStatus.WeaklyUp
            ? HealthCheckResult.Healthy($"this node is {status}")
            : HealthCheckResult.Unhealthy($"this node is {status}");
    }

    /// <summary>
    /// The default journal answers its plugin's own health check (Akka.Persistence's, as Akka.Persistence.Hosting's
    /// journal check asks it) within <c>actorruntime.status.health-timeout</c>. The plugin's own description stays out of
    /// the answer: <c>/ready</c> is answered without a token, and a database's error may name its server.
    /// </summary>
    internal static async Task<HealthCheckResult> JournalAsync(ActorSystem system, CancellationToken cancel)
    {
        var timeout = NodeStatusBoard.For(system).Settings.HealthTimeout;
        var plugin = system.Settings.Config.GetString("akka.persistence.journal.plugin", "");
        try
        {
            var result = await Persistence.Instance.Apply(system).CheckJournalHealthAsync(plugin, cancel).WaitAsync(timeout, cancel);
            return result.Status == PersistenceHealthStatus.Healthy
                ? HealthCheckResult.Healthy($"journal {plugin} is reachable")
                : HealthCheckResult.Unhealthy($"journal {plugin} reports {result.Status}");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"journal {plugin} did not answer within {timeout.TotalSeconds:0.#} s (actorruntime.status.health-timeout)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"journal {plugin} could not be checked ({ex.GetType().Name})");
        }
    }

    /// <summary>The node's extensions are installed (its catalog is not empty) and its shard region and status actor run.</summary>
    internal static HealthCheckResult Extensions(ActorSystem system, ActorRegistry registry)
    {
        var installed = NodeStatusBoard.For(system).Installed.Count;
        if (!registry.TryGet<ExtensionEntity>(out _)) return HealthCheckResult.Unhealthy("the extensions shard region has not started");
        if (!registry.TryGet<NodeStatusActor>(out _)) return HealthCheckResult.Unhealthy("the node status has not started");
        return installed > 0
            ? HealthCheckResult.Healthy($"{installed} extension{(installed == 1 ? "" : "s")} installed")
            : HealthCheckResult.Unhealthy("no extension is installed on this node (serve --extensions)");
    }
}
