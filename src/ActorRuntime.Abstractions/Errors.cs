namespace ActorRuntime;

/// <summary>
/// The stable code of each failure the runtime reports, the same in process and across a cluster: a client
/// decides on the code, never on the message text.
/// </summary>
public static class ErrorCodes
{
    /// <summary>A script threw or a promise rejected (<see cref="ScriptFailureException"/>).</summary>
    public const string Script = "script";

    /// <summary>An evaluation whose result can never come (<see cref="EvaluationStalledException"/>).</summary>
    public const string Stalled = "stalled";

    /// <summary>A request the runtime refuses: unknown extension or context, undeclared view (<see cref="ExtensionRequestException"/>).</summary>
    public const string Request = "request";

    /// <summary>An extension folder that cannot be loaded (<see cref="ManifestException"/>).</summary>
    public const string Manifest = "manifest";

    /// <summary>The extension was stopped as a whole and cannot answer (<see cref="ExtensionFailedException"/>).</summary>
    public const string Failed = "failed";

    /// <summary>The extension did not answer in time (<see cref="ExtensionTimeoutException"/>).</summary>
    public const string Timeout = "timeout";
}

/// <summary>Every failure the runtime reports: one line of text and a stable <see cref="Code"/> (<see cref="ErrorCodes"/>).</summary>
public abstract class ActorRuntimeException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The exception a failure reported elsewhere (another node) stands for; an unknown code is a failed extension.</summary>
    public static ActorRuntimeException FromCode(string code, string message, long? consoleMark = null) => code switch
    {
        ErrorCodes.Script => new ScriptFailureException(message) { ConsoleMark = consoleMark },
        ErrorCodes.Stalled => new EvaluationStalledException(message),
        ErrorCodes.Request => new ExtensionRequestException(message),
        ErrorCodes.Manifest => new ManifestException(message),
        ErrorCodes.Timeout => new ExtensionTimeoutException(message),
        _ => new ExtensionFailedException(message),
    };
}

/// <summary>A script threw or rejected; the message is the console line, <c>Uncaught Name: message</c>.</summary>
public sealed class ScriptFailureException(string message) : ActorRuntimeException(ErrorCodes.Script, message)
{
    /// <summary>The <see cref="ConsoleEntry.Sequence"/> of the last console line printed before the failure, when known.</summary>
    public long? ConsoleMark { get; init; }
}

/// <summary>An evaluation whose promise can never settle: nothing is running, queued or scheduled.</summary>
public sealed class EvaluationStalledException(string message) : ActorRuntimeException(ErrorCodes.Stalled, message);

/// <summary>A request the runtime refuses: unknown extension or context, view not declared, private window not allowed.</summary>
public sealed class ExtensionRequestException(string message) : ActorRuntimeException(ErrorCodes.Request, message);

/// <summary>A request to an extension that cannot answer: it was stopped as a whole (the extension failed, not the request).</summary>
public sealed class ExtensionFailedException(string message) : ActorRuntimeException(ErrorCodes.Failed, message);

/// <summary>The extension did not answer within <c>actorruntime.ask-timeout</c>.</summary>
public sealed class ExtensionTimeoutException(string message) : ActorRuntimeException(ErrorCodes.Timeout, message);

/// <summary>
/// An extension that cannot be loaded, said in one line naming the file, key or value and what was expected. Values
/// quoted from the extension may hold anything: control characters are written as escapes and a very long message is cut.
/// </summary>
public sealed class ManifestException(string message) : ActorRuntimeException(ErrorCodes.Manifest, OneLineText.Escape(message, MaxLength))
{
    private const int MaxLength = 2000;
}
