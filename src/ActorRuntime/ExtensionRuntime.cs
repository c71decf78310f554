using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Timing;
using Akka.Actor;
using Akka.Configuration;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime;

/// <summary>
/// The driver tests and benchmarks use: an actor system of its own in which one extension folder may be loaded several
/// times side by side, each load a <see cref="LoadedExtension"/>. Users drive extensions through <see cref="IExtensionRuntime"/>.
/// </summary>
internal sealed class ExtensionRuntime : IAsyncDisposable
{
    private ExtensionRuntime(ActorSystem system, RuntimeOptions options)
    {
        System = system;
        Options = options;
    }

    public ActorSystem System { get; }
    public RuntimeOptions Options { get; }

    /// <summary>Starts an actor system with the shipped defaults, <paramref name="config"/> layered on top.</summary>
    public static ExtensionRuntime Start(RuntimeOptions options, Config? config = null)
    {
        var full = ActorRuntime.Configuration.ShippedConfig.WithDefaults(config ?? Config.Empty);
        full = Storage.StorageSettings.PersistenceConfig(full).WithFallback(full);
        Storage.StorageSettings.PrepareSqliteFolder(full);
        // One browser and one cookie jar for the extensions of the runtime, as one browser has.
        return new ExtensionRuntime(ActorSystem.Create("actorruntime", full), options.WithBrowser().WithOwnCookieJar());
    }

    /// <summary>Loads the extension folder, fires startup (a persistent background runs its scripts) and returns a handle.</summary>
    public async Task<LoadedExtension> LoadAsync(string directory, Flavor? flavor = null)
    {
        var package = ExtensionPackage.Load(directory, Options.Files);
        var spawned = ExtensionSpawner.Spawn(System, package, Options, flavor, ExtensionSpawner.ActorName(package.Id) + "-" + Guid.NewGuid().ToString("N")[..8]);
        await spawned.Supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, Options.AskTimeout);
        return new LoadedExtension(spawned, Options.AskTimeout);
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}

/// <summary>
/// One running extension, driven in this process: what <see cref="IExtensionRuntime"/>'s in-process implementation does
/// for each request. Failures throw the runtime's exceptions; an ask that times out is an <see cref="ExtensionTimeoutException"/>.
/// </summary>
internal sealed class LoadedExtension(SpawnedExtension spawned, TimeSpan askTimeout)
{
    private readonly ExtensionKernel _state = spawned.State;

    internal ExtensionPackage Package => _state.Package;
    internal ExtensionKernel State => _state;
    public string Id => Package.Id;

    /// <summary>The extension's origin in its flavour (<c>moz-extension://&lt;uuid&gt;/</c>, <c>chrome-extension://&lt;id&gt;/</c>).</summary>
    internal string BaseUrl => _state.Identity.BaseUrl;

    /// <summary>What <c>runtime.id</c> answers in its flavour.</summary>
    internal string RuntimeId => _state.Identity.RuntimeId;
    public IActorRef Supervisor { get; } = spawned.Supervisor;

    private Task<T> Ask<T>(object message, CancellationToken cancellationToken = default) =>
        Answer(Supervisor.Ask<T>(message, askTimeout, cancellationToken));

    /// <summary>The ask's answer, or its timeout as the runtime's failure.</summary>
    private async Task<T> Answer<T>(Task<T> ask)
    {
        try
        {
            return await ask;
        }
        catch (AskTimeoutException)
        {
            throw new ExtensionTimeoutException(NotAnswered(askTimeout));
        }
    }

    /// <summary>The line for a request the extension did not answer in time.</summary>
    public static string NotAnswered(TimeSpan askTimeout) => $"the extension did not answer within {askTimeout.TotalSeconds:0} s (actorruntime.ask-timeout)";

    public async Task<string> OpenAsync(string target, bool isPrivate = false, CancellationToken cancellationToken = default, string? pageHtml = null) =>
        (await Ask<SupervisorProtocol.ViewOpened>(new SupervisorProtocol.OpenView(target, isPrivate) { PageHtml = pageHtml }, cancellationToken)).Label;

    /// <summary>The completion value as JSON (a promise is awaited); see <see cref="EvaluateMarkedAsync"/>.</summary>
    public Task<string> EvaluateAsync(string label, string code) => Evaluate(label, code, evaluated => evaluated.Result, CancellationToken.None);

    /// <summary>
    /// The completion value as JSON with its console mark; throws <see cref="ScriptFailureException"/> when it throws or
    /// rejects. On a <see cref="VirtualClock"/>, while the result is pending and nothing else can run, the clock jumps to
    /// the next due timer; when no timer is pending either, the result can never come and
    /// <see cref="EvaluationStalledException"/> is thrown.
    /// </summary>
    public Task<Evaluation> EvaluateMarkedAsync(string label, string code, CancellationToken cancellationToken = default) =>
        Evaluate(label, code, evaluated => new Evaluation(evaluated.Result, evaluated.ConsoleMark), cancellationToken);

    private Task<T> Evaluate<T>(string label, string code, Func<ContextActor.Protocol.Evaluated, T> answer, CancellationToken cancellationToken)
    {
        // The request counts as work until the context takes it, so "settled" cannot be seen while it travels. The ask
        // itself is watched (not a continuation of it): it completes as the reply arrives, before the turn that sent it ends.
        // On the real clock the answer is the caller's task itself: a caller waiting on it is woken by the replying thread.
        var ask = _state.Work.AskDirect(Supervisor, new SupervisorProtocol.Evaluate(label, code), askTimeout, cancellationToken, answer, TimedOut);
        return _state.Clock is VirtualClock ? OnTheClock(ask, $"[{label}] the result never settles: no timer is pending and nothing else can run") : ask;
    }

    private Exception TimedOut() => new ExtensionTimeoutException(NotAnswered(askTimeout));

    /// <summary>
    /// The answer to <paramref name="ask"/>. On a <see cref="VirtualClock"/>, while it is pending and nothing else can run,
    /// the clock jumps to the next due timer; when no timer is pending either, it can never come: <see cref="EvaluationStalledException"/>.
    /// </summary>
    private Task<T> OnTheClock<T>(Task<T> ask, string stalled) => OnTheClock(ask, () => stalled);

    private async Task<T> OnTheClock<T>(Task<T> ask, Func<string> stalled)
    {
        if (_state.Clock is VirtualClock clock)
        {
            while (!ask.IsCompleted)
            {
                // Settled first: a reply is sent before the turn that sends it ends, so a settled loop with no reply means none is coming by itself.
                if (_state.IsSettled && !ask.IsCompleted)
                {
                    if (!await clock.JumpToNextAsync(SettleAsync)) throw new EvaluationStalledException(stalled());
                    continue;
                }
                await Task.WhenAny(ask, _state.WhenSettled());
            }
        }
        return await Answer(ask);
    }

    /// <summary>Fires an event in every running context that listens; the listeners' results as a JSON array (see <see cref="IExtensionRuntime.FireAsync"/>).</summary>
    public async Task<string> FireAsync(string eventName, string argumentsJson, CancellationToken cancellationToken = default)
    {
        var ask = _state.Work.Ask<SupervisorProtocol.EventFired>(Supervisor, new SupervisorProtocol.FireEvent(eventName, argumentsJson), askTimeout, cancellationToken);
        return (await OnTheClock(ask, $"[runtime] {eventName}: a listener's promise never settles: no timer is pending and nothing else can run")).ResultsJson;
    }

    /// <summary>Issues a request through the extension's webRequest listeners and declarativeNetRequest rules (see <see cref="IExtensionRuntime.RequestAsync"/>).</summary>
    /// <remarks>The whole request runs on the extension's loop turns (<see cref="HostTurns"/>), not one round trip per event.</remarks>
    public async Task<RequestResult> RequestAsync(string url, string detailsJson = "{}", CancellationToken cancellationToken = default)
    {
        Task<RequestResult> result;
        Func<string> stalled;
        var bounded = false;
        if (Apis.WebRequest.BrowserRequests.HasNeighboursTakingPart(_state))
        {
            // Other extensions share the browser: the request goes through theirs too.
            // It counts as this extension's work until it ends, so it is waited for on the ask timeout (a listener of another
            // extension waiting for the virtual clock holds it until the clock is moved).
            result = Apis.WebRequest.BrowserRequests.RunAsync(_state, url, detailsJson, askTimeout);
            stalled = () => "[runtime] webRequest: a listener's promise never settles: no timer is pending and nothing else can run";
            bounded = true;
        }
        else
        {
            var turns = _state.HostTurnsActor ?? await Answer(Supervisor.Ask<IActorRef>(HostTurns.Wanted.Instance, askTimeout, cancellationToken));
            var (started, events) = Apis.WebRequest.RequestTurns.Start(_state, turns, url, detailsJson);
            result = started;
            stalled = () => $"[runtime] {events.CurrentEvent}: a listener's promise never settles: no timer is pending and nothing else can run";
        }
        try
        {
            // On the virtual clock the request itself is watched (a wrapper completes a moment later, when the extension may look
            // settled with no reply coming); a request that can never end is found stalled there rather than timed out.
            var watched = OnTheClock(_state.Clock is VirtualClock ? result : result.WaitAsync(askTimeout, cancellationToken), stalled);
            return await (bounded ? watched.WaitAsync(askTimeout, cancellationToken) : watched);
        }
        catch (TimeoutException)
        {
            throw new ExtensionTimeoutException(NotAnswered(askTimeout));
        }
    }

    /// <summary>Clicks the toolbar button (see <see cref="IExtensionRuntime.ClickActionAsync"/>).</summary>
    public async Task<ActionClickResult> ClickActionAsync(int? tabId, CancellationToken cancellationToken = default)
    {
        var ns = Apis.Toolbar.ActionLook.Clickable(_state.Manifest)?.Namespace ?? "action";
        var ask = _state.Work.Ask<object>(Supervisor, new SupervisorProtocol.ClickAction(tabId), askTimeout, cancellationToken);
        return await OnTheClock(ask, "[runtime] action click: a listener's promise never settles: no timer is pending and nothing else can run") switch
        {
            SupervisorProtocol.ViewOpened opened => new ActionClickResult(ns, opened.Label, null, null),
            SupervisorProtocol.EventFired fired => new ActionClickResult(ns, null, fired.ResultsJson, null),
            SupervisorProtocol.ActionIgnored ignored => new ActionClickResult(ns, null, null, ignored.Reason),
            var other => throw new ExtensionRequestException($"the action click was answered with {other.GetType().Name}"),
        };
    }

    /// <summary>Terminates a background now (see <see cref="IExtensionRuntime.TerminateAsync"/>).</summary>
    public async Task<bool> TerminateAsync(string label, CancellationToken cancellationToken = default) =>
        (await Answer(_state.Work.Ask<SupervisorProtocol.BackgroundTerminated>(Supervisor, new SupervisorProtocol.TerminateBackground(label), askTimeout, cancellationToken))).WasRunning;

    /// <summary>The toolbar button as it shows (see <see cref="IExtensionRuntime.ActionAsync"/>).</summary>
    public ActionState Action(int? tabId)
    {
        if (Apis.Toolbar.ActionLook.Clickable(_state.Manifest) is not { } spec)
            throw new ExtensionRequestException("manifest.json declares no toolbar button (action, browser_action or page_action)");
        if (tabId is { } id && _state.Browser.Tab(id) is null) throw new ExtensionRequestException($"the browser has no tab {id}");
        var tab = tabId ?? _state.Browser.ActiveTab(incognito: false)?.Id;
        var look = Apis.Toolbar.ActionLook.Of(_state, spec, tab);
        var color = look.BadgeBackgroundColor;
        return new ActionState(look.Namespace, tab, look.Title, look.BadgeText, [color.R, color.G, color.B, color.A],
            look.PopupPath is { } path ? BaseUrl + path.TrimStart('/') : null, look.Enabled && look.Shown, look.Icon);
    }
    /// <summary>The extension's menu items as a JSON array of the top-level ones (see <see cref="IExtensionRuntime.MenusAsync"/>).</summary>
    public string Menus() => _state.HostIfAny?.MenusIfAny?.ToJson() ?? "[]";

    /// <summary>The host provides an API function from now on (see <see cref="IExtensionRuntime.ProvideAsync"/>).</summary>
    public void Provide(string functionName, ProvidedFunction implementation)
    {
        if (string.IsNullOrWhiteSpace(functionName) || Apis.Schema.ApiSchema.Instance.FindFunction(functionName) is null)
            throw new ExtensionRequestException($"cannot provide \"{OneLineText.Escape(functionName, 80)}\": the API has no such function (expected a name such as find.find)");
        _state.Host.Provide(functionName, implementation);
    }

    /// <summary>Runs a host script (see <see cref="IExtensionRuntime.RunHostScriptAsync"/>); what it throws is a <see cref="ScriptFailureException"/>.</summary>
    public void RunHostScript(string code, string fileName)
    {
        if (_state.Host.Scripts.Run(code, fileName) is { } failure) throw new ScriptFailureException(failure);
    }

    /// <summary>Acts on the page of the context with that label as a user would, or reads an element; see <see cref="PageAction"/>.</summary>
    public async Task<PageActionResult> ActAsync(string label, PageAction action, CancellationToken cancellationToken = default)
    {
        var acted = await Answer(_state.Work.Ask<ContextActor.Protocol.Acted>(Supervisor, new SupervisorProtocol.Act(label, action), askTimeout, cancellationToken));
        return new PageActionResult(acted.Output, acted.Problem, acted.ConsoleMark);
    }

    /// <summary>Moves the virtual clock forward, firing due timers in order and letting each settle.</summary>
    public Task AdvanceAsync(TimeSpan by) => _state.Clock is VirtualClock clock
        ? clock.AdvanceAsync(by, SettleAsync)
        : throw new ExtensionRequestException($"extension {Id} runs on real time; only a runtime started with a VirtualClock can be advanced");

    /// <summary>Answers the extension's requests to URLs matching <paramref name="urlPattern"/> with <paramref name="response"/> from now on; see <see cref="IExtensionRuntime.RespondAsync"/>.</summary>
    public void Respond(string urlPattern, ResponseSpec response)
    {
        if (Kernel.OfflineNetwork.Refusal(urlPattern, response) is { } refusal) throw new ExtensionRequestException(refusal);
        _state.Network.Register(urlPattern, response);
    }

    public Task CloseAsync(string label, CancellationToken cancellationToken = default) =>
        Ask<ContextActor.Protocol.Closed>(new SupervisorProtocol.CloseView(label), cancellationToken);

    public Task DispatchEventAsync(string eventName, string argumentsJson, CancellationToken cancellationToken = default) =>
        Ask<SupervisorProtocol.EventDispatched>(new SupervisorProtocol.DispatchBackgroundEvent(eventName, argumentsJson), cancellationToken);

    /// <summary>
    /// Waits until the extension has nothing running or on its way (follow-ups of the last step, such as a
    /// popup's getBackgroundPage answer, have run), so that what a step caused is seen before the next one.
    /// </summary>
    public async Task SettleAsync()
    {
        try
        {
            await _state.WaitSettledAsync(askTimeout);
        }
        catch (TimeoutException)
        {
            // What a caller waited for (an advance, a result on the virtual clock) did not come: the runtime's own failure.
            throw new ExtensionTimeoutException(NotAnswered(askTimeout));
        }
    }

    /// <summary>As <see cref="SettleAsync"/> for at most <paramref name="timeout"/>; false when the extension is still busy then.</summary>
    public async Task<bool> TrySettleAsync(TimeSpan timeout)
    {
        try
        {
            await _state.WaitSettledAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> ContextsAsync(CancellationToken cancellationToken = default) =>
        (await Ask<SupervisorProtocol.ContextList>(SupervisorProtocol.ListContexts.Instance, cancellationToken)).Labels;

    /// <summary>The running contexts as <c>runtime.getContexts({})</c> lists them (see <see cref="IExtensionRuntime.RuntimeContextsAsync"/>).</summary>
    public async Task<string> RuntimeContextsAsync(CancellationToken cancellationToken = default) =>
        (await Ask<ExtensionSupervisor.PanelProtocol.RuntimeContextList>(ExtensionSupervisor.PanelProtocol.ListRuntimeContexts.Instance, cancellationToken)).Json;
}
