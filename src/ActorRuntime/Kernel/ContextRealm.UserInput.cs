namespace ActorRuntime.Kernel;

/// <summary>
/// Whether the context is handling the user's input, which some API functions demand (<c>permissions.request</c>, ...):
/// in Firefox only while a user's event is dispatched (the DOM's trusted input, a click on the toolbar button or a menu
/// item, a command); in Chromium for the user activation's 5 seconds after it (on the runtime's clock).
/// </summary>
internal sealed partial class ContextRealm
{
    /// <summary>How long Chromium's transient user activation lasts (its HTML standard's "transient activation duration").</summary>
    private static readonly TimeSpan TransientActivation = TimeSpan.FromSeconds(5);

    private int _userInputDepth;
    private DateTimeOffset _activatedUntil;

    /// <summary>Runs <paramref name="handling"/> as the handling of the user's input (the turn's own thread only).</summary>
    public void HandleUserInput(Action handling)
    {
        _userInputDepth++;
        _activatedUntil = Extension.Clock.GetUtcNow() + TransientActivation;
        try
        {
            handling();
        }
        finally
        {
            _userInputDepth--;
        }
    }

    public bool IsHandlingUserInput => Extension.Flavor == Flavor.Chrome
        ? Extension.Clock.GetUtcNow() < _activatedUntil
        : _userInputDepth > 0;
}
