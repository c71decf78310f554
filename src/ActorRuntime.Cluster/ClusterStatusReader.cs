using Akka.Actor;
using Akka.Cluster;
using static ActorRuntime.Cluster.NodeStatusProtocol;

namespace ActorRuntime.Cluster;

/// <summary>A member of the cluster as this node's gossip sees it: its status (<c>Up</c>, <c>Leaving</c>, ...) and whether it is reachable.</summary>
internal sealed record MemberView(string Address, string Status, bool Reachable, IReadOnlyList<string> Roles, bool IsLeader, bool IsSelf);

/// <summary>A node hosting extensions and its report, or why there is none (<see cref="Problem"/>).</summary>
internal sealed record NodeView(string Address, NodeStatusReport? Report, string? Problem);

/// <summary>The cluster-wide view of the status page, read on one node.</summary>
internal sealed record ClusterStatusView(string Self, DateTimeOffset At, IReadOnlyList<MemberView> Members, IReadOnlyList<NodeView> Nodes);

/// <summary>
/// Reads the status page's view: the members from this node's cluster state, and each extension node's own report, asked
/// of its <c>/user/node-status</c> with <c>actorruntime.status.ask-timeout</c> (all nodes at once; one that does not answer
/// in time is listed as such). Used outside actors (the front door's request handlers), so it may await.
/// </summary>
internal sealed class ClusterStatusReader(ActorSystem system)
{
    private readonly NodeStatusBoard _board = NodeStatusBoard.For(system);

    private NodeStatusSettings _settings => _board.Settings;

    public NodeStatusSettings Settings => _board.Settings;

    public async Task<ClusterStatusView> ReadAsync(CancellationToken cancellationToken = default)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(member => member.Address).ToHashSet();
        var members = state.Members.Concat(state.Unreachable.Where(member => !state.Members.Contains(member)))
            .OrderBy(member => member.Address.ToString(), StringComparer.Ordinal)
            .ToList();
        var views = members.Select(member => new MemberView(member.Address.ToString(), member.Status.ToString(), !unreachable.Contains(member.Address),
            member.Roles.Order(StringComparer.Ordinal).ToArray(), member.Address.Equals(state.Leader), member.Address.Equals(cluster.SelfAddress))).ToList();
        var hosting = members.Where(member => member.HasRole(ClusterHostingExtensions.Role)
            && member.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Joining).ToList();
        var nodes = await Task.WhenAll(hosting.Select(member => unreachable.Contains(member.Address)
            ? Task.FromResult(new NodeView(member.Address.ToString(), null, "unreachable"))
            : AskAsync(member.Address, cancellationToken)));
        return new ClusterStatusView(cluster.SelfAddress.ToString(), _board.Clock.GetUtcNow(), views, nodes);
    }

    private async Task<NodeView> AskAsync(Address address, CancellationToken cancellationToken)
    {
        try
        {
            var selection = system.ActorSelection(new RootActorPath(address) / "user" / NodeStatusActor.Name);
            var report = await selection.Ask<NodeStatusReport>(GetNodeStatus.Instance, _settings.AskTimeout, cancellationToken);
            return new NodeView(address.ToString(), report, null);
        }
        catch (AskTimeoutException)
        {
            return new NodeView(address.ToString(), null, $"did not answer within {_settings.AskTimeout.TotalSeconds:0.#} s (actorruntime.status.ask-timeout)");
        }
    }
}
