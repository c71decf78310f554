using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// What the <c>offscreen</c> and <c>sidePanel</c> APIs ask of the extension's supervisor (declared under both, as
/// <see cref="SupervisorSignals"/> are). A request that cannot be done is answered with a failure whose message is the
/// browser's text.
/// </summary>
internal static class PanelSignals
{
    /// <summary>Chromium's text for a second <c>createDocument</c>.</summary>
    public const string SingleOffscreenDocument = "Only a single offscreen document may be created.";

    /// <summary>Chromium's text for <c>closeDocument</c> with none open.</summary>
    public const string NoOffscreenDocument = "No current offscreen document.";

    /// <summary>
    /// <c>offscreen.createDocument</c>: open the extension page <paramref name="Path"/> (relative to the extension's folder)
    /// at <paramref name="Url"/> as the context labelled <c>offscreen</c>; answered once its scripts have run.
    /// </summary>
    internal sealed record CreateOffscreen(string Url, string Path, bool IsPrivate) : INoSerializationVerificationNeeded;

    /// <summary><c>offscreen.closeDocument</c>: answered once the document has gone.</summary>
    internal sealed record CloseOffscreen : INoSerializationVerificationNeeded
    {
        public static readonly CloseOffscreen Instance = new();
    }

    /// <summary><c>offscreen.hasDocument</c>: answered with <see cref="OffscreenState"/>.</summary>
    internal sealed record HasOffscreen : INoSerializationVerificationNeeded
    {
        public static readonly HasOffscreen Instance = new();
    }

    /// <summary>Whether the extension has its offscreen document (one being created counts, as in Chromium).</summary>
    internal sealed record OffscreenState(bool Exists) : INoSerializationVerificationNeeded;

    /// <summary>
    /// <c>sidePanel.open</c> (or a click on the button with <c>openPanelOnActionClick</c>): show the extension page
    /// <paramref name="Path"/> as the context labelled <c>sidebar</c>, in place of a panel showing another page; answered
    /// once its scripts have run.
    /// </summary>
    internal sealed record OpenSidePanel(string Path, bool IsPrivate) : INoSerializationVerificationNeeded;
}
