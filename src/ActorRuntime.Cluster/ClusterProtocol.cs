namespace ActorRuntime.Cluster;

/// <summary>
/// What crosses processes between a <c>remote</c> client and the node hosting an extension: one operation
/// per message, answered with its result and the console lines the extension printed until it settled.
/// Written by <see cref="ClusterProtocolSerializer"/>, never by a reflection-based default serializer.
/// </summary>
public static class ClusterProtocol
{
    public enum OperationKind { Touch, Open, Evaluate, Close }

    /// <summary>Addressed by <see cref="ExtensionId"/> through the <c>extensions</c> shard region.</summary>
    public sealed record ExtensionCommand(string ExtensionId, OperationKind Kind, string Argument = "", string Code = "", bool Private = false);

    /// <summary><see cref="Failed"/>: the extension could not answer (it was stopped, or did not answer in time).</summary>
    /// <summary>Numbered as on the wire since v1 (3 was a kind no node ever sent).</summary>
    public enum ErrorKind { None = 0, Script = 1, Request = 2, Failed = 4 }

    /// <summary>
    /// <see cref="LinesBeforeResult"/>: how many of the <see cref="Console"/> lines were printed before an evaluation's
    /// result (the others by later tasks, before the extension settled); null when all of them were.
    /// </summary>
    public sealed record OperationResult(string? Value, ErrorKind Error, string? ErrorMessage, IReadOnlyList<string> Console, int? LinesBeforeResult = null);
}
