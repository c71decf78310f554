namespace ActorRuntime.Browsing;

/// <summary>One tab as the model holds it at a moment: what <c>tabs.Tab</c> objects are made from (privacy applied later, per extension).</summary>
internal sealed record BrowserTab
{
    public required int Id { get; init; }
    public required int WindowId { get; init; }
    public required int Index { get; init; }
    public required string Url { get; init; }
    public required string Title { get; init; }

    /// <summary><c>loading</c>, <c>complete</c> or <c>unloaded</c> (discarded).</summary>
    public required string Status { get; init; }
    public bool Active { get; init; }
    public bool Highlighted { get; init; }
    public bool Pinned { get; init; }
    public bool Muted { get; init; }
    public bool Discarded { get; init; }
    public bool AutoDiscardable { get; init; } = true;
    public bool Incognito { get; init; }
    public string? FavIconUrl { get; init; }
    public int? OpenerTabId { get; init; }

    /// <summary>Milliseconds since the epoch on the runtime's clock, when the tab was last active.</summary>
    public long LastAccessed { get; init; }

    /// <summary>Counts the tab's navigations: contexts made for one navigation are replaced on the next.</summary>
    public int Navigation { get; init; }

    /// <summary>The child frames of the tab's document (not the top frame, id 0), parents before their children.</summary>
    public IReadOnlyList<BrowserFrame> Frames { get; init; } = [];

    /// <summary>Chromium's documentId of the top frame's document.</summary>
    public string DocumentId => DocumentIds.Top(Id, Navigation);

    /// <summary>The child frame with that id; null for the top frame (0) and for ids the document does not have.</summary>
    public BrowserFrame? Frame(int frameId) => Frames.FirstOrDefault(frame => frame.FrameId == frameId);

    /// <summary>Whether the document has a frame with that id (0, the top frame, always).</summary>
    public bool HasFrame(int frameId) => frameId == 0 || Frame(frameId) is not null;

    /// <summary>The URL of the frame's document (the tab's for the top frame).</summary>
    public string FrameUrl(int frameId) => frameId == 0 ? Url : Frame(frameId)?.Url ?? Url;

    /// <summary>
    /// The URL an about:blank or about:srcdoc frame's origin comes from (its nearest ancestor that is not one; the frame's
    /// own URL otherwise): what host permissions and <c>match_about_blank</c> are checked against.
    /// </summary>
    public string OriginUrl(int frameId)
    {
        // Walked up the parents' chain, bounded by the number of frames (a parent always comes before its child).
        for (var steps = 0; steps <= Frames.Count && frameId != 0; steps++)
        {
            if (Frame(frameId) is not { } frame) break;
            if (!DocumentIds.IsInheriting(frame.Url)) return frame.Url;
            frameId = frame.ParentFrameId;
        }
        return Url;
    }
}

/// <summary>One window as the model holds it at a moment.</summary>
internal sealed record BrowserWindow
{
    public required int Id { get; init; }
    public bool Focused { get; init; }
    public bool Incognito { get; init; }

    /// <summary><c>normal</c>, <c>popup</c>, <c>panel</c> or <c>devtools</c>.</summary>
    public string Type { get; init; } = "normal";

    /// <summary><c>normal</c>, <c>minimized</c>, <c>maximized</c>, <c>fullscreen</c> or <c>docked</c>.</summary>
    public string State { get; init; } = "normal";
    public int Left { get; init; }
    public int Top { get; init; }
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 800;
    public IReadOnlyList<BrowserTab> Tabs { get; init; } = [];
}

/// <summary>What changed in the model, in the order it changed: each one is a browser event (<c>tabs.onCreated</c>, ...).</summary>
internal abstract record BrowserEvent
{
    /// <summary>Whether it happened in the private profile: extensions not allowed there do not hear it.</summary>
    public bool Incognito { get; init; }
}

internal sealed record TabCreated(BrowserTab Tab) : BrowserEvent;

/// <summary>
/// <c>tabs.onUpdated</c>: <paramref name="Changes"/> holds the properties that changed (<c>status</c>, <c>url</c>,
/// <c>title</c>, <c>pinned</c>, <c>mutedInfo</c>, <c>discarded</c>, ...), by their names in <c>changeInfo</c>.
/// </summary>
internal sealed record TabUpdated(BrowserTab Tab, IReadOnlyList<string> Changes) : BrowserEvent
{
    /// <summary>For a navigation's start: how it came about (webNavigation's <c>transitionType</c>: link, reload, ...).</summary>
    public string Transition { get; init; } = "link";

    /// <summary>For a navigation's start: it went back or forward in the tab's history.</summary>
    public bool ForwardBack { get; init; }
}

internal sealed record TabActivated(int TabId, int WindowId, int? PreviousTabId) : BrowserEvent;

internal sealed record TabHighlighted(int WindowId, IReadOnlyList<int> TabIds) : BrowserEvent;

internal sealed record TabMoved(int TabId, int WindowId, int FromIndex, int ToIndex) : BrowserEvent;

internal sealed record TabDetached(int TabId, int OldWindowId, int OldPosition) : BrowserEvent;

internal sealed record TabAttached(int TabId, int NewWindowId, int NewPosition) : BrowserEvent;

internal sealed record TabRemoved(BrowserTab Tab, bool IsWindowClosing) : BrowserEvent;

internal sealed record WindowCreated(BrowserWindow Window) : BrowserEvent;

internal sealed record WindowRemoved(int WindowId) : BrowserEvent;

/// <summary><c>windows.onFocusChanged</c>; -1 when no window has focus.</summary>
internal sealed record WindowFocusChanged(int WindowId) : BrowserEvent;

/// <summary>An operation the model refuses: an unknown tab or window, or a limit reached. The API layer words it per flavour.</summary>
internal sealed class BrowserModelException(BrowserRefusal refusal, string detail) : Exception(detail)
{
    public BrowserRefusal Refusal { get; } = refusal;
}

internal enum BrowserRefusal { NoSuchTab, NoSuchWindow, TooMany, Invalid }
