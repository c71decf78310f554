namespace ActorRuntime.Lifecycle;

/// <summary>
/// Published on the actor system's event stream when an extension is stopped as a whole because it passed a limit
/// that holds over time (its CPU share, its timers, its pending messages, its memory). Its supervisor stays, refusing
/// requests with <paramref name="Reason"/>.
/// </summary>
public sealed record ExtensionHalted(string ExtensionId, string Reason);

/// <summary>A request to an extension that cannot answer: it was stopped as a whole (the extension failed, not the request).</summary>
public sealed class ExtensionFailedException(string message) : Exception(message);
