using static ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Storage;

/// <summary>How storage failures read in the errors scripts get: the call (<c>storage.local.set</c>) and a one-line reason.</summary>
internal static class StorageFailure
{
    /// <summary>The script-facing name of a request, e.g. <c>storage.local.set</c>.</summary>
    public static string Operation(StorageRequest request) => $"storage.{request.Area}.{request switch
    {
        Get => "get",
        Set => "set",
        Remove => "remove",
        Clear => "clear",
        GetBytesInUse => "getBytesInUse",
        MarkInstalled => "record",
        _ => "call",
    }}";

    /// <summary>
    /// The innermost message of <paramref name="cause"/> on one line: the database's own words
    /// (<c>SQLite Error 8: 'attempt to write a readonly database'.</c>), never a type name or a stack.
    /// </summary>
    public static string Reason(Exception cause)
    {
        var message = cause.GetBaseException().Message;
        if (string.IsNullOrWhiteSpace(message)) message = cause.Message;
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length == 0 ? "the store gave no reason" : line;
    }

    /// <summary>The error of a call that could not be served because the store is unavailable.</summary>
    public static string Unavailable(StorageRequest request, string reason) => $"{Operation(request)} failed: storage is unavailable: {reason}";
}
