namespace ActorRuntime.Kernel;

internal sealed partial class ContextRealm
{
    /// <summary>
    /// Set by a page's DOM: told of a change another page made to a Storage area this page sees (its <c>storage</c> event;
    /// the flag says whether the area is a <c>localStorage</c>). Called on the turn of the change.
    /// </summary>
    public Action<WebStorageChange, bool>? OnWebStorageChange { get; set; }
}
