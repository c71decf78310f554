using System.Globalization;
using System.Text.Json;
using System.Diagnostics;
using ActorRuntime.Telemetry;
using Akka.Actor;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Cluster;

/// <summary>
/// <see cref="IExtensionRuntime"/> over the <c>extensions</c> shard region: each request goes to the node that hosts
/// the extension (starting it there if needed), and is answered once the extension settled, with the console lines it
/// printed until then. Those lines are what <see cref="SubscribeConsole"/> carries, numbered here in the order they
/// were printed; <see cref="SubscribeHalted"/> carries the halts of extensions hosted by this node.
/// </summary>
internal sealed class ClusteredExtensionRuntime : IExtensionRuntime
{
    private readonly Func<CancellationToken, Task<IActorRef>> _region;
    private readonly TimeSpan _askTimeout;
    private readonly ExtensionCatalog? _catalog;
    private readonly Action<ConsoleEntry>? _onConsole;
    private readonly Action<ApiCallRecord>? _onCall;
    private readonly Broadcast<ConsoleEntry> _console = new();
    private readonly Broadcast<ApiCallRecord> _calls = new();
    private readonly Broadcast<ExtensionHalted> _halted;
    private readonly object _numbering = new();
    private long _sequence;

    // Whether the last answer about each extension found it settled: every answer waits for that already.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _settledAtLastAnswer = new(StringComparer.Ordinal);

    /// <param name="catalog">The extensions installed on this node; null on a client-only node.</param>
    /// <param name="onConsole">Also called with each console line, in order, before the request's answer is returned.</param>
    public ClusteredExtensionRuntime(ActorSystem system, Func<CancellationToken, Task<IActorRef>> region, TimeSpan askTimeout,
        ExtensionCatalog? catalog = null, Action<ConsoleEntry>? onConsole = null)
    {
        _region = region;
        _askTimeout = askTimeout;
        _catalog = catalog;
        _onConsole = onConsole;
        _halted = HaltedFeed.Start(system);
    }

    private ClusteredExtensionRuntime(ClusteredExtensionRuntime shared, Action<ConsoleEntry> onConsole, Action<ApiCallRecord>? onCall)
    {
        _region = shared._region;
        _askTimeout = shared._askTimeout;
        _catalog = shared._catalog;
        _halted = shared._halted;
        _onConsole = onConsole;
        _onCall = onCall;
    }

    /// <summary>
    /// A view of this runtime for one caller (a request of the front door): the console lines and, when
    /// <paramref name="onCall"/> is given, the API calls its own requests brought back go to it alone, numbered in one
    /// sequence in the order the extension made them, so calls and lines print interleaved as <c>run</c> prints them.
    /// </summary>
    internal ClusteredExtensionRuntime Scoped(Action<ConsoleEntry> onConsole, Action<ApiCallRecord>? onCall = null) => new(this, onConsole, onCall);

    /// <summary>Performs one operation where the extension lives; its console lines are published before this returns.</summary>
    private async Task<(string Value, long Mark)> PerformAsync(string extensionId, OperationKind kind, string argument = "", string code = "",
        bool isPrivate = false, CancellationToken cancellationToken = default)
    {
        var region = await _region(cancellationToken);
        OperationResult result;
        // The hop to the node hosting the extension, traced as a client span whose context travels in the command.
        using var activity = RuntimeTelemetry.StartRequest(kind.ToString(), extensionId, ActivityKind.Client);
        try
        {
            var current = Activity.Current;
            var traced = current is { IdFormat: ActivityIdFormat.W3C } ? current : null;
            result = await region.Ask<OperationResult>(new ExtensionCommand(extensionId, kind, argument, code, isPrivate, _onCall is not null || _calls.HasSubscribers,
                traced?.Id, traced?.TraceStateString), _askTimeout, cancellationToken);
        }
        catch (AskTimeoutException ex) when (RuntimeTelemetry.Failed(activity, ex))
        {
            throw;
        }
        catch (AskTimeoutException)
        {
            throw new ExtensionTimeoutException(LoadedExtension.NotAnswered(_askTimeout));
        }
        if (result.ErrorCode is { } failed) activity?.SetStatus(ActivityStatusCode.Error, failed);
        long mark;
        lock (_numbering)
        {
            // The lines' own order numbers stay on the hosting node: number them here, in the order they were printed
            // (calls too: the node numbers lines and calls in one sequence, so they interleave as they happened).
            var lines = result.Console ?? [];
            var calls = result.Calls ?? [];
            // What came before the result: up to the node's mark when the answer has one, else (an older node) everything
            // numbered before the first line printed after it.
            var firstAfter = result.ResultMark is { } at ? at + 1
                : result.LinesBeforeResult is { } count && count < lines.Count ? lines[count].Sequence : long.MaxValue;
            var resultMark = result.LinesBeforeResult is null ? (long?)null : 0;
            var (l, c) = (0, 0);
            while (l < lines.Count || c < calls.Count)
            {
                var takeCall = c < calls.Count && (l >= lines.Count || calls[c].Sequence < lines[l].Sequence);
                var original = takeCall ? calls[c].Sequence : lines[l].Sequence;
                var sequence = ++_sequence;
                if (resultMark is not null && original < firstAfter) resultMark = sequence;
                if (takeCall)
                {
                    var call = calls[c++] with { Sequence = sequence };
                    _onCall?.Invoke(call);
                    _calls.Publish(call);
                }
                else
                {
                    var entry = lines[l++] with { Sequence = sequence };
                    _onConsole?.Invoke(entry);
                    _console.Publish(entry);
                }
            }
            mark = resultMark is null ? long.MaxValue : resultMark == 0 ? _sequence - lines.Count - calls.Count : resultMark.Value;
        }
        _settledAtLastAnswer[extensionId] = result.Settled;
        if (result.ErrorCode is { } error)
            throw ActorRuntimeException.FromCode(error, result.ErrorMessage ?? "", mark == long.MaxValue ? null : mark);
        return (result.Value ?? "", mark);
    }

    public Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default) =>
        throw new ExtensionRequestException($"{directory}: a cluster's extensions are installed on its nodes (serve --extensions), not loaded by a client");

    public Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default) =>
        _catalog is null
            ? throw new ExtensionRequestException("a client-only node does not know which extensions the cluster's nodes have installed")
            : Task.FromResult<IReadOnlyList<string>>(_catalog.Ids.Order(StringComparer.Ordinal).ToList());

    public async Task<string> OpenTabAsync(string extensionId, string url, string pageHtml, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        (await PerformAsync(extensionId, OperationKind.Open, "tab:" + url, pageHtml, isPrivate: isPrivate, cancellationToken: cancellationToken)).Value;

    public async Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        (await PerformAsync(extensionId, OperationKind.Open, target, isPrivate: isPrivate, cancellationToken: cancellationToken)).Value;

    public async Task<Evaluation> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default)
    {
        var (value, mark) = await PerformAsync(extensionId, OperationKind.Evaluate, label, code, cancellationToken: cancellationToken);
        return new Evaluation(value, mark);
    }

    public async Task<PageActionResult> ActAsync(string extensionId, string label, PageAction action, CancellationToken cancellationToken = default)
    {
        var code = JsonSerializer.Serialize(new WireAction(action.Kind, action.Selector, action.Value));
        var (value, mark) = await PerformAsync(extensionId, OperationKind.Act, label, code, cancellationToken: cancellationToken);
        var acted = JsonSerializer.Deserialize<WireActed>(value) ?? new WireActed(null, "no answer");
        return new PageActionResult(acted.Output, acted.Problem, mark);
    }

    public Task RespondAsync(string extensionId, string urlPattern, ResponseSpec response, CancellationToken cancellationToken = default) =>
        PerformAsync(extensionId, OperationKind.Respond, urlPattern, JsonSerializer.Serialize(WireResponse.From(response)), cancellationToken: cancellationToken);

    public Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default) =>
        PerformAsync(extensionId, OperationKind.Close, label, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<string[]>((await PerformAsync(extensionId, OperationKind.Contexts, cancellationToken: cancellationToken)).Value) ?? [];

    public async Task<string> RuntimeContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        (await PerformAsync(extensionId, OperationKind.RuntimeContexts, cancellationToken: cancellationToken)).Value;

    public Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        PerformAsync(extensionId, OperationKind.DispatchEvent, eventName, argumentsJson, cancellationToken: cancellationToken);

    public async Task<string> FireAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        (await PerformAsync(extensionId, OperationKind.Fire, eventName, argumentsJson, cancellationToken: cancellationToken)).Value;

    public async Task<RequestResult> RequestAsync(string extensionId, string url, string detailsJson = "{}", CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<RequestResult>((await PerformAsync(extensionId, OperationKind.Request, url, detailsJson, cancellationToken: cancellationToken)).Value)
        ?? throw new ExtensionRequestException("the request was answered with nothing");

    public async Task<string> MenusAsync(string extensionId, CancellationToken cancellationToken = default) =>
        (await PerformAsync(extensionId, OperationKind.Menus, cancellationToken: cancellationToken)).Value;

    public Task ProvideAsync(string extensionId, string functionName, ProvidedFunction implementation, CancellationToken cancellationToken = default) =>
        throw new ExtensionRequestException($"cannot provide {functionName} from here: a delegate does not reach the node hosting {extensionId}; run a host script with host.provide (RunHostScriptAsync)");

    public Task RunHostScriptAsync(string extensionId, string code, string fileName = "host.js", CancellationToken cancellationToken = default) =>
        PerformAsync(extensionId, OperationKind.HostScript, fileName, code, cancellationToken: cancellationToken);

    public async Task<ActionClickResult> ClickActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<ActionClickResult>((await PerformAsync(extensionId, OperationKind.ActionClick, TabArgument(tabId), cancellationToken: cancellationToken)).Value)
        ?? throw new ExtensionRequestException("the action click was answered with nothing");

    public async Task<ActionState> ActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<ActionState>((await PerformAsync(extensionId, OperationKind.ActionState, TabArgument(tabId), cancellationToken: cancellationToken)).Value)
        ?? throw new ExtensionRequestException("the action's state was answered with nothing");

    public async Task<bool> TerminateAsync(string extensionId, string label = "background", CancellationToken cancellationToken = default) =>
        (await PerformAsync(extensionId, OperationKind.Terminate, label, cancellationToken: cancellationToken)).Value == "true";

    private static string TabArgument(int? tabId) => tabId?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>The calls of the extensions this client drives, from the next request on (they come back with each answer).</summary>
    public Subscription<ApiCallRecord> SubscribeCalls() => _calls.Subscribe();

    public Task AdvanceAsync(string extensionId, TimeSpan by, CancellationToken cancellationToken = default) =>
        throw new ExtensionRequestException("a cluster runs on real time; only run has a virtual clock");

    /// <summary>
    /// Right after a request, what its answer found (each answer already waited for the extension to settle, up to the
    /// node's settle-timeout); otherwise a request of its own, which starts the extension where it is not running.
    /// </summary>
    public async Task<bool> SettleAsync(string extensionId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_settledAtLastAnswer.TryRemove(extensionId, out var settled)) return settled;
        var milliseconds = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return (await PerformAsync(extensionId, OperationKind.Settle, milliseconds, cancellationToken: cancellationToken)).Value == "true";
    }

    public Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default) =>
        PerformAsync(extensionId, OperationKind.Unload, cancellationToken: cancellationToken);

    public Subscription<ConsoleEntry> SubscribeConsole() => _console.Subscribe();

    public Subscription<ExtensionHalted> SubscribeHalted() => _halted.Subscribe();
}
