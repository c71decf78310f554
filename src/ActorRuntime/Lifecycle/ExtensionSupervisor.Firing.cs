using ActorRuntime.Apis;
using ActorRuntime.Kernel;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Events the host fires into the extension (<see cref="IExtensionRuntime.FireAsync"/>, a host script's <c>host.fire</c>):
/// to every running context, a suspended event page woken first when it listened; the listeners' results gathered.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    /// <summary>One fire on its way: the contexts it went to, in order, and what each answered.</summary>
    private sealed class PendingFire(IActorRef? replyTo, IReadOnlyList<IActorRef> targets)
    {
        public IActorRef? ReplyTo { get; } = replyTo;
        public IReadOnlyList<IActorRef> Targets { get; } = targets;
        public Dictionary<IActorRef, IReadOnlyList<string>> Answers { get; } = new();
        public bool IsComplete => Answers.Count == Targets.Count;
        public string ResultsJson => "[" + string.Join(",", Targets.SelectMany(t => Answers.GetValueOrDefault(t) ?? [])) + "]";
    }

    private long _lastFire;
    private Dictionary<long, PendingFire>? _fires;

    private void OnFireEvent(string name, string argumentsJson, IActorRef? replyTo)
    {
        if ((CheckFire(name, argumentsJson, _state.Options.MaxMessageDepth) ?? Browse(ref name, ref argumentsJson)) is { } problem)
        {
            if (replyTo is not null) replyTo.Tell(new Status.Failure(new ExtensionRequestException(problem)));
            else _state.Report(new ConsoleEntry("host", "error", "host.fire: " + problem));
            return;
        }
        // The runtime's model of the browser follows what the host says happened (idle.onStateChanged sets the idle state).
        ApiImplementations.Find(name)?.HostFired?.Invoke(_state, argumentsJson);
        var waking = false;
        void Send()
        {
            var targets = Slots().Where(slot => slot.IsLoaded).Select(slot => slot.Actor!).Concat(_views.Actors).ToList();
            var pending = new PendingFire(replyTo, targets);
            if (pending.IsComplete)
            {
                replyTo?.Tell(new EventFired(pending.ResultsJson));
                return;
            }
            var id = ++_lastFire;
            (_fires ??= new())[id] = pending;
            foreach (var target in targets)
                _state.Work.Send(target, new ContextProtocol.FireEvent(id, name, argumentsJson) { Waking = waking && target.Equals(_regular.Actor) }, Self);
        }
        // A suspended event page that listened for the event is woken to hear it, as browsers do for persistent listeners;
        // a background still starting (the extension's load, when a host script fires) hears it once it has loaded. A
        // service worker started so hears it only in the listeners its initial evaluation added.
        if ((_state.BackgroundIsLazy && _regular.Actor is null && _state.PrimedEvents.Contains(name)) || (_regular.Actor is not null && !_regular.IsLoaded))
        {
            waking = _state.IsServiceWorker;
            WhenLoaded(_regular, Send);
        }
        else Send();
    }

    /// <summary>
    /// What the browser does before it fires some events: a menu click needs an item a user could click and changes its
    /// checked state (<see cref="Apis.MenuClicks"/>), a notification the user closed is gone. Firefox's <c>contextMenus</c>
    /// events are <c>menus</c>' own. Null when the event may go out (as it now reads), else why not.
    /// </summary>
    private string? Browse(ref string name, ref string argumentsJson)
    {
        name = Apis.MenuClicks.EventKey(_state.Flavor, name);
        if (Apis.MenuClicks.IsClickEvent(name))
        {
            var (completed, problem) = Apis.MenuClicks.Complete(_state, argumentsJson);
            if (problem is not null) return problem;
            (name, argumentsJson) = (Apis.MenuClicks.ClickEvent(_state.Flavor), completed!);
        }
        else if (name == Apis.NotificationsApi.OnClosed) Apis.NotificationsApi.ClosedByHost(_state, argumentsJson);
        return null;
    }

    /// <summary>Bad input, named: an event is <c>namespace.onEvent</c>, its arguments a JSON array.</summary>
    private static string? CheckFire(string name, string argumentsJson, int maxDepth)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1 || name.Any(char.IsWhiteSpace))
            return $"cannot fire \"{OneLineText.Escape(name, 80)}\": expected an event name such as tabs.onCreated";
        if (Apis.Schema.ApiSchema.Instance.FindEvent(name) is null)
        {
            var alike = Apis.Schema.ApiSchema.Instance.Namespaces.Values
                .SelectMany(ns => ns.Events.Keys.Select(e => ns.Name + "." + e))
                .FirstOrDefault(e => e.Equals(name, StringComparison.OrdinalIgnoreCase));
            return $"cannot fire \"{OneLineText.Escape(name, 80)}\": the API has no such event" + (alike is null ? "" : $" (did you mean {alike}?)");
        }
        try
        {
            using var arguments = System.Text.Json.JsonDocument.Parse(argumentsJson, new System.Text.Json.JsonDocumentOptions { MaxDepth = maxDepth });
            return arguments.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
                ? null
                : $"arguments of {name}: expected a JSON array, got {arguments.RootElement.ValueKind.ToString().ToLowerInvariant()}";
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Where, in the runtime's words: the reader's own message is .NET's.
            return $"arguments of {name}: expected a JSON array (nested at most {maxDepth} deep), invalid at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
        }
    }

    private void OnListenersAnswered(ContextProtocol.ListenersAnswered answered)
    {
        if (_fires is null || !_fires.TryGetValue(answered.FireId, out var pending)) return;
        pending.Answers[Sender] = answered.Results;
        Complete(answered.FireId, pending);
    }

    /// <summary>A context stopped while a fire waited for it: it answers nothing.</summary>
    private void FiringContextStopped(IActorRef context)
    {
        if (_fires is null) return;
        foreach (var (id, pending) in _fires.Where(f => f.Value.Targets.Contains(context)).ToList())
        {
            pending.Answers.TryAdd(context, []);
            Complete(id, pending);
        }
    }

    private void Complete(long id, PendingFire pending)
    {
        if (!pending.IsComplete) return;
        _fires!.Remove(id);
        pending.ReplyTo?.Tell(new EventFired(pending.ResultsJson));
    }
}
