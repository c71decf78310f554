using ActorRuntime.Serialization;
using Akka.Actor;

namespace ActorRuntime.Cluster;

/// <summary>
/// What the front door asks each node for its status page, and the node's answer. Crosses processes: written by
/// <see cref="NodeStatusSerializer"/>, never by a reflection-based default serializer.
/// </summary>
internal static class NodeStatusProtocol
{
    /// <summary>Asked of <c>/user/node-status</c> on a node; answered with <see cref="NodeStatusReport"/>.</summary>
    public sealed record GetNodeStatus
    {
        public static readonly GetNodeStatus Instance = new();
    }

    /// <summary>
    /// One node's view of itself: how many extensions it has installed (<see cref="Installed"/>), holds active
    /// (<see cref="Active"/>) and still remembers as unloaded (<see cref="Unloaded"/>), of which <see cref="Extensions"/>
    /// lists the first by id that fit (<c>max-extensions</c>, <c>max-report-size</c>); its recent console lines and errors
    /// (oldest first; <see cref="LinesLeftOut"/> older ones it holds did not fit <c>max-lines-size</c>), and activations and
    /// wakes per minute over the last minutes (oldest first). The last two fields are optional on the wire (0 from an older node).
    /// </summary>
    public sealed record NodeStatusReport(string Address, int Installed, int Active, IReadOnlyList<ExtensionStatus> Extensions,
        IReadOnlyList<StatusLine> Console, IReadOnlyList<StatusLine> Errors, IReadOnlyList<MinuteActivity> Activity,
        int Unloaded = 0, int LinesLeftOut = 0)
    {
        /// <summary>Extensions the node holds or remembers that the report does not list.</summary>
        public int NotListed => Math.Max(0, Active + Unloaded - Extensions.Count);
    }

    /// <summary>
    /// An extension active on a node: <see cref="Phase"/> is its background's (<c>running</c>, <c>starting</c>,
    /// <c>suspending</c>, <c>suspended</c>, <c>worker stopped</c>, <c>stopped</c>), or <c>halted</c>, or <c>no background</c>, or
    /// <c>unloaded</c> (no longer on the node: passivated or handed off; <see cref="ActiveSince"/> is then when it left);
    /// <see cref="Contexts"/> the labels of its open contexts as its supervisor last listed them; <see cref="Wakes"/> how
    /// many times its background started again since it was activated here.
    /// </summary>
    public sealed record ExtensionStatus(string Id, string Phase, IReadOnlyList<string> Contexts, DateTimeOffset ActiveSince, int Wakes);

    /// <summary>A console line or error of an extension, as it printed it (cut to <c>max-line-length</c>); never trusted as markup.</summary>
    public sealed record StatusLine(long Sequence, DateTimeOffset At, string ExtensionId, string Label, string Level, string Text);

    /// <summary>The minute starting at <see cref="Minute"/> (UTC): extensions activated on the node, and backgrounds woken.</summary>
    public sealed record MinuteActivity(DateTimeOffset Minute, int Activations, int Wakes);
}

/// <summary>The wire format of <see cref="NodeStatusProtocol"/>.</summary>
internal sealed class NodeStatusSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, 7_303, new Dictionary<Type, string>
{
    [typeof(NodeStatusProtocol.GetNodeStatus)] = "get-node-status-v1",
    [typeof(NodeStatusProtocol.NodeStatusReport)] = "node-status-report-v1",
});
