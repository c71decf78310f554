namespace ActorRuntime.Browsing;

/// <summary>A tab inside the model, changed only under the model's lock; the world sees <see cref="BrowserTab"/> snapshots.</summary>
internal sealed class TabState(int id, WindowState window, string url, bool incognito)
{
    public int Id { get; } = id;
    public WindowState Window { get; set; } = window;
    public string Url { get; set; } = url;
    public string Title { get; set; } = "";
    public string Status { get; set; } = "loading";
    public bool Highlighted { get; set; }
    public bool Pinned { get; set; }
    public bool Muted { get; set; }
    public bool Discarded { get; set; }
    public bool AutoDiscardable { get; set; } = true;
    public bool Incognito { get; } = incognito;
    public int? OpenerTabId { get; set; }
    public long LastAccessed { get; set; }
    public int Navigation { get; set; }
    /// <summary>The URLs the tab visited, its first URL first, and where in them it is.</summary>
    public List<string> History { get; } = [url];
    public int HistoryIndex { get; set; }

    /// <summary>The child frames of the current navigation's document, parents before their children.</summary>
    public List<BrowserFrame> Frames { get; } = [];

    /// <summary>The last frame id given in this tab: ids are not reused while the tab lives.</summary>
    public int LastFrameId { get; set; }

    /// <summary>The current document's frames go (a navigation of the top frame) and <paramref name="planned"/> become its frames.</summary>
    public void TakeFrames(IReadOnlyList<PlannedFrame> planned)
    {
        Frames.Clear();
        var ids = new Dictionary<int, int> { [0] = 0 };
        foreach (var frame in planned)
        {
            // A frame whose parent was not taken is not either (the planner gives parents first).
            if (!ids.TryGetValue(frame.ParentKey, out var parent)) continue;
            var id = ++LastFrameId;
            ids[frame.Key] = id;
            Frames.Add(new BrowserFrame(id, parent, frame.Url, frame.Html)
            {
                DocumentId = DocumentIds.Child(Id, Navigation, id),
                Depth = frame.Depth,
                ErrorOccurred = frame.ErrorOccurred,
            });
        }
    }

    /// <summary>A new entry at <paramref name="next"/>: the entries after the current one go.</summary>
    public void Push(string next)
    {
        History.RemoveRange(HistoryIndex + 1, History.Count - HistoryIndex - 1);
        History.Add(next);
        HistoryIndex = History.Count - 1;
    }

    public bool Active => Window.Active == this;

    /// <summary>The snapshot; <paramref name="index"/> when the caller knows it already (a walk over the window).</summary>
    public BrowserTab Snapshot(int index = -1) => new()
    {
        Id = Id,
        WindowId = Window.Id,
        Index = index >= 0 ? index : Window.Tabs.IndexOf(this),
        Url = Url,
        Title = Title,
        Status = Status,
        Active = Active,
        Highlighted = Highlighted,
        Pinned = Pinned,
        Muted = Muted,
        Discarded = Discarded,
        AutoDiscardable = AutoDiscardable,
        Incognito = Incognito,
        OpenerTabId = OpenerTabId,
        LastAccessed = LastAccessed,
        Navigation = Navigation,
        Frames = Frames.Count == 0 ? [] : Frames.ToArray(),
    };
}

/// <summary>A window inside the model, changed only under the model's lock.</summary>
internal sealed class WindowState(int id, bool incognito)
{
    public int Id { get; } = id;
    public bool Incognito { get; } = incognito;
    public string Type { get; set; } = "normal";
    public string State { get; set; } = "normal";
    public int Left { get; set; }
    public int Top { get; set; }
    public int Width { get; set; } = 1280;
    public int Height { get; set; } = 800;
    public List<TabState> Tabs { get; } = [];
    public TabState? Active { get; set; }

    /// <summary>When it last got focus, in the model's order of focus changes: the most recent is the "last focused" window.</summary>
    public long FocusedAt { get; set; }

    public BrowserWindow Snapshot(bool withTabs, bool focused) => new()
    {
        Id = Id,
        Focused = focused,
        Incognito = Incognito,
        Type = Type,
        State = State,
        Left = Left,
        Top = Top,
        Width = Width,
        Height = Height,
        Tabs = withTabs ? Tabs.Select((tab, index) => tab.Snapshot(index)).ToArray() : [],
    };
}
