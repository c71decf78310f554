namespace ActorRuntime.Lifecycle;

/// <summary>
/// Published on the actor system's event stream when an extension is stopped as a whole because it passed a limit
/// that holds over time (its CPU share, its timers, its pending messages, its memory). Its supervisor stays, refusing
/// requests with <paramref name="Reason"/>.
/// </summary>
public sealed record ExtensionHalted(string ExtensionId, string Reason);
