namespace ActorRuntime.Manifest;

/// <summary>A manifest or extension folder that cannot be loaded; the message is one line naming file, path and expectation.</summary>
public sealed class ManifestException(string message) : Exception(message);
