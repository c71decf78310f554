namespace ActorRuntime;

/// <summary>
/// What the host answers for an extension API function it provides (<see cref="IExtensionRuntime.ProvideAsync"/>): it gets
/// the call's arguments as a JSON array (without a trailing callback; functions written as <c>"&lt;function&gt;"</c>) and
/// returns the result as JSON, or null for undefined. The extension's caller gets it in its promise or callback form; an
/// exception fails the call with its message (in <c>runtime.lastError</c>, or as the promise's rejection).
/// </summary>
public delegate Task<string?> ProvidedFunction(string argumentsJson);

/// <summary>
/// One call an extension made to its API (<see cref="IExtensionRuntime.SubscribeCalls"/>). An asynchronous call is
/// published twice under one <see cref="Id"/>: when it is made, and when it is answered (<see cref="IsSettled"/>), with
/// its result or error; a synchronous one once, answered.
/// </summary>
public sealed record ApiCallRecord(string ExtensionId, string Label, string Function, string ArgumentsJson)
{
    /// <summary>Identifies the call among the extension's calls (from 1).</summary>
    public long Id { get; init; }

    /// <summary>Position among the extension's console lines, to order the call against them.</summary>
    public long Sequence { get; init; }

    public bool IsAsync { get; init; }

    public bool IsSettled { get; init; }

    /// <summary>The result as JSON (null for undefined), once settled without error.</summary>
    public string? ResultJson { get; init; }

    /// <summary>The error's message, once settled with one (a throw, a rejection, runtime.lastError).</summary>
    public string? Error { get; init; }

    /// <summary>The line <c>run --calls</c> prints: <c>[label] call tabs.update(7,{"url":"..."})</c>.</summary>
    public override string ToString() =>
        $"[{Label}] call {Function}({(ArgumentsJson.Length >= 2 ? ArgumentsJson[1..^1] : ArgumentsJson)})";
}

/// <summary>A host script (<c>run --host file.js</c>): its code and the file name its errors name.</summary>
public sealed record HostScriptSource(string FileName, string Code);
