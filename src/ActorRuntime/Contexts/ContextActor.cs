using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using ActorRuntime.Scripting;
using Akka.Actor;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;
using static ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Contexts;

/// <summary>
/// One extension context (background, popup, options, sidebar, tab, content script): owns its Jint
/// engine and touches it, or any other engine of its extension, only while it holds the extension's
/// event-loop turn. Work that arrives while another context holds the turn waits in order.
/// </summary>
internal sealed partial class ContextActor : UntypedActor, IContextHost
{
    private readonly ExtensionKernel _extension;
    // Changed only by a navigation (ContextActor.Navigation.cs): the label stays, the page and its URL change.
    private ContextInfo _info;
    private ContextSource _source;
    private readonly Queue<(object Message, IActorRef Sender)> _pending = new();
    private readonly PendingRequests _requests;
    private readonly ContextTimers _timers;
    private ContextRealm? _realm;
    private Dom.DomBinding? _dom;

    /// <summary>A tab's web page world (its own scripts and globals), beside the content scripts' world.</summary>
    private ContextRealm? _webPage;
    private string? _loadFailure;

    // Captured once: API calls of this context may run on another context's turn (a message delivered as a posted
    // task), where Akka's Self would name the actor whose thread it is.
    private readonly IActorRef _self;
    private bool _waitingForTurn;
    private bool _closed;

    public ContextActor(ExtensionKernel extension, ContextInfo info, ContextSource source, AnswerWhenLoaded? wake = null)
    {
        _extension = extension;
        _info = info;
        _source = source;
        _wake = wake;
        _self = Self;
        _timers = new ContextTimers(extension, id => _self.Tell(new Protocol.TimerDue(id)));
        _requests = new PendingRequests(extension);
        _handlePending = HandlePending;
        _nextHolder = NextHolder;
    }

    // Made once: a turn runs on every message, and a method group would allocate its delegate each time.
    private readonly Action _handlePending;
    private readonly Func<IActorRef?> _nextHolder;

    // Untyped: a ReceiveActor builds its handler table per instance, paid again on every wake.
    protected override void OnReceive(object message)
    {
        if (_extension.HaltReason is { } halted && message is not LoopTurn)
        {
            RefuseHalted(message, Sender, halted);
            return;
        }
        if (message is LoopTurn)
        {
            _waitingForTurn = false;
            RunTurn();
        }
        else
            Schedule(message, Sender);
    }

    /// <summary>
    /// How the supervisor spawns a context; <paramref name="wake"/>: the wake a service worker is started for, answered by
    /// the worker itself on the turn its script ran.
    /// </summary>
    internal static Props Props(ExtensionKernel extension, ContextInfo info, ContextSource source, AnswerWhenLoaded? wake = null) =>
        // A producer, not a constructor expression (Akka compiles its arguments on every spawn) nor arguments (matched to
        // the constructor by reflection on every spawn): a wake pays for either.
        Akka.Actor.Props.CreateBy(new Producer(extension, info, source, wake));

    private sealed class Producer(ExtensionKernel extension, ContextInfo info, ContextSource source, AnswerWhenLoaded? wake) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ContextActor);

        public ActorBase Produce() => new ContextActor(extension, info, source, wake);

        public void Release(ActorBase actor)
        {
        }
    }

    ContextRealm IContextHost.Realm => _realm!;
    ExtensionKernel IContextHost.Extension => _extension;
    ContextTimers IContextHost.Timers => _timers;

    protected override void PreStart() => Schedule(Load.Instance, Context.Parent);

    /// <summary>The extension was stopped as a whole: requests hear why; the supervisor's <see cref="StopHalted"/> stops this actor.</summary>
    private void RefuseHalted(object message, IActorRef sender, string halted)
    {
        if (message is StopHalted)
        {
            Context.Stop(Self);
            return;
        }
        if (Counted.Unwrap(message) is Evaluate or Act)
            sender.Tell(new Status.Failure(new ExtensionFailedException($"extension \"{_extension.Package.Id}\" was stopped: {halted}")));
        // Answered first, then no longer outstanding, as when a context handles it. Loading counted as work until the
        // supervisor took its Loaded message, which a context stopped before it loaded never sends.
        if (message is Counted counted) _extension.Work.Drop(counted);
        else if (message is Load) _extension.Work.End();
    }

    protected override void PostStop()
    {
        _timers.CancelAll();
        // Stopped with the whole extension: evaluations still queued hear why rather than waiting for their timeout.
        if (_extension.HaltReason is { } halted)
        {
            _requests.Abandon();
            while (_pending.TryDequeue(out var work))
                RefuseHalted(work.Message, work.Sender, halted);
        }
        else
        {
            // Stopped without a close (its supervisor stopped, or it failed outside a script): the work its queued
            // messages and open requests were counted as ends here, or the extension would never be seen settled.
            _requests.Abandon();
            while (_pending.TryDequeue(out var work))
            {
                if (Counted.Unwrap(work.Message) is Evaluate or Act)
                    work.Sender.Tell(new Status.Failure(new ExtensionRequestException($"\"{_info.Label}\" stopped before it could evaluate")));
                if (work.Message is Counted counted) _extension.Work.Drop(counted);
                else if (work.Message is Load) _extension.Work.End();
            }
        }
        // Stopped without a Close turn (the supervisor went away): mark the realm dead so proxies into it throw.
        if (_realm is { IsDead: false } realm) realm.Kill();
        if (_webPage is { IsDead: false } page) page.Kill();
        EndRequestedClose();
    }

    private void Schedule(object message, IActorRef sender)
    {
        _pending.Enqueue((message, sender));
        if (_waitingForTurn) return;
        if (_extension.Loop.TryEnter(Self)) RunTurn();
        else _waitingForTurn = true;
    }

    /// <summary>How often a deferred extension looks again whether its CPU share lets it run.</summary>
    private static readonly TimeSpan DeferStep = TimeSpan.FromMilliseconds(50);

    private void RunTurn()
    {
        if (_extension.TryRunTurn(_handlePending, _nextHolder)) return;
        // Over the extension's CPU share: this context keeps the turn and looks again later.
        _waitingForTurn = true;
        Context.System.Scheduler.ScheduleTellOnce(DeferStep, _self, LoopTurn.Instance, ActorRefs.NoSender);
    }

    private void HandlePending()
    {
        while (!_closed && _pending.TryDequeue(out var work)) Handle(work.Message, work.Sender);
    }

    /// <summary>Who takes the turn when posted tasks are left: this context, or (closing, it cannot take it back) a live one.</summary>
    private IActorRef? NextHolder() => _closed ? _extension.Realms.FirstOrDefault(r => !r.IsDead)?.Owner : _self;

    private void Handle(object message, IActorRef sender)
    {
        if (message is not Counted counted)
        {
            HandleMessage(message, sender);
            return;
        }
        using (_extension.Work.Accept(counted))
        using (StartHandling(counted))
            HandleMessage(counted.Message, sender);
    }

    /// <summary>A traced request's message: its handling in this context as a span (null when it was not traced).</summary>
    private System.Diagnostics.Activity? StartHandling(Counted counted)
    {
        var activity = Telemetry.RuntimeTelemetry.StartHandling("context", counted.Parent, counted.Message, _extension.Package.Id);
        activity?.SetTag(Telemetry.RuntimeTelemetry.ContextLabelAttribute, _info.Label);
        activity?.SetTag(Telemetry.RuntimeTelemetry.ContextKindAttribute, _info.Kind.ToString().ToLowerInvariant());
        return activity;
    }

    private void HandleMessage(object message, IActorRef sender)
    {
        _extension.Budget.Arm();
        try
        {
            switch (message)
            {
                case Load: LoadScripts(sender); break;
                case Evaluate evaluate: EvaluateInput(evaluate, sender); break;
                case Act act: PerformAction(act.Action, sender); break;
                case SupervisorSignals.BackgroundPageReply reply: AnswerBackgroundRequest(reply); break;
                case TimerDue due: _timers.Run(due.Id); break;
                case AnswerWhenLoaded answer: AnswerRequester(answer); break;
                case Storage.ExtensionStorage.Protocol.StorageAnswer answer: _requests.Complete(answer.RequestId, answer); break;
                case NetworkAnswered answered: NetworkAnswerArrived(answered); break;
                case TaskCompleted completed: _requests.Complete(completed.RequestId, completed.Task); break;
                case DispatchEvent dispatch: Dispatch(dispatch, sender); break;
                case FireEvent fire: Fire(fire, sender); break;
                case WorkerLifecycle lifecycle: (_realm?.WorkerScope as Dom.ServiceWorkerScope)?.FireLifecycle(lifecycle.Type); break;
                case Close close: Unload(close, sender); return;
                case NavigateTo navigate: Navigate(navigate.Url); break;
                case Apis.Injection.TabInjection injection: Inject(injection); break;
                default: Unhandled(message); return;
            }
            _extension.DrainJobs(_realm!);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A runaway script or an error escaping a job: report it and keep the context (and extension) alive.
            _extension.RecoverAll(ex);
            _realm?.Log("error", ErrorReport.Describe(ex));
        }
    }

    private void EvaluateInput(Evaluate evaluate, IActorRef replyTo)
    {
        var realm = _realm!;
        JsValue result;
        try
        {
            result = realm.EvaluateConsoleInput(evaluate.Code);
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            _extension.RecoverAll(ex);
            var failure = ErrorReport.Describe(ex);
            _extension.ReplyAfterJobs(replyTo, mark => new Status.Failure(new ScriptFailureException(failure) { ConsoleMark = mark }));
            return;
        }

        if (result is ObjectInstance obj && obj.Get("then") is var then && then.IsCallable())
        {
            // A promise (or a proxied one): reply when it settles, on whichever later turn that happens.
            var engine = realm.Engine;
            var onFulfilled = new ClrFunction(engine, "", (_, args) =>
            {
                ReplyFormatted(realm, args.Length > 0 ? args[0] : JsValue.Undefined, replyTo);
                return JsValue.Undefined;
            });
            var onRejected = new ClrFunction(engine, "", (_, args) =>
            {
                var reason = args.Length > 0 ? args[0] : JsValue.Undefined;
                var failure = "Uncaught " + ErrorReport.DescribeValue(reason);
                _extension.ReplyAfterJobs(replyTo, mark => new Status.Failure(new ScriptFailureException(failure) { ConsoleMark = mark }));
                return JsValue.Undefined;
            });
            engine.Call(then, obj, [onFulfilled, onRejected]);
            return;
        }
        ReplyFormatted(realm, result, replyTo);
    }

    /// <summary>
    /// The result as text; formatting runs the value's own <c>toJSON</c>, so a script failure there (one that never
    /// returns and is stopped) is the evaluation's failure.
    /// </summary>
    private void ReplyFormatted(ContextRealm realm, JsValue value, IActorRef replyTo)
    {
        string text;
        try
        {
            text = realm.Format(value);
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            _extension.RecoverAll(ex);
            var failure = ErrorReport.Describe(ex);
            _extension.ReplyAfterJobs(replyTo, mark => new Status.Failure(new ScriptFailureException(failure) { ConsoleMark = mark }));
            return;
        }
        _extension.ReplyAfterJobs(replyTo, mark => new Evaluated(text) { ConsoleMark = mark });
    }


    private void Dispatch(DispatchEvent dispatch, IActorRef sender)
    {
        var realm = _realm!;
        List<JsValue?> results = [];
        void Run() => results = realm.Event(dispatch.Name)?.Dispatch(dispatch.Arguments(realm.Engine)) ?? [];
        if (dispatch.Waking) realm.AsWaking(Run);
        else Run();
        if (dispatch.Token is not { } token) return;
        var label = _info.Label;
        var promises = results.OfType<ObjectInstance>().Where(r => r.Get("then").IsCallable()).ToList();
        // EventHandled counts as work until the supervisor takes it.
        if (promises.Count == 0)
        {
            _extension.Work.Send(sender, new EventHandled(token, label));
            return;
        }
        // Async listeners: report once every returned promise has settled, whichever way.
        var remaining = promises.Count;
        var onSettled = new ClrFunction(realm.Engine, "", (_, _) =>
        {
            if (--remaining != 0) return JsValue.Undefined;
            _extension.Work.Send(sender, new EventHandled(token, label));
            return JsValue.Undefined;
        });
        foreach (var promise in promises) realm.Engine.Call(promise.Get("then"), promise, [onSettled, onSettled]);
    }

    void IContextHost.NoteApiCall()
    {
        _extension.NoteBackgroundActivity(_info);
    }

    void IContextHost.CallStorage(Storage.ExtensionStorage.Protocol.StorageRequest request, Action<Storage.ExtensionStorage.Protocol.StorageAnswer> onAnswer) =>
        _extension.Supervisor.Tell(new Storage.ExtensionStorage.Protocol.Call(_requests.Register(onAnswer), request), _self);

    void IContextHost.Fetch(NetworkRequest request, Action<NetworkResponse?> onAnswer)
    {
        _extension.NetworkRequestStarted();
        var id = _requests.Register<NetworkAnswer>(answer => onAnswer(answer.Response));
        var self = _self;
        var extension = _extension;
        // Answered off the turn (a file may be read), and always on a later turn of this context, as a network answers.
        _ = Task.Run(async () =>
        {
            NetworkResponse? response;
            try
            {
                // Through the webRequest listeners and rules of the browser's extensions, when any takes part.
                response = Apis.WebRequest.BrowserRequests.Answer(extension, request) is { } through
                    ? await through
                    : extension.Network.Answer(request, extension.Package);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                response = null;
            }
            extension.NetworkRequestAnswered();
            self.Tell(new NetworkAnswered(id, response));
        });
    }

    NetworkResponse? IContextHost.FetchNow(NetworkRequest request) => Apis.WebRequest.BrowserRequests.AnswerNow(_extension, request);

    /// <summary>
    /// An answer from the network: at once, or (a response registered with a delay, a slow server) when the runtime's
    /// clock reaches it; meanwhile the request waits as a timer does, not as work the extension is busy with.
    /// </summary>
    private void NetworkAnswerArrived(NetworkAnswered answered)
    {
        if (answered.Response is not { Delay: var delay } response || delay <= TimeSpan.Zero)
        {
            _requests.Complete(answered.RequestId, new NetworkAnswer(answered.Response));
            return;
        }
        var extension = _extension;
        var self = _self;
        var arrived = answered with { Response = response with { Delay = TimeSpan.Zero } };
        _requests.WaitOnClock(answered.RequestId, delay, () => extension.Work.Send(self, arrived));
    }

    /// <summary>A network answer as the pending requests hold it (a network error is a null response, not a missing answer).</summary>
    private sealed record NetworkAnswer(NetworkResponse? Response);

    void IContextHost.Await(Task<string?> task, Action<Task<string?>> onDone)
    {
        var id = _requests.Register(onDone);
        var self = _self;
        task.ContinueWith(done => self.Tell(new TaskCompleted(id, done)), TaskScheduler.Default);
    }
}
