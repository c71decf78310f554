using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Akka.Actor;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// Runs a request the host issues (<see cref="RequestLifecycle"/>) on the extension's loop turn (<see cref="HostTurns"/>):
/// each event goes straight to the listeners of every context, so a request whose listeners answer at once runs its whole
/// lifecycle in one turn. A listener answering with a promise (Firefox's blocking answers) is awaited: the request goes on
/// from the turn where the promise settles. An event page that is suspended but listened for the event is woken first,
/// as the supervisor wakes it for any event it fires; the request goes on once it has loaded.
/// </summary>
internal sealed class RequestTurns
{
    private static readonly Task<string> NoAnswers = Task.FromResult("[]");
    private static readonly List<(ContextRealm, ExtensionEvent)> NoneListening = [];

    private readonly ExtensionKernel _extension;
    private readonly IActorRef _turns;
    // The request's details are read into the engine at each event; its URL, method and headers are read once.
    private readonly RuntimeJsonReader _json;
    private bool _backgroundNoted;

    private RequestTurns(ExtensionKernel extension, IActorRef turns)
    {
        _extension = extension;
        _turns = turns;
        _json = new RuntimeJsonReader(extension.Options.MaxMessageDepth);
    }

    /// <summary>The event the request is at (what a listener's promise that never settles holds up).</summary>
    public string CurrentEvent { get; private set; } = "webRequest.onBeforeRequest";

    /// <summary>Starts the request on a turn of the extension's loop: its result, and what it is at.</summary>
    public static (Task<RequestResult> Result, RequestTurns Events) Start(ExtensionKernel extension, IActorRef turns, string url, string detailsJson)
    {
        var done = new TaskCompletionSource<RequestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new RequestTurns(extension, turns);
        extension.Work.Send(turns, new HostTurns.Run(() => _ = events.RunAsync(url, detailsJson, done),
            reason => done.TrySetException(new ExtensionFailedException($"extension \"{extension.Package.Id}\" was stopped: {reason}"))));
        return (done.Task, events);
    }

    /// <summary>
    /// Fires one event of a request that goes through several extensions (<see cref="BrowserRequests"/>) on a turn of this
    /// extension's loop; the listeners' results as a JSON array. The task completes on that turn (its continuation runs
    /// there, so the request goes on before the turn ends and the extensions never look settled in between).
    /// </summary>
    public static Task<string> FireOnTurn(ExtensionKernel extension, IActorRef turns, string eventName, Func<string> argumentsJson)
    {
        var done = new TaskCompletionSource<string>();
        var events = new RequestTurns(extension, turns);
        extension.Work.Send(turns, new HostTurns.Run(() =>
        {
            try
            {
                // Settled as the fire ended (answered, failed or cancelled): a cancelled fire must not leave the request hanging.
                events.Fire(eventName, argumentsJson).ContinueWith(answered => done.TrySetFromTask(answered), TaskContinuationOptions.ExecuteSynchronously);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }, reason => done.TrySetException(new ExtensionFailedException($"extension \"{extension.Package.Id}\" was stopped: {reason}"))));
        return done.Task;
    }

    private async Task RunAsync(string url, string detailsJson, TaskCompletionSource<RequestResult> done)
    {
        try
        {
            done.TrySetResult(await new RequestLifecycle(_extension, Fire).RunAsync(url, detailsJson));
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }

    /// <summary>Fires one event on the turn; the listeners' results as a JSON array, at once unless a promise is pending.</summary>
    private Task<string> Fire(string eventName, Func<string> argumentsJson)
    {
        CurrentEvent = eventName;
        if (_extension.HaltReason is { } halted) throw new ExtensionFailedException($"extension \"{_extension.Package.Id}\" was stopped: {halted}");
        if (!MustWake(eventName)) return Dispatch(eventName, argumentsJson);
        var woken = new TaskCompletionSource<string>();
        _extension.Work.Send(_turns, new HostTurns.WakeBackground(_ =>
        {
            _backgroundNoted = false;
            var answered = Dispatch(eventName, argumentsJson);
            if (answered.IsCompleted) woken.SetResult(answered.Result);
            else answered.ContinueWith(t => woken.SetResult(t.Result), TaskContinuationOptions.ExecuteSynchronously);
        }, reason => woken.TrySetException(new ExtensionFailedException($"extension \"{_extension.Package.Id}\" was stopped: {reason}"))));
        return woken.Task;
    }

    /// <summary>
    /// As the supervisor decides for the events it fires: a suspended event page that listened for the event is woken to
    /// hear it, and a background still starting is waited for.
    /// </summary>
    private bool MustWake(string eventName)
    {
        if (!_extension.HasBackground) return false;
        return _extension.RegularBackground.Phase == BackgroundPhase.Starting
            || (_extension.BackgroundIsLazy && _extension.Background is null && _extension.PrimedEvents.Contains(eventName));
    }

    /// <summary>The listeners of every context (backgrounds first, then pages in the order they opened), each answer as JSON.</summary>
    private Task<string> Dispatch(string eventName, Func<string> arguments)
    {
        var listening = Listening(eventName);
        // An event nobody listens to costs nothing more: its details are not even written.
        if (listening.Count == 0) return NoAnswers;
        var argumentsJson = arguments();
        var answers = new List<string?[]>(listening.Count);
        var pending = 0;
        TaskCompletionSource<string>? later = null;
        string Joined() => "[" + string.Join(",", answers.SelectMany(a => a)) + "]";
        foreach (var (realm, ev) in listening)
        {
            NoteActivity(realm);
            List<JsValue?> results;
            try
            {
                results = ev.Dispatch(_json.ReadArray(realm.Engine, argumentsJson) ?? EventArguments.FromJsonArray(argumentsJson)(realm.Engine));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A runaway listener: reported where it ran, and it answers nothing (as a context recovering from it).
                _extension.RecoverAll(ex);
                realm.Log("error", ErrorReport.Describe(ex));
                continue;
            }
            var own = new string?[results.Count];
            answers.Add(own);
            for (var i = 0; i < results.Count; i++)
            {
                var index = i;
                if (results[i] is ObjectInstance thenable && thenable.Get("then") is var then && then.IsCallable())
                {
                    pending++;
                    void Answered(JsValue? value)
                    {
                        own[index] = Json(value);
                        // Settled on some later turn: the request goes on as a task of that turn, not inside the promise's job.
                        if (--pending == 0 && later is { } waiting) _extension.Loop.Post(realm, () => waiting.SetResult(Joined()));
                    }
                    var engine = realm.Engine;
                    engine.Call(then, thenable, [
                        new ClrFunction(engine, "", (_, args) => { Answered(args.Length > 0 ? args[0] : JsValue.Undefined); return JsValue.Undefined; }),
                        new ClrFunction(engine, "", (_, args) =>
                        {
                            realm.ReportListenerRejection(args.Length > 0 ? args[0] : JsValue.Undefined);
                            Answered(null);
                            return JsValue.Undefined;
                        }),
                    ]);
                }
                else own[i] = Json(results[i]);
            }
        }
        // Promises already settled answer now, as the jobs of this turn run.
        if (pending > 0) _extension.DrainJobs(listening[0].Realm);
        if (pending == 0) return Task.FromResult(Joined());
        later = new TaskCompletionSource<string>();
        _backgroundNoted = false; // the request goes on from another turn
        return later.Task;
    }

    /// <summary>
    /// An event the background listens to is its activity (a suspension under way is canceled), as in browsers: noted once
    /// per turn of the request (its events of one turn are one moment; reading the clock is a system call on some VMs).
    /// </summary>
    private void NoteActivity(ContextRealm realm)
    {
        var regular = realm.Info is { Kind: ContextKind.Background, IsPrivate: false };
        if (regular && _backgroundNoted) return;
        _extension.NoteBackgroundActivity(realm.Info);
        _backgroundNoted |= regular;
    }

    private string Json(JsValue? value) => value is null || value.IsUndefined() ? "null" : ApiValueJson.Value(value, _extension.Options.MaxMessageDepth);

    private List<(ContextRealm Realm, ExtensionEvent Event)> Listening(string eventName)
    {
        // Most events of a request have no listener anywhere: no list is made for them.
        List<(ContextRealm, ExtensionEvent)>? listening = null;
        void Add(ContextRealm? realm)
        {
            if (realm is { IsDead: false } && realm.Info.Kind != ContextKind.WebPage && realm.Event(eventName) is { HasListeners: true } ev
                && !(listening?.Exists(l => ReferenceEquals(l.Item1, realm)) ?? false))
                (listening ??= new(2)).Add((realm, ev));
        }
        Add(_extension.Background);
        Add(_extension.IncognitoBackground);
        foreach (var realm in _extension.Realms) Add(realm);
        return listening ?? NoneListening;
    }
}
