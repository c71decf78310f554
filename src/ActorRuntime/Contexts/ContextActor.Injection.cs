using ActorRuntime.Apis.Injection;

namespace ActorRuntime.Contexts;

/// <summary>An extension's injection into this frame of a tab (<c>scripting.executeScript</c>, <c>insertCSS</c>, ...), run on this context's turn.</summary>
internal sealed partial class ContextActor
{
    private void Inject(TabInjection injection)
    {
        // A page that failed to load, or a context that is not a tab's content context, has no document to inject into.
        if (_realm is not { IsDead: false } realm || _info.TabId != injection.TabId || _info.FrameId != injection.FrameId)
        {
            injection.Abandon();
            return;
        }
        try
        {
            Injector.Run(injection, realm, _webPage, _dom?.State);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever stopped it (a limit passed outside a script), the caller hears it; the turn recovers as usual.
            injection.Caller.Fail(Scripting.ErrorReport.Describe(ex));
            throw;
        }
    }
}
