using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using Akka.Actor;
using Akka.Hosting;
using static ActorRuntime.Lifecycle.ExtensionRouter.Protocol;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Hosting;

/// <summary><see cref="IExtensionRuntime"/> over the <see cref="ExtensionRouter"/> registered by <c>WithActorRuntime</c>.</summary>
internal sealed class ExtensionRuntimeClient(IRequiredActor<ExtensionRouter> router, ConsoleBroadcast console, ActorSystem system) : IExtensionRuntime
{
    private TimeSpan Timeout => RuntimeOptions.FromConfig(system.Settings.Config).AskTimeout;

    private async Task<T> Ask<T>(object message, CancellationToken cancellationToken)
    {
        var actor = await router.GetAsync(cancellationToken);
        return await actor.Ask<T>(message, Timeout, cancellationToken);
    }

    private Task<T> Send<T>(string extensionId, object message, CancellationToken cancellationToken) =>
        Ask<T>(new ExtensionEnvelope(extensionId, message), cancellationToken);

    public async Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default) =>
        (await Ask<Loaded>(new Load(directory, flavor), cancellationToken)).ExtensionId;

    public async Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default) =>
        (await Ask<ExtensionList>(ExtensionRouter.Protocol.ListExtensions.Instance, cancellationToken)).ExtensionIds;

    public async Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default) =>
        (await Send<SupervisorProtocol.ViewOpened>(extensionId, new SupervisorProtocol.OpenView(target, isPrivate), cancellationToken)).Label;

    public async Task<string> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default) =>
        (await Send<ContextActor.Protocol.Evaluated>(extensionId, new SupervisorProtocol.Evaluate(label, code), cancellationToken)).Result;

    public Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default) =>
        Send<ContextActor.Protocol.Closed>(extensionId, new SupervisorProtocol.CloseView(label), cancellationToken);

    public async Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default) =>
        (await Send<SupervisorProtocol.ContextList>(extensionId, SupervisorProtocol.ListContexts.Instance, cancellationToken)).Labels;

    public Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) =>
        Send<SupervisorProtocol.EventDispatched>(extensionId, new SupervisorProtocol.DispatchBackgroundEvent(eventName, argumentsJson), cancellationToken);

    public Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default) =>
        Ask<Unloaded>(new Unload(extensionId), cancellationToken);

    public ConsoleSubscription SubscribeConsole() => console.Subscribe();

    public HaltedSubscription SubscribeHalted() => new(system);
}
