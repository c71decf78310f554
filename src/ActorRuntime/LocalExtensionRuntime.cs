using ActorRuntime.Lifecycle;
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

    public async Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default) =>
        (await AskRouter<Loaded>(new Load(directory, flavor), cancellationToken)).ExtensionId;

    public async Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default) =>
        (await AskRouter<ExtensionList>(ExtensionRouter.Protocol.ListExtensions.Instance, cancellationToken)).ExtensionIds;

    public async Task<string> OpenTabAsync(string extensionId, string url, string pageHtml, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).OpenAsync("tab:" + url, isPrivate, cancellationToken, pageHtml);

    public async Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).OpenAsync(target, isPrivate, cancellationToken);

    public async Task<PageActionResult> ActAsync(string extensionId, string label, PageAction action, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).ActAsync(label, action, cancellationToken);

    public async Task<Evaluation> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).EvaluateMarkedAsync(label, code, cancellationToken);

    public async Task RespondAsync(string extensionId, string urlPattern, ResponseSpec response, CancellationToken cancellationToken = default) =>
        (await Find(extensionId, cancellationToken)).Respond(urlPattern, response);

    public async Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).CloseAsync(label, cancellationToken);

    public async Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).ContextsAsync(cancellationToken);

    public async Task<string> RuntimeContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).RuntimeContextsAsync(cancellationToken);

    public async Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).DispatchEventAsync(eventName, argumentsJson, cancellationToken);

    public async Task<string> FireAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).FireAsync(eventName, argumentsJson, cancellationToken);

    public async Task<RequestResult> RequestAsync(string extensionId, string url, string detailsJson = "{}", CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).RequestAsync(url, detailsJson, cancellationToken);

    public async Task<string> MenusAsync(string extensionId, CancellationToken cancellationToken = default) =>
        (await Find(extensionId, cancellationToken)).Menus();

    public async Task ProvideAsync(string extensionId, string functionName, ProvidedFunction implementation, CancellationToken cancellationToken = default) =>
        (await Find(extensionId, cancellationToken)).Provide(functionName, implementation);

    public async Task RunHostScriptAsync(string extensionId, string code, string fileName = "host.js", CancellationToken cancellationToken = default) =>
        (await Find(extensionId, cancellationToken)).RunHostScript(code, fileName);

    public async Task<ActionClickResult> ClickActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).ClickActionAsync(tabId, cancellationToken);

    public async Task<ActionState> ActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) =>
        (await Find(extensionId, cancellationToken)).Action(tabId);

    public async Task<bool> TerminateAsync(string extensionId, string label = "background", CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).TerminateAsync(label, cancellationToken);

    public Subscription<ApiCallRecord> SubscribeCalls() => _calls.Subscribe();

    public async Task AdvanceAsync(string extensionId, TimeSpan by, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).AdvanceAsync(by);

    public async Task<bool> SettleAsync(string extensionId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await (await Find(extensionId, cancellationToken)).TrySettleAsync(timeout);

    public Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default) =>
        AskRouter<Unloaded>(new Unload(extensionId), cancellationToken);

    public Subscription<ConsoleEntry> SubscribeConsole() => _console.Subscribe();

    public Subscription<ExtensionHalted> SubscribeHalted() => _halted.Subscribe();
}
