namespace ActorRuntime.Kernel;

/// <summary>
/// Stable ids for a context of an extension, derived from the extension and the context's label (and what the id is
/// for): the same every time the context opens, UUID-shaped as Chromium's are.
/// </summary>
internal static class ContextIds
{
    /// <summary>A UUID: <c>runtime.getContexts</c>' <c>contextId</c> (<paramref name="what"/> "context"), a worker client's id ("client").</summary>
    public static string Uuid(string extensionId, string label, string what, bool lowerCase = true)
    {
        var id = new Guid(Hash(extensionId, label, what).AsSpan(0, 16)).ToString();
        return lowerCase ? id : id.ToUpperInvariant();
    }

    /// <summary>Chromium's document ids: 32 upper-case hex digits.</summary>
    public static string DocumentId(string extensionId, string label) => Convert.ToHexString(Hash(extensionId, label, "document").AsSpan(0, 16));

    private static byte[] Hash(string extensionId, string label, string what) =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(extensionId + "\n" + label + (what == "context" ? "" : "\n" + what)));
}
