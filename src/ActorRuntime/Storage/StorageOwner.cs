using Akka.Actor;

namespace ActorRuntime.Storage;

/// <summary>
/// The extension a storage belongs to, as storage sees it: its id and flavour, how deeply stored values may nest, and
/// <see cref="ReportChange"/>, which sends a change report to the supervisor counted as the extension's outstanding work
/// until the supervisor takes it.
/// </summary>
internal sealed record StorageOwner(string ExtensionId, Flavor Flavor, int MaxValueDepth, Action<IActorRef, object> ReportChange);
