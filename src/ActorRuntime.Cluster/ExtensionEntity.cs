using ActorRuntime.Kernel;
using System.Globalization;
using System.Text.Json;
using ActorRuntime.Lifecycle;
using System.Diagnostics;
using ActorRuntime.Telemetry;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using static ActorRuntime.Cluster.ClusterProtocol;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Cluster;

/// <summary>
/// The sharded entity of one extension (entity id = extension id): starts the extension's supervisor on
/// this node (firing install/startup), performs one operation at a time for remote clients, and answers
/// each with the console lines the extension printed until it settled. Passivates when the extension is
/// idle (event page suspended, no views open).
/// </summary>
public sealed class ExtensionEntity : UntypedActor, IWithUnboundedStash
{
    private readonly ExtensionCatalog _catalog;
    private readonly RuntimeOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The console lines since the last answer, and the extension's API calls once a client asked for them
    // (ExtensionCommand.RecordCalls); bounded (actorruntime.cluster.held-output). The calls of its start are kept until the
    // first command says whether its client wants them (run --calls prints them too).
    private readonly HeldOutput _held;
    private volatile bool _recordCalls = true;
    private bool _firstCommandSeen;
    private LoadedExtension? _extension;
    private string? _missing;

    public ExtensionEntity(ExtensionCatalog catalog, RuntimeOptions options)
    {
        _catalog = catalog;
        _options = options;
        _held = new HeldOutput(HeldOutputSettings.FromConfig(Context.System.Settings.Config));
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ExtensionCatalog catalog, RuntimeOptions options) => Akka.Actor.Props.Create<ExtensionEntity>(catalog, options);

    private sealed record Started : INoSerializationVerificationNeeded;

    private sealed record Done : INoSerializationVerificationNeeded;

    /// <summary>
    /// The shard's stop message when this entity passivates or is handed off: handled like a command (stashed while one
    /// is under way), so a command the shard delivered before it is answered first, where a PoisonPill would cut it off.
    /// </summary>
    internal sealed record StopEntity : INoSerializationVerificationNeeded
    {
        public static readonly StopEntity Instance = new();
    }

    private IActorRef? _unloadedBy;

    // What the status page shows of this node: this extension's phase, console lines, activations and wakes.
    private readonly NodeStatusBoard _status = NodeStatusBoard.For(Context.System);

    protected override void PostStop()
    {
        if (_extension is not null) _status.Deactivated(_extension.Id, _extension.State);
    }

    protected override void PreStart()
    {
        var id = Uri.UnescapeDataString(Self.Path.Name);
        if (_catalog.Find(id) is not { } package)
        {
            _missing = $"no extension \"{id}\" is installed on this cluster (installed: {string.Join(", ", _catalog.Ids.Order(StringComparer.Ordinal).DefaultIfEmpty("none"))})";
            return;
        }
        var options = _options with
        {
            Console = entry =>
            {
                _options.Console(entry);
                _held.Add(entry);
                _status.Console(id, entry);
            },
            CallLog = new Kernel.ApiCallLog { Receiver = RecordCall },
        };
        var spawned = ExtensionSpawner.Spawn(Context, package, options, flavor: null, "supervisor");
        _extension = new LoadedExtension(spawned, options.AskTimeout);
        _status.Activated(id, _extension.State, _extension.Supervisor);
        _log.Info("activated {ExtensionId}", id);
        // Another node may have run this extension before: the install record in storage decides onInstalled.
        spawned.Supervisor.Ask<SupervisorProtocol.Started>(new SupervisorProtocol.Start(RememberInstall: true), _options.AskTimeout)
            .PipeTo(Self, success: _ => new Started(), failure: ex => new Status.Failure(ex));
        Become(Starting);
    }

    private void Starting(object message)
    {
        switch (message)
        {
            case Started:
                Become(Ready);
                Stash.UnstashAll();
                break;
            case Status.Failure failure:
                _missing = "the extension failed to start: " + failure.Cause.Message;
                Become(Ready);
                Stash.UnstashAll();
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    protected override void OnReceive(object message) => Ready(message);

    private void Ready(object message)
    {
        switch (message)
        {
            case ExtensionCommand command when MissingField(command) is { } field:
                Sender.Tell(new OperationResult(null, ErrorCodes.Request, $"the command has no {field}", []));
                break;
            case ExtensionCommand command when _missing is not null:
                Sender.Tell(new OperationResult(null, ErrorCodes.Request, _missing, []));
                break;
            case ExtensionCommand { Kind: OperationKind.Unload }:
                // Answered once the entity stops: a request sent after the answer reaches a fresh entity, never this one.
                _unloadedBy = Sender;
                Context.Parent.Tell(new Passivate(StopEntity.Instance));
                Become(Unloading);
                break;
            case ExtensionCommand command:
                var replyTo = Sender;
                var self = Self;
                Become(Busy);
                AnswerAsync(command, self).PipeTo(replyTo, self);
                break;
            // An extension answering requests with responses registered for it stays, and so does one with an alarm
            // pending: they would go with the entity.
            case ExtensionSupervisor.Protocol.ExtensionIdle when _extension?.State is not { } state || (!state.Network.HasRegistrationsOfItsOwn && !state.HasPendingAlarms):
                Context.Parent.Tell(new Passivate(StopEntity.Instance));
                break;
            case ExtensionSupervisor.Protocol.ExtensionIdle:
                break;
            case StopEntity:
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// Unloading: commands delivered before the shard took the passivation go back through it (it holds them for the
    /// entity that starts next); the stop answers the unload with the lines printed until then.
    /// </summary>
    private void Unloading(object message)
    {
        switch (message)
        {
            case ExtensionCommand:
                Context.Parent.Forward(message);
                break;
            case StopEntity:
                _unloadedBy?.Tell(new OperationResult(Uri.UnescapeDataString(Self.Path.Name), null, null, _held.Take().Lines, Settled: true));
                Context.Stop(Self);
                break;
        }
    }

    private void Busy(object message)
    {
        if (message is Done)
        {
            Become(Ready);
            Stash.UnstashAll();
        }
        else Stash.Stash();
    }

    /// <summary>How a failed command is answered: the runtime's own failures as they are, anything else as unexpected.</summary>
    internal static (string Code, string Message) Failure(Exception exception, TimeSpan askTimeout) => exception switch
    {
        ActorRuntimeException known => (known.Code, exception.Message),
        AskTimeoutException => (ErrorCodes.Timeout, LoadedExtension.NotAnswered(askTimeout)),
        _ => (ErrorCodes.Failed, "the extension failed unexpectedly: " + OneLineText.Escape(exception.Message, 500)),
    };

    /// <summary>The first field of a command that is missing (a client of the wire can send nulls), or null.</summary>
    internal static string? MissingField(ExtensionCommand command) =>
        command.ExtensionId is null ? nameof(command.ExtensionId)
        : command.Argument is null ? nameof(command.Argument)
        : command.Code is null ? nameof(command.Code)
        : null;

    /// <summary>Always answers, and always frees the entity for the next command, whatever the command threw.</summary>
    private async Task<OperationResult> AnswerAsync(ExtensionCommand command, IActorRef self)
    {
        // The request's handling on this node, a child of the span the command was sent in (on another node, or this one).
        using var activity = RuntimeTelemetry.StartRequest(command.Kind.ToString(), command.ExtensionId, ActivityKind.Server,
            RuntimeTelemetry.ParentFrom(command.TraceParent, command.TraceState));
        try
        {
            var result = await PerformAsync(command);
            if (result.ErrorCode is { } failed) activity?.SetStatus(ActivityStatusCode.Error, failed);
            return result;
        }
        catch (Exception ex)
        {
            _log.Error(ex, "{Operation} on {ExtensionId} failed unexpectedly", command.Kind, command.ExtensionId);
            var (code, message) = Failure(ex, _options.AskTimeout);
            return new OperationResult(null, code, message, []);
        }
        finally
        {
            self.Tell(new Done());
        }
    }

    private void RecordCall(ApiCallRecord call)
    {
        if (_recordCalls) _held.Add(call);
    }

    private async Task<OperationResult> PerformAsync(ExtensionCommand command)
    {
        if (!_firstCommandSeen)
        {
            _firstCommandSeen = true;
            _recordCalls = command.RecordCalls;
            if (!command.RecordCalls) _held.ClearCalls();
        }
        if (command.RecordCalls) _recordCalls = true;
        var extension = _extension!;
        string? value = null;
        string? code = null;
        string? errorMessage = null;
        long? mark = null;
        var settleTimeout = _options.SettleTimeout;
        try
        {
            switch (command.Kind)
            {
                case OperationKind.Open:
                    value = await extension.OpenAsync(command.Argument, command.Private, pageHtml: command.Code.Length > 0 ? command.Code : null);
                    break;
                case OperationKind.Evaluate:
                    var evaluation = await extension.EvaluateMarkedAsync(command.Argument, command.Code);
                    (value, mark) = (evaluation.Json, evaluation.ConsoleMark);
                    break;
                case OperationKind.Act:
                    var action = JsonSerializer.Deserialize<WireAction>(command.Code) ?? throw new ExtensionRequestException("the page action is missing");
                    var acted = await extension.ActAsync(command.Argument, new PageAction(action.Kind, action.Selector, action.Value));
                    (value, mark) = (JsonSerializer.Serialize(new WireActed(acted.Output, acted.Problem)), acted.ConsoleMark);
                    break;
                case OperationKind.Respond:
                    WireResponse response;
                    try
                    {
                        response = JsonSerializer.Deserialize<WireResponse>(command.Code) ?? throw new ExtensionRequestException("the response is missing");
                    }
                    catch (JsonException ex)
                    {
                        throw new ExtensionRequestException("the response is not readable: " + OneLineText.Escape(ex.Message, 200));
                    }
                    extension.Respond(command.Argument, response.ToSpec());
                    value = command.Argument;
                    break;
                case OperationKind.Close:
                    await extension.CloseAsync(command.Argument);
                    value = command.Argument;
                    break;
                case OperationKind.Contexts:
                    value = JsonSerializer.Serialize(await extension.ContextsAsync());
                    break;
                case OperationKind.DispatchEvent:
                    await extension.DispatchEventAsync(command.Argument, command.Code);
                    value = command.Argument;
                    break;
                case OperationKind.Fire:
                    value = await extension.FireAsync(command.Argument, command.Code);
                    break;
                case OperationKind.Menus:
                    value = extension.Menus();
                    break;
                case OperationKind.RuntimeContexts:
                    value = await extension.RuntimeContextsAsync();
                    break;
                case OperationKind.Request:
                    value = JsonSerializer.Serialize(await extension.RequestAsync(command.Argument, command.Code));
                    break;
                case OperationKind.HostScript:
                    extension.RunHostScript(command.Code, command.Argument);
                    value = command.Argument;
                    break;
                case OperationKind.ActionClick:
                    value = JsonSerializer.Serialize(await extension.ClickActionAsync(TabOf(command)));
                    break;
                case OperationKind.Terminate:
                    value = (await extension.TerminateAsync(command.Argument)) ? "true" : "false";
                    break;
                case OperationKind.ActionState:
                    value = JsonSerializer.Serialize(extension.Action(TabOf(command)));
                    break;
                case OperationKind.Settle when long.TryParse(command.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds):
                    settleTimeout = TimeSpan.FromMilliseconds(Math.Min(milliseconds, (long)settleTimeout.TotalMilliseconds));
                    break;
                case OperationKind.Settle:
                    break;
                default:
                    throw new ExtensionRequestException($"unknown operation {(int)command.Kind}");
            }
        }
        catch (Exception ex)
        {
            (code, errorMessage) = Failure(ex, _options.AskTimeout);
            mark = (ex as ScriptFailureException)?.ConsoleMark;
        }
        // Bounded well inside the caller's ask: a busy extension still answers, with the lines printed so far.
        var settled = await extension.TrySettleAsync(settleTimeout);
        if (command.Kind == OperationKind.Settle && code is null) value = settled ? "true" : "false";
        var (lines, calls) = _held.Take();
        int? before = mark is { } m ? lines.Count(line => line.Sequence <= m) : null;
        return new OperationResult(value, code, errorMessage, lines, before, settled, calls, mark);
    }

    /// <summary>The tab a command names (its argument), or null for the active tab.</summary>
    private static int? TabOf(ExtensionCommand command) =>
        command.Argument.Length == 0 ? null
        : int.TryParse(command.Argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tabId) ? tabId
        : throw new ExtensionRequestException($"expected a tab id, got \"{OneLineText.Escape(command.Argument, 40)}\"");
}
