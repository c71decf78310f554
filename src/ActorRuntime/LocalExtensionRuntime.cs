using ActorRuntime.Lifecycle;
using System.Runtime.CompilerServices;
using ActorRuntime.Telemetry;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionRouter.Protocol;

namespace ActorRuntime;

/// <summary>
/// <see cref="IExtensionRuntime"/> for the extensions of this process, loaded through an <see cref="ExtensionRouter"/>:
/// the hosted runtime and <c>run</c>. Its console subscription carries every line of every extension of the router.
/// </summary>
internal sealed class LocalExtensionRuntime : IExtensionRuntime
{
    private readonly Func<CancellationToken, Task<IActorRef>> _router;
    private readonly TimeSpan _askTimeout;
    private readonly Broadcast<ConsoleEntry> _console;
    private readonly Broadcast<ExtensionHalted> _halted;
    private readonly Broadcast<ApiCallRecord> _calls;

    /// <param name="router">The router (resolved when first needed: a hosted one is registered once the actor system runs).</param>
    /// <param name="console">Where the router's extensions publish their console lines (its options' console callback).</param>
    /// <param name="calls">Where the router's extensions publish their API calls (its options' call log).</param>
    public LocalExtensionRuntime(ActorSystem system, Func<CancellationToken, Task<IActorRef>> router, TimeSpan askTimeout, Broadcast<ConsoleEntry> console,
        Broadcast<ApiCallRecord> calls)
    {
        _calls = calls;
        _router = router;
        _askTimeout = askTimeout;
        _console = console;
        _halted = HaltedFeed.Start(system);
    }

    private async Task<T> AskRouter<T>(object message, CancellationToken cancellationToken)
    {
        var router = await _router(cancellationToken);
        try
        {
            return await router.Ask<T>(message, _askTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            throw new ExtensionTimeoutException(LoadedExtension.NotAnswered(_askTimeout));
        }
    }

    private async Task<LoadedExtension> Find(string extensionId, CancellationToken cancellationToken) =>
        new((await AskRouter<Loaded>(new Find(extensionId), cancellationToken)).Extension!, _askTimeout);

    /// <summary>A request to one extension, traced as a span named after the request (<c>Evaluate</c>, <c>Open</c>...) when somebody listens.</summary>
    private async Task<T> Traced<T>(string extensionId, Func<LoadedExtension, Task<T>> request, CancellationToken cancellationToken,
        [CallerMemberName] string operation = "")
    {
        using var activity = RuntimeTelemetry.Source.HasListeners() ? RuntimeTelemetry.StartRequest(OperationName(operation), extensionId) : null;
        try
        {
            return await request(await Find(extensionId, cancellationToken));
        }
        catch (Exception ex) when (RuntimeTelemetry.Failed(activity, ex))
        {
            throw;
        }
    }

    private Task Traced(string extensionId, Func<LoadedExtension, Task> request, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        Traced(extensionId, async extension =>
        {
            await request(extension);
            return true;
        }, cancellationToken, operation);

    /// <summary><c>EvaluateAsync</c> → <c>Evaluate</c>: the names the cluster's requests have too (<c>ClusterProtocol.OperationKind</c>).</summary>
    internal static string OperationName(string method) => method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method;

    public async Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default) =>
        (await AskRouter<Loaded>(new Load(directory, flavor), cancellationToken)).ExtensionId;

    public async Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default) =>
        (await AskRouter<ExtensionList>(ExtensionRouter.Protocol.ListExtensions.Instance, cancellationToken)).ExtensionIds;

    public Task<string> OpenTabAsync(string extensionId, string url, string pageHtml, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.OpenAsync("tab:" + url, isPrivate, cancellationToken, pageHtml), cancellationToken);

    public Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.OpenAsync(target, isPrivate, cancellationToken), cancellationToken);

    public Task<PageActionResult> ActAsync(string extensionId, string label, PageAction action, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.ActAsync(label, action, cancellationToken), cancellationToken);

    public Task<Evaluation> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.EvaluateMarkedAsync(label, code, cancellationToken), cancellationToken);

    public Task RespondAsync(string extensionId, string urlPattern, ResponseSpec response, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension =>
        {
            extension.Respond(urlPattern, response);
            return Task.FromResult(true);
        }, cancellationToken);

    public Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.CloseAsync(label, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.ContextsAsync(cancellationToken), cancellationToken);

    public Task<string> RuntimeContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.RuntimeContextsAsync(cancellationToken), cancellationToken);

    public Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.DispatchEventAsync(eventName, argumentsJson, cancellationToken), cancellationToken);

    public Task<string> FireAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.FireAsync(eventName, argumentsJson, cancellationToken), cancellationToken);

    public Task<RequestResult> RequestAsync(string extensionId, string url, string detailsJson = "{}", CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.RequestAsync(url, detailsJson, cancellationToken), cancellationToken);

    public Task<string> MenusAsync(string extensionId, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => Task.FromResult(extension.Menus()), cancellationToken);

    public Task ProvideAsync(string extensionId, string functionName, ProvidedFunction implementation, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension =>
        {
            extension.Provide(functionName, implementation);
            return Task.FromResult(true);
        }, cancellationToken);

    public Task RunHostScriptAsync(string extensionId, string code, string fileName = "host.js", CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension =>
        {
            extension.RunHostScript(code, fileName);
            return Task.FromResult(true);
        }, cancellationToken);

    public Task<ActionClickResult> ClickActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.ClickActionAsync(tabId, cancellationToken), cancellationToken);

    public Task<ActionState> ActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => Task.FromResult(extension.Action(tabId)), cancellationToken);

    public Task<bool> TerminateAsync(string extensionId, string label = "background", CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.TerminateAsync(label, cancellationToken), cancellationToken);

    public Subscription<ApiCallRecord> SubscribeCalls() => _calls.Subscribe();

    public Task AdvanceAsync(string extensionId, TimeSpan by, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.AdvanceAsync(by), cancellationToken);

    public Task<bool> SettleAsync(string extensionId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Traced(extensionId, extension => extension.TrySettleAsync(timeout), cancellationToken);

    public Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default) =>
        AskRouter<Unloaded>(new Unload(extensionId), cancellationToken);

    public Subscription<ConsoleEntry> SubscribeConsole() => _console.Subscribe();

    public Subscription<ExtensionHalted> SubscribeHalted() => _halted.Subscribe();
}
