namespace ActorRuntime.Browsing;

/// <summary>
/// A child frame of a tab's document (an <c>&lt;iframe&gt;</c>), as the model holds it for the tab's current navigation:
/// its id (positive, unique within the tab, never reused while the tab lives, as in Chromium), its parent's id (0: the
/// top frame), its URL, and its document's source (what the frame's content context loads). The top frame (id 0) is the
/// tab itself and no entry of these.
/// </summary>
internal sealed record BrowserFrame(int FrameId, int ParentFrameId, string Url, string Html)
{
    /// <summary>Chromium's documentId of the frame's document: 32 hexadecimal digits, one per document.</summary>
    public required string DocumentId { get; init; }

    /// <summary>How deep it nests: a frame of the top document is 1.</summary>
    public int Depth { get; init; } = 1;

    /// <summary>Its document did not load (nothing answered its URL): it shows the browser's error page.</summary>
    public bool ErrorOccurred { get; init; }
}

/// <summary>
/// A child frame found in a document before the tab holds it: <see cref="Key"/> names it among those planned, and
/// <see cref="ParentKey"/> its parent (0: the top frame). The model gives each its frame id when the tab takes them.
/// </summary>
internal sealed record PlannedFrame(int Key, int ParentKey, string Url, string Html, int Depth, bool ErrorOccurred);

/// <summary>Ids and addresses of a tab's documents, the same for every extension that sees them.</summary>
internal static class DocumentIds
{
    /// <summary>The top frame's document of one navigation of a tab.</summary>
    public static string Top(int tabId, int navigation) => $"{tabId:X16}{navigation:X16}";

    /// <summary>A child frame's document (the first half never reads as a top document's: a tab id is below 2^32).</summary>
    public static string Child(int tabId, int navigation, int frameId) => $"{(uint)tabId:X8}{(uint)navigation:X8}{frameId:X16}";

    /// <summary>Whether an about: document (about:blank, about:srcdoc) takes its origin from the frame that made it.</summary>
    public static bool IsInheriting(string url) =>
        url.StartsWith("about:blank", StringComparison.OrdinalIgnoreCase) || url.StartsWith("about:srcdoc", StringComparison.OrdinalIgnoreCase);
}
