using ActorRuntime.Kernel;

namespace ActorRuntime.Dom;

/// <summary>The page's window as a browser tab or view has it: its session history and its URL as history changes it.</summary>
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
}
