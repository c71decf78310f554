namespace ActorRuntime.Kernel;

internal enum ContextKind { Background, Popup, Options, Sidebar, Tab, ContentScript }

/// <summary>Who a context is: its label (as the CLI names it), kind, privacy and URL.</summary>
internal sealed record ContextInfo(string Label, ContextKind Kind, bool IsPrivate, string Url)
{
    public bool IsExtensionPage => Kind != ContextKind.ContentScript;

    /// <summary>The simulated tab a content script runs in.</summary>
    public int? TabId { get; init; }

    /// <summary>The value <c>getViews({type})</c> filters on.</summary>
    public string ViewType => Kind switch
    {
        ContextKind.Background => "background",
        ContextKind.Popup => "popup",
        ContextKind.Sidebar => "sidebar",
        _ => "tab",
    };
}
