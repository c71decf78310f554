using Akka.Actor;
using static ActorRuntime.Cluster.NodeStatusProtocol;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Cluster;

/// <summary>
/// One per node, at <c>/user/node-status</c>: answers <see cref="GetNodeStatus"/> at once from the node's
/// <see cref="NodeStatusBoard"/>, and every <c>refresh-interval</c> samples wakes and asks the supervisors of the listed
/// extensions which contexts are open (their answers come back as messages; nothing here waits).
/// </summary>
internal sealed class NodeStatusActor : UntypedActor, IWithTimers
{
    public const string Name = "node-status";

    private readonly NodeStatusBoard _board;
    private readonly string _address;
    private readonly Dictionary<string, IReadOnlyList<string>> _contexts = new(StringComparer.Ordinal);
    private Dictionary<IActorRef, string> _listed = new();

    public NodeStatusActor(NodeStatusBoard board)
    {
        _board = board;
        _address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeStatusBoard board) => Akka.Actor.Props.Create(() => new NodeStatusActor(board));

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    // The most labels kept per extension: an extension opens as many views as it likes.
    private const int MaxContexts = 100;

    protected override void PreStart()
    {
        Self.Tell(Refresh.Instance);
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _board.Settings.RefreshInterval);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case GetNodeStatus:
                Sender.Tell(_board.Report(_address, id => _contexts.GetValueOrDefault(id) ?? []));
                break;
            case Refresh:
                OnRefresh();
                break;
            case SupervisorProtocol.ContextList list when _listed.TryGetValue(Sender, out var id):
                _contexts[id] = list.Labels.Take(MaxContexts).ToArray();
                break;
            case SupervisorProtocol.ContextList:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnRefresh()
    {
        _board.SampleWakes();
        var (listed, _) = _board.Listed();
        _listed = listed.ToDictionary(extension => extension.Supervisor, extension => extension.Id);
        // Forget the contexts of extensions no longer listed (gone from the node).
        var ids = _listed.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var id in _contexts.Keys.Where(id => !ids.Contains(id)).ToList()) _contexts.Remove(id);
        foreach (var supervisor in _listed.Keys) supervisor.Tell(SupervisorProtocol.ListContexts.Instance, Self);
    }
}
