namespace ActorRuntime.Hosting;

/// <summary>
/// The hosted runtime from C#: the same operations as the CLI's steps, addressed by extension id.
/// Failures throw the runtime's exceptions (<see cref="Lifecycle.ExtensionRequestException"/>,
/// <see cref="Contexts.ScriptFailureException"/>, <see cref="Manifest.ManifestException"/>).
/// </summary>
public interface IExtensionRuntime
{
    /// <summary>Loads an extension folder and fires install/startup; returns the extension id.</summary>
    Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens <c>popup</c>, <c>options</c>, <c>sidebar</c>, <c>page:&lt;path&gt;</c> or <c>tab:&lt;url&gt;</c>; returns the context's label.</summary>
    Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default);

    /// <summary>Evaluates like a browser console in the context with that label; returns the result as JSON (a promise is awaited).</summary>
    Task<string> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default);

    Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default);

    /// <summary>Delivers an event to the extension's background (waking an event page), e.g. <c>runtime.onStartup</c>, with JSON arguments.</summary>
    Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default);

    Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default);

    /// <summary>Every console line of every extension from now on, tagged with its context.</summary>
    ConsoleSubscription SubscribeConsole();

    /// <summary>
    /// Every extension stopped as a whole from now on (it passed a limit that holds over time: CPU share, memory held,
    /// timers, queued tasks), with the reason also printed on its console; requests to it are refused afterwards.
    /// </summary>
    HaltedSubscription SubscribeHalted();
}
