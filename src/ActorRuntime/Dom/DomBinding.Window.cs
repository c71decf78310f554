using ActorRuntime.Kernel;

namespace ActorRuntime.Dom;

/// <summary>The page's window as a browser tab or view has it: its session history, its URL as history changes it, and <c>close()</c>.</summary>
internal sealed partial class DomBinding
{
    private string? _url;
    private SessionHistory? _history;

    /// <summary>The page's <c>location</c> object, as the realm made it.</summary>
    public Jint.Native.Object.ObjectInstance? Location { get; }

    /// <summary><c>window.history</c>, made on first use.</summary>
    public SessionHistory History => _history ??= new SessionHistory(this);

    /// <summary>The page's URL changed within the document (<c>pushState</c>, a traversal): <c>document.URL</c> and <c>location</c> follow.</summary>
    public void SetUrl(string url)
    {
        _url = url;
        if (Location is { } location) LocationObject.Assign(location, url);
    }

    /// <summary>Asks the context's owner to close the view after the current turn (one hook for every world of the document).</summary>
    public Action? CloseRequested { get => State.CloseRequested; set => State.CloseRequested = value; }

    /// <summary><c>window.closed</c>: the window has been asked to close and will.</summary>
    public bool Closed => State.Closed;

    /// <summary>
    /// <c>window.close()</c>: a popup (and an offscreen document) closes; a tab (an extension page, or a web page from its own world or a content
    /// script's) closes when its history has one entry, as both browsers let scripts close such a window, else stays
    /// with the browser's warning; Chromium's side panel closes, Firefox's sidebar stays (warning). A background page
    /// ignores it, as browsers do.
    /// </summary>
    public void Close()
    {
        if (Closed) return;
        var kind = Realm.Info.Kind;
        if (kind == ContextKind.Background) return;
        var closes = kind switch
        {
            ContextKind.Popup or ContextKind.Offscreen => true,
            ContextKind.Sidebar => Flavor == Flavor.Chrome,
            _ => History.Length == 1,
        };
        if (!closes)
        {
            Realm.Log("warn", Flavor == Flavor.Chrome
                ? "Scripts may close only the windows that were opened by them."
                : "Scripts may not close windows that were not opened by script.");
            return;
        }
        State.Closed = true;
        CloseRequested?.Invoke();
    }
}
