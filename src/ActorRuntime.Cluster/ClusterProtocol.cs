namespace ActorRuntime.Cluster;

/// <summary>
/// What crosses processes between a node that drives an extension and the node hosting it: one operation of
/// <see cref="IExtensionRuntime"/> per message, answered with its result and the console lines the extension printed
/// until it settled. Written by <see cref="ClusterProtocolSerializer"/>, never by a reflection-based default serializer.
/// </summary>
public static class ClusterProtocol
{
    /// <summary>Numbered as on the wire.</summary>
    public enum OperationKind { Settle = 0, Open = 1, Evaluate = 2, Close = 3, Contexts = 4, DispatchEvent = 5, Unload = 6, Act = 7, Respond = 8, Fire = 9, HostScript = 10, ActionClick = 11, ActionState = 12, Menus = 13, Request = 14, RuntimeContexts = 15, Terminate = 16 }

    /// <summary>
    /// Addressed by <see cref="ExtensionId"/> through the <c>extensions</c> shard region. <see cref="Argument"/>: the view to
    /// open, the label to evaluate in or close, the event name, the milliseconds to wait for settling, or the URL pattern to
    /// respond to; <see cref="Code"/>: the code to evaluate, a tab's web page HTML to open, the event's arguments as JSON,
    /// the page action as JSON (<c>{"kind","selector","value"}</c>, answered with <c>{"output","problem"}</c>), or the
    /// response to give as JSON (<c>{"status","statusText","headers":[[name,value]...],"body":base64}</c>), or a host script
    /// (<see cref="Argument"/> its file name), or a request's details as JSON (<see cref="Argument"/> its URL, answered with the <see cref="RequestResult"/> as JSON). <see cref="RecordCalls"/>: the extension's API calls are recorded from now on and
    /// come back in <see cref="OperationResult.Calls"/>. <see cref="TraceParent"/> and <see cref="TraceState"/>: the W3C trace
    /// context (<c>traceparent</c>, <c>tracestate</c>) of the span the request was sent in, null when it was not traced; the
    /// hosting node traces its handling as a child of it. (Both optional: a node that does not know them ignores them.)
    /// </summary>
    public sealed record ExtensionCommand(string ExtensionId, OperationKind Kind, string Argument = "", string Code = "", bool Private = false,
        bool RecordCalls = false, string? TraceParent = null, string? TraceState = null);

    /// <summary>
    /// <see cref="ErrorCode"/>: null on success, else one of <see cref="ErrorCodes"/>. <see cref="ResultMark"/>: the hosting node's sequence number (lines and calls share it) the result came after.
    /// <see cref="LinesBeforeResult"/>: how
    /// many of the <see cref="Console"/> lines were printed before an evaluation's result (the others by later tasks,
    /// before the extension settled); null when all of them were. <see cref="Settled"/>: whether the extension had
    /// settled when the answer left (else the node's settle-timeout passed first).
    /// </summary>
    public sealed record OperationResult(string? Value, string? ErrorCode, string? ErrorMessage, IReadOnlyList<ConsoleEntry> Console,
        int? LinesBeforeResult = null, bool Settled = false, IReadOnlyList<ApiCallRecord>? Calls = null, long? ResultMark = null);
}

/// <summary>A page action as <see cref="ClusterProtocol.ExtensionCommand.Code"/> carries it.</summary>
internal sealed record WireAction(PageActionKind Kind, string Selector, string? Value);

/// <summary>A page action's answer as <see cref="ClusterProtocol.OperationResult.Value"/> carries it.</summary>
internal sealed record WireActed(string? Output, string? Problem);

/// <summary>A registered response as <see cref="ClusterProtocol.ExtensionCommand.Code"/> carries it (the body base64, as JSON writes bytes).</summary>
internal sealed record WireResponse(int Status, string? StatusText, string[][] Headers, byte[] Body)
{
    public static WireResponse From(ResponseSpec response) =>
        new(response.Status, response.StatusText, response.Headers.Select(h => new[] { h.Key, h.Value }).ToArray(), response.Body);

    public ResponseSpec ToSpec() => new()
    {
        Status = Status,
        StatusText = StatusText,
        Headers = (Headers ?? []).Select(h => h is [var name, var value] ? new KeyValuePair<string, string>(name, value) : throw new ExtensionRequestException("a header of the response is not a [name, value] pair")).ToList(),
        Body = Body ?? [],
    };
}
