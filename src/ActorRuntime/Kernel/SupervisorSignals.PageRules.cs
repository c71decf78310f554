using Akka.Actor;

namespace ActorRuntime.Kernel;

internal static partial class SupervisorSignals
{
    /// <summary>
    /// From a tab's document (the context labelled <paramref name="Label"/>): which of the css selectors the extension's
    /// declarativeContent rules watch match an element of it now. Sent on the document's first check and whenever the set
    /// changes, as Chromium's renderer reports a watched page's change.
    /// </summary>
    internal sealed record WatchedSelectorsMatched(int TabId, string Label, IReadOnlyList<string> Selectors) : INoSerializationVerificationNeeded;

    /// <summary>From the turn that changed the extension's declarativeContent rules: the css selectors they watch changed.</summary>
    internal sealed record WatchedSelectorsChanged : INoSerializationVerificationNeeded
    {
        public static readonly WatchedSelectorsChanged Instance = new();
    }
}
