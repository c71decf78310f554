using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using ActorRuntime.Timing;
using Akka.Actor;
using Jint.Runtime;

namespace ActorRuntime.Kernel;

/// <summary>
/// One extension's kernel, what every context of it shares in-process: the package and its parsed scripts; the event
/// loop (<see cref="Loop"/>: the turn and the posted tasks); job draining across engines and the replies sent after
/// jobs (<see cref="DrainJobs"/>, <see cref="ReplyAfterJobs"/>); the outstanding work and settledness
/// (<see cref="Work"/>); the script budget and limits over time; the registry of live realms; and the regular
/// background's lifecycle. Contexts (actors) and the supervisor drive it; it depends on neither.
/// </summary>
/// <remarks>
/// One thread-safety rule per member, and no other:
/// <list type="bullet">
/// <item><b>Fixed at construction</b>, read from any thread: <see cref="Options"/>, <see cref="Package"/>, <see cref="Flavor"/>,
/// <see cref="Catalog"/>, <see cref="Budget"/>, <see cref="CpuShare"/>, <see cref="Loop"/>, <see cref="Work"/>, <see cref="TimeSystem"/>,
/// <see cref="RegularBackground"/>, <see cref="WebStorage"/> and <see cref="Network"/> (each object keeps its own rule, written on its type).</item>
/// <item><b>Made once on first use</b> (LazyInitializer), then as fixed: <see cref="Cookies"/> (when the options bring no
/// jar) and <see cref="NetRules"/>; <see cref="CookieObserver"/> is set once, before the supervisor starts.</item>
/// <item><b>The turn holder only</b> (the context running the extension's loop turn; see <see cref="ExtensionEventLoop"/>):
/// the realm registry (<c>_realms</c>, <see cref="Background"/>, <see cref="IncognitoBackground"/>), the replies after jobs
/// (<c>_replies</c>), the retained-memory bookkeeping (<c>_allocatedSinceMeasure</c>, <c>_lastHeld</c>).
/// <see cref="ReleaseRealms"/> runs on a turn, or once no context is left to take one.</item>
/// <item><b>Atomic</b> (Interlocked or Volatile), from any thread: the counters <c>_consoleSequence</c>,
/// <c>_timers</c>, <c>_backgroundChannels</c>, the time <c>_backgroundActiveAt</c>, the references <c>_primedEvents</c> and
/// <c>_haltReason</c>, replaced whole, and <c>_alarms</c>, set once (the object keeps its own rule).</item>
/// <item><b>Written once before any context exists</b>: <see cref="Supervisor"/>, set by the supervisor's start, which
/// happens before it creates the contexts that read it.</item>
/// </list>
/// </remarks>
internal sealed partial class ExtensionKernel
{
    private readonly List<ContextRealm> _realms = new();

    internal ExtensionKernel(ExtensionPackage package, Flavor flavor, RuntimeOptions options, ScriptCatalog? catalog = null)
    {
        Package = package;
        Flavor = flavor;
        Manifest = package.Manifest.ForFlavor(flavor == Flavor.Chrome);
        Options = options;
        Catalog = catalog ?? new ScriptCatalog(package, options.SharedScripts);
        Budget = new TurnBudget(options.Limits);
        CpuShare = new CpuShare(options.Limits.CpuShare, System.Diagnostics.Stopwatch.Frequency);
        Loop.Extension = this;
        TimeSystem = new ClockTimeSystem(options.Clock);
        Work = new OutstandingWork(package.Id, Loop);
        Loop.BecameIdle = Work.NotifyIfSettled;
        RegularBackground = NewBackgroundLifecycle();
        WebStorage = new WebStorage(this);
        Network = new OfflineNetwork(options.Responses, this);
        if (package.Manifest.DefaultLocale is not null) Network.LocalizeCss = text => Localization.LocalizeText(this, text);
    }

    /// <summary>
    /// The extension's <c>runtime.id</c> and origin in its flavour's browser, derived once and kept with the package
    /// (every instance of the folder shares it): a suspended extension holds nothing for it. Realms keep their own copy.
    /// </summary>
    internal ExtensionIdentity Identity => ExtensionIdentity.For(Package, Flavor, Options.ProfileSeed);

    /// <summary>A lifecycle for one of the extension's backgrounds, with the rules of its flavour and manifest.</summary>
    internal Kernel.BackgroundLifecycle NewBackgroundLifecycle() => new(IsServiceWorker
        ? Kernel.LifecyclePolicy.ForWorker(Options.EventPages)
        : Kernel.LifecyclePolicy.For(Flavor, Manifest.Background.IsEventPage, Options.EventPages));

    /// <summary>The background is an MV3 service worker that runs: Chromium's (Firefox runs only scripts and pages).</summary>
    internal bool IsServiceWorker => Flavor == Flavor.Chrome && Manifest.Background.Kind == BackgroundKind.ServiceWorker;

    /// <summary>The extension has a background context to start: a page (declared or generated) or a running service worker.</summary>
    internal bool HasBackground => Manifest.Background.IsPage || IsServiceWorker;

    /// <summary>The background starts on demand and stops when idle: an event page or a service worker.</summary>
    internal bool BackgroundIsLazy => Manifest.Background.IsEventPage || IsServiceWorker;

    /// <summary>A fresh state for another instance of the same extension, reusing its parsed scripts.</summary>
    internal static ExtensionKernel SharingCatalog(ExtensionKernel other) => new(other.Package, other.Flavor, other.Options, other.Catalog);

    internal RuntimeOptions Options { get; }

    private Browsing.BrowserModel? _ownBrowser;

    /// <summary>The browser around the extension: its runtime's, else one of its own made on first use.</summary>
    internal Browsing.BrowserModel Browser
    {
        get
        {
            if (Options.Browser is { } shared) return shared;
            if (_ownBrowser is null) Interlocked.CompareExchange(ref _ownBrowser, new Browsing.BrowserModel(Clock, Options.BrowserLimits), null);
            return _ownBrowser;
        }
    }

    internal ExtensionPackage Package { get; }
    /// <summary>The manifest as this flavour's browser reads it (Chromium MV3 runs <c>service_worker</c> where both it and <c>scripts</c> are given).</summary>
    internal ExtensionManifest Manifest { get; }
    internal Flavor Flavor { get; }
    internal ScriptCatalog Catalog { get; }
    internal TurnBudget Budget { get; }

    internal ExtensionEventLoop Loop { get; } = new();
    internal Action<ConsoleEntry> Console => Options.Console;

    /// <summary>The one clock timers, dates and idle delays read: real time when hosted, a <see cref="VirtualClock"/> in <c>run</c> and tests.</summary>
    public TimeProvider Clock => Options.Clock;

    private long _backgroundActiveAt;

    /// <summary>The regular background's life, its phase included: moved by the supervisor, cancelled from a turn on activity.</summary>
    internal Kernel.BackgroundLifecycle RegularBackground { get; }

    /// <summary>When the background last saw activity that resets Firefox's idle timer (an event, an incoming message, an API call of its own).</summary>
    internal DateTimeOffset BackgroundActiveAt => new(Interlocked.Read(ref _backgroundActiveAt), TimeSpan.Zero);

    /// <summary>
    /// Records activity of the background, from a turn of the loop (a message delivered to it, an API call it
    /// made). The time is written before the phase is read, and the supervisor writes the phase before it reads
    /// the time, so a suspension decided at the same moment is always either avoided or cancelled here: then
    /// <c>onSuspendCanceled</c> fires at once, before whatever caused the activity runs, and the supervisor is told.
    /// </summary>
    /// <remarks>
    /// Only the regular background's activity counts here: the private profile's background (Chromium's split mode) has a
    /// lifecycle of its own, which its supervisor moves, and its activity must not cancel the regular page's suspension.
    /// </remarks>
    internal void NoteBackgroundActivity(ContextInfo context)
    {
        if (context.Kind != ContextKind.Background || context.IsPrivate) return;
        TouchBackground();
        if (!RegularBackground.TryCancelSuspension()) return;
        Background?.Event(RuntimeEvents.OnSuspendCanceled)?.Dispatch();
        Work.Send(Supervisor, SupervisorSignals.SuspensionCanceled.Instance);
    }

    private volatile IReadOnlyCollection<string> _primedEvents = [];

    /// <summary>
    /// The events the regular background had listeners for when it was last unloaded: "primed" listeners, whose
    /// events wake a suspended event page (Firefox's persistent listeners; Chromium wakes a lazy page for events it listens to).
    /// </summary>
    internal IReadOnlyCollection<string> PrimedEvents
    {
        get => _primedEvents;
        set => _primedEvents = value;
    }

    private int _backgroundChannels;

    /// <summary>
    /// Message channels open in the regular background: its port ends, and messages it still owes a response to
    /// (a listener returned true or a promise). Chromium's keep-alive counts both.
    /// </summary>
    internal int BackgroundChannels => Volatile.Read(ref _backgroundChannels);

    /// <summary>A channel opened or closed: tell the supervisor when the background's count changed (Chromium keep-alive).</summary>
    internal void ChannelsChanged()
    {
        var count = Background is { IsDead: false } background ? background.OpenPorts.Count + background.AwaitingResponse.Count : 0;
        if (Interlocked.Exchange(ref _backgroundChannels, count) == count || Flavor != Flavor.Chrome) return;
        Work.Send(Supervisor, SupervisorSignals.KeepAliveChanged.Instance);
    }

    internal void TouchBackground() => Interlocked.Exchange(ref _backgroundActiveAt, Clock.GetUtcNow().UtcTicks);

    internal ClockTimeSystem TimeSystem { get; }
    internal IActorRef Supervisor { get; set; } = ActorRefs.Nobody;

    /// <summary>The running regular background, once its scripts have run.</summary>
    internal ContextRealm? Background { get; private set; }

    /// <summary>Chromium split mode: the incognito profile's own background.</summary>
    internal ContextRealm? IncognitoBackground { get; private set; }

    /// <summary>Live contexts in the order they were opened.</summary>
    internal IReadOnlyList<ContextRealm> Realms => _realms;

    private long _consoleSequence;

    internal void Report(ConsoleEntry entry)
    {
        // A host that logs the line scopes it with the extension's id (serve's JSON logs).
        using (Telemetry.ExtensionLogScope.Enter(Package.Id)) Console(entry with { Sequence = Interlocked.Increment(ref _consoleSequence) });
    }

    /// <summary>A place among the console lines for something printed beside them (a recorded API call).</summary>
    internal long NextConsoleSequence() => Interlocked.Increment(ref _consoleSequence);

    /// <summary>The host's part of the extension's API: functions it provides, host scripts, recorded calls.</summary>
    internal ApiHost Host => _host ??= new ApiHost(this);

    /// <summary>The host's part if anything made it (an extension nobody provided for, recorded or granted to keeps none).</summary>
    internal ApiHost? HostIfAny => _host;

    private ApiHost? _host;

    // Touched only by the context holding the loop's turn.
    private readonly List<(IActorRef To, Func<long, object> Reply)> _replies = new();

    /// <summary>
    /// Answers an evaluation once the current task's jobs have run (as a browser console shows a result after the
    /// microtask checkpoint), marked with the last console line printed before it so callers can order lines and result.
    /// </summary>
    internal void ReplyAfterJobs(IActorRef to, Func<long, object> reply) => _replies.Add((to, reply));

    internal void SendReplies()
    {
        // What the task wrote to localStorage is on its way to storage before anyone hears the task's results.
        WebStorage.SaveChanges();
        // Only an extension that has kept something (or changed it) has the object: most never make it.
        Volatile.Read(ref _keptState)?.SaveChanges();
        if (_replies.Count == 0) return;
        var mark = Volatile.Read(ref _consoleSequence);
        foreach (var (to, reply) in _replies) to.Tell(reply(mark));
        _replies.Clear();
    }

    /// <summary>The <c>localStorage</c> and <c>sessionStorage</c> its pages share (turn holder only, once loaded at start).</summary>
    internal WebStorage WebStorage { get; }

    /// <summary>Where the pages' requests (fetch, XMLHttpRequest) are answered: the responses the host registered, the extension's files.</summary>
    internal OfflineNetwork Network { get; }

    private CookieJar? _ownCookies;

    /// <summary>
    /// The browser's cookies: the runtime's jar, shared by its extensions (<see cref="RuntimeOptions.Cookies"/>), else one
    /// of the extension's own, made when first used. Thread-safe (see <see cref="CookieJar"/>).
    /// </summary>
    internal CookieJar Cookies => Options.Cookies ?? LazyInitializer.EnsureInitialized(ref _ownCookies, () => new CookieJar(Options.MaxCookies));

    /// <summary>What hears the jar's changes for this extension (the jar holds it weakly: the extension keeps it alive); set once, by whoever spawns it.</summary>
    internal ICookieObserver? CookieObserver { get; set; }

    private Dnr.DnrEngine? _netRules;

    /// <summary>The extension's declarativeNetRequest rules and their matching, made (and its static rulesets read) when first used.</summary>
    internal Dnr.DnrEngine NetRules => LazyInitializer.EnsureInitialized(ref _netRules, () => Dnr.DnrEngine.ForExtension(this));

    private long _lastRequestId;

    /// <summary>The next id of a request the browser issues for the extension to see (webRequest's <c>requestId</c>); thread-safe.</summary>
    /// <summary>A webRequest <c>requestId</c>: the shared browser's next (unique among its extensions), else this extension's.</summary>
    internal long NextRequestId() => BrowserNeighbours.NextRequestId(this) ?? Interlocked.Increment(ref _lastRequestId);

    /// <summary>The extension's outstanding work: what "settled" waits for.</summary>
    internal OutstandingWork Work { get; }

    /// <summary>Nothing running and nothing on its way (see <see cref="OutstandingWork.IsSettled"/>).</summary>
    public bool IsSettled => Work.IsSettled;

    public Task WhenSettled() => Work.WhenSettled();

    public Task WaitSettledAsync(TimeSpan timeout) => Work.WaitSettledAsync(timeout);

    internal void Register(ContextRealm realm)
    {
        _realms.Add(realm);
        if (realm.Info.Kind == ContextKind.Background)
        {
            if (realm.Info.IsPrivate) IncognitoBackground = realm;
            else Background = realm;
        }
    }

    /// <summary>
    /// Stopped as a whole, or unloaded: forgets every realm and queued task so the engines can be collected while the
    /// state is still referenced (a halted extension's supervisor lives on to refuse requests; its contexts are stopped
    /// without the turn a close would take). Called from a turn, or once no context is left to take one.
    /// </summary>
    internal void ReleaseRealms()
    {
        _realms.Clear();
        Background = null;
        IncognitoBackground = null;
        while (Loop.TryTakePosted(out _))
        {
        }
    }

    internal void Unregister(ContextRealm realm)
    {
        _realms.Remove(realm);
        if (ReferenceEquals(Background, realm)) Background = null;
        if (ReferenceEquals(IncognitoBackground, realm)) IncognitoBackground = null;
        foreach (var other in _realms) other.ForgetProxiesFrom(realm);
    }

    /// <summary>
    /// Runs every live engine's promise jobs until a round makes no call across engines: each engine has
    /// its own job queue where a browser has one per event loop, so a cross-engine await needs rounds.
    /// </summary>
    internal void DrainJobs(ContextRealm current)
    {
        for (var round = 0; round < 10_000; round++)
        {
            var before = Loop.Crossings;
            current.Engine.Advanced.ProcessTasks();
            foreach (var realm in _realms)
                if (!ReferenceEquals(realm, current) && !realm.IsDead) realm.Engine.Advanced.ProcessTasks();
            if (Loop.Crossings == before) break;
        }
        // The task's jobs have all run: what is still rejected without a handler is reported.
        foreach (var realm in _realms.ToArray())
            if (!realm.IsDead) realm.ReportUnhandledRejections();
        SendReplies();
    }

    /// <summary>After a turn was cut short (a runaway script), every engine it may have reached is reset.</summary>
    internal void RecoverAll(Exception ex)
    {
        if (ex is JavaScriptException) return;
        foreach (var realm in _realms) realm.RecoverFrom(ex);
    }
}
