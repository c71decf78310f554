using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Timing;
using Akka.Actor;
using Akka.Configuration;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime;

/// <summary>
/// The in-process runtime: an actor system hosting extension supervisors. The CLI and tests drive
/// extensions through it; the same operations as the CLI's steps.
/// </summary>
public sealed class ExtensionRuntime : IAsyncDisposable
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
        var full = RuntimeOptions.WithDefaults(config ?? Config.Empty);
        full = Storage.StorageSettings.PersistenceConfig(full).WithFallback(full);
        Storage.StorageSettings.PrepareSqliteFolder(full);
        return new ExtensionRuntime(ActorSystem.Create("actorruntime", full), options);
    }

    /// <summary>Loads the extension folder, fires startup (a persistent background runs its scripts) and returns a handle.</summary>
    public async Task<LoadedExtension> LoadAsync(string directory, Flavor? flavor = null)
    {
        var package = ExtensionPackage.Load(directory, Options.Files);
        // Several instances of one extension may run side by side here (tests, benchmarks): each gets its own name.
        var (state, supervisor) = ExtensionSpawner.Spawn(System, package, Options, flavor, ExtensionSpawner.ActorName(package.Id) + "-" + Guid.NewGuid().ToString("N")[..8]);
        await supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, Options.AskTimeout);
        return new LoadedExtension(state, supervisor, Options.AskTimeout);
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}

/// <summary>A loaded extension: open views, evaluate, close. Failures throw the supervisor's or the script's exception.</summary>
public sealed class LoadedExtension
{
    private readonly ExtensionState _state;
    private readonly TimeSpan _askTimeout;

    internal LoadedExtension(ExtensionState state, IActorRef supervisor, TimeSpan askTimeout)
    {
        _state = state;
        _askTimeout = askTimeout;
        Supervisor = supervisor;
    }

    internal ExtensionPackage Package => _state.Package;
    internal ExtensionState State => _state;
    public string Id => Package.Id;
    public IActorRef Supervisor { get; }

    public async Task<string> OpenAsync(string target, bool isPrivate = false) =>
        (await Supervisor.Ask<SupervisorProtocol.ViewOpened>(new SupervisorProtocol.OpenView(target, isPrivate), _askTimeout)).Label;

    /// <summary>
    /// The completion value as JSON (a promise is awaited); throws <see cref="ScriptFailureException"/> when it
    /// throws or rejects. On a <see cref="VirtualClock"/>, while the result is pending and nothing else can
    /// run, the clock jumps to the next due timer; when no timer is pending either, the result can never
    /// come and <see cref="EvaluationStalledException"/> is thrown.
    /// </summary>
    public async Task<string> EvaluateAsync(string label, string code) => (await EvaluateMarkedAsync(label, code)).Result;

    /// <summary>
    /// As <see cref="EvaluateAsync"/>, with the console mark of the result: lines whose <see cref="ConsoleEntry.Sequence"/>
    /// is above it were printed after the result (by later tasks), though they may reach a console callback first.
    /// </summary>
    internal async Task<ContextActor.Protocol.Evaluated> EvaluateMarkedAsync(string label, string code)
    {
        // The request counts as work until the context takes it, so "settled" cannot be seen while it travels.
        _state.BeginWork();
        var ask = Supervisor.Ask<ContextActor.Protocol.Evaluated>(new SupervisorProtocol.Evaluate(label, code) { CountedAsWork = true }, _askTimeout);
        if (_state.Clock is VirtualClock clock)
        {
            while (!ask.IsCompleted)
            {
                // Settled first: a reply is sent before the turn that sends it ends, so a settled loop with no reply means none is coming by itself.
                if (_state.IsSettled && !ask.IsCompleted)
                {
                    if (!await clock.JumpToNextAsync(SettleAsync))
                        throw new EvaluationStalledException($"[{label}] the result never settles: no timer is pending and nothing else can run");
                    continue;
                }
                await Task.WhenAny(ask, _state.WhenSettled());
            }
        }
        return await ask;
    }

    /// <summary>Moves the virtual clock forward, firing due timers in order and letting each settle.</summary>
    public Task AdvanceAsync(TimeSpan by) => _state.Clock is VirtualClock clock
        ? clock.AdvanceAsync(by, SettleAsync)
        : throw new InvalidOperationException($"extension {Id} runs on real time; only a runtime started with a VirtualClock can be advanced");

    public Task CloseAsync(string label) =>
        Supervisor.Ask<ContextActor.Protocol.Closed>(new SupervisorProtocol.CloseView(label), _askTimeout);

    /// <summary>
    /// Waits until the extension has nothing running or on its way (follow-ups of the last step, such as a
    /// popup's getBackgroundPage answer, have run), so that what a step caused is seen before the next one.
    /// </summary>
    public Task SettleAsync() => _state.WaitSettledAsync(_askTimeout);

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

    public async Task<IReadOnlyList<string>> ContextsAsync() =>
        (await Supervisor.Ask<SupervisorProtocol.ContextList>(SupervisorProtocol.ListContexts.Instance, _askTimeout)).Labels;
}

/// <summary>An evaluation whose promise can never settle: nothing is running, queued or scheduled.</summary>
public sealed class EvaluationStalledException(string message) : Exception(message);
