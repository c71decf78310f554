namespace ActorRuntime.Kernel;

/// <summary>
/// What a context is. <see cref="WebPage"/>: the web page of a tab (its own scripts and globals), not part of the extension.
/// <see cref="Offscreen"/>: Chromium's offscreen document (<c>offscreen.createDocument</c>), a page no user sees.
/// </summary>
internal enum ContextKind { Background, Popup, Options, Sidebar, Tab, ContentScript, WebPage, Offscreen }

/// <summary>Who a context is: its label (as the CLI names it), kind, privacy and URL.</summary>
internal sealed record ContextInfo(string Label, ContextKind Kind, bool IsPrivate, string Url)
{
    public bool IsExtensionPage => Kind is not (ContextKind.ContentScript or ContextKind.WebPage);

    /// <summary>An MV3 service worker (the background of the chrome flavour): a worker global scope, no window or document.</summary>
    public bool IsServiceWorker { get; init; }

    /// <summary>The simulated tab a content script runs in.</summary>
    public int? TabId { get; init; }

    /// <summary>The frame of <see cref="TabId"/> the context's document is in: 0 for the top frame (and outside tabs), else the child frame's id.</summary>
    public int FrameId { get; init; }

    /// <summary>Chromium's documentId of the tab's document the context is in (the browser model's), when it is in a tab.</summary>
    public string? DocumentId { get; init; }

    /// <summary>The value <c>getViews({type})</c> filters on.</summary>
    public string ViewType => Kind switch
    {
        ContextKind.Background => "background",
        ContextKind.Popup => "popup",
        ContextKind.Sidebar => "sidebar",
        ContextKind.Offscreen => "offscreen",
        _ => "tab",
    };
}
