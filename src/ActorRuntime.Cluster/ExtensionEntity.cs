using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
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
    private readonly List<ConsoleEntry> _lines = new();
    private ExtensionState? _state;
    private IActorRef? _supervisor;
    private string? _missing;

    public ExtensionEntity(ExtensionCatalog catalog, RuntimeOptions options)
    {
        _catalog = catalog;
        _options = options;
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ExtensionCatalog catalog, RuntimeOptions options) => Akka.Actor.Props.Create<ExtensionEntity>(catalog, options);

    private sealed record Started : INoSerializationVerificationNeeded;

    private sealed record Done : INoSerializationVerificationNeeded;

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
                lock (_lines) _lines.Add(entry);
            },
        };
        (_state, _supervisor) = ExtensionSpawner.Spawn(Context, package, options, flavor: null, "supervisor");
        _log.Info("activated {0}", id);
        // Another node may have run this extension before: the install record in storage decides onInstalled.
        _supervisor.Ask<SupervisorProtocol.Started>(new SupervisorProtocol.Start(RememberInstall: true), _options.AskTimeout)
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
                Sender.Tell(new OperationResult(null, ErrorKind.Request, $"the command has no {field}", []));
                break;
            case ExtensionCommand command when _missing is not null:
                Sender.Tell(new OperationResult(null, ErrorKind.Request, _missing, []));
                break;
            case ExtensionCommand command:
                var replyTo = Sender;
                var self = Self;
                Become(Busy);
                AnswerAsync(command, self).PipeTo(replyTo, self);
                break;
            case ExtensionSupervisor.Protocol.ExtensionIdle:
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
                break;
            default:
                Unhandled(message);
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
    internal static (ErrorKind Kind, string Message) Failure(Exception exception, TimeSpan askTimeout) => exception switch
    {
        ScriptFailureException => (ErrorKind.Script, exception.Message),
        ExtensionRequestException => (ErrorKind.Request, exception.Message),
        ExtensionFailedException => (ErrorKind.Failed, exception.Message),
        AskTimeoutException => (ErrorKind.Failed, $"the extension did not answer within {askTimeout.TotalSeconds:0} s (actorruntime.ask-timeout)"),
        _ => (ErrorKind.Failed, "the extension failed unexpectedly: " + OneLineText.Escape(exception.Message, 500)),
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
        try
        {
            return await PerformAsync(command);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "{0} on {1} failed unexpectedly", command.Kind, command.ExtensionId);
            var (kind, message) = Failure(ex, _options.AskTimeout);
            return new OperationResult(null, kind, message, []);
        }
        finally
        {
            self.Tell(new Done());
        }
    }

    private async Task<OperationResult> PerformAsync(ExtensionCommand command)
    {
        var supervisor = _supervisor!;
        var timeout = _options.AskTimeout;
        string? value = null;
        var error = ErrorKind.None;
        string? errorMessage = null;
        long? mark = null;
        try
        {
            value = command.Kind switch
            {
                OperationKind.Open => (await supervisor.Ask<SupervisorProtocol.ViewOpened>(new SupervisorProtocol.OpenView(command.Argument, command.Private), timeout)).Label,
                OperationKind.Evaluate => await EvaluateAsync(),
                OperationKind.Close => (await supervisor.Ask<ContextActor.Protocol.Closed>(new SupervisorProtocol.CloseView(command.Argument), timeout)).Label,
                _ => command.ExtensionId,
            };
        }
        catch (Exception ex)
        {
            (error, errorMessage) = Failure(ex, timeout);
            mark = (ex as ScriptFailureException)?.ConsoleMark;
        }
        try
        {
            // Bounded well inside the caller's ask: a busy extension still answers, with the lines printed so far.
            await _state!.WaitSettledAsync(_options.SettleTimeout);
        }
        catch (TimeoutException)
        {
            // Still busy (a long timer chain): answer with what was printed so far.
        }
        ConsoleEntry[] lines;
        lock (_lines)
        {
            lines = _lines.ToArray();
            _lines.Clear();
        }
        int? before = mark is { } m ? lines.Count(line => line.Sequence <= m) : null;
        return new OperationResult(value, error, errorMessage, lines.Select(line => line.ToString()).ToArray(), before);

        async Task<string> EvaluateAsync()
        {
            var evaluated = await supervisor.Ask<ContextActor.Protocol.Evaluated>(new SupervisorProtocol.Evaluate(command.Argument, command.Code), timeout);
            mark = evaluated.ConsoleMark;
            return evaluated.Result;
        }
    }

}
