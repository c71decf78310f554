using ActorRuntime.Kernel;
using Akka.Actor;
namespace ActorRuntime.Lifecycle;

internal sealed partial class ExtensionSupervisor
{
    /// <summary>Messages the supervisor of one extension understands. Failures come back as <c>Status.Failure</c> with an <see cref="ExtensionRequestException"/>.</summary>
    // In-process only (the contexts of an extension live on its node): marked INoSerializationVerificationNeeded, so
    // akka.actor.serialize-messages checks what does cross processes (ActorRuntime.Cluster.ClusterProtocol).
    public static class Protocol
    {
        /// <summary>
        /// Fire startup: the background is loaded, then gets <c>runtime.onInstalled</c> and <c>runtime.onStartup</c>, before
        /// <see cref="Started"/> is sent. With <paramref name="RememberInstall"/> the install is recorded in the extension's
        /// storage, so a later start of the same version (a restart, another node) fires <c>onStartup</c> only, and a new
        /// version fires <c>onInstalled</c> with reason "update".
        /// </summary>
        public sealed record Start(bool RememberInstall = false) : INoSerializationVerificationNeeded
        {
            public static readonly Start Instance = new();
        }

        public sealed record Started(string ExtensionId) : INoSerializationVerificationNeeded;

        /// <summary>Open <c>popup</c>, <c>options</c>, <c>sidebar</c>, <c>page:&lt;path&gt;</c> or <c>tab:&lt;url&gt;</c>; replies <see cref="ViewOpened"/> once its scripts have run.</summary>
        public sealed record OpenView(string Target, bool Private) : INoSerializationVerificationNeeded
        {
            /// <summary>For <c>tab:&lt;url&gt;</c>: the web page's HTML (else an empty page titled with the URL).</summary>
            public string? PageHtml { get; init; }

            /// <summary>For <c>popup</c>: the page the extension set for its button, instead of the manifest's.</summary>
            public string? PopupPath { get; init; }
        }

        public sealed record ViewOpened(string Label) : INoSerializationVerificationNeeded;

        /// <summary>Unload a context; the context replies <c>ContextActor.Protocol.Closed</c>.</summary>
        public sealed record CloseView(string Label) : INoSerializationVerificationNeeded;

        /// <summary>Act on the page of the context with that label; the context replies <c>ContextActor.Protocol.Acted</c>.</summary>
        public sealed record Act(string Label, PageAction Action) : INoSerializationVerificationNeeded;

        /// <summary>Evaluate in the context with that label (waking the background if needed); the context replies <c>ContextActor.Protocol.Evaluated</c>.</summary>
        public sealed record Evaluate(string Label, string Code) : INoSerializationVerificationNeeded;

        /// <summary>
        /// Deliver a <c>runtime.*</c> lifecycle event (<c>runtime.onInstalled</c>, <c>runtime.onStartup</c>, ...) to the
        /// background, waking an event page, with <paramref name="ArgumentsJson"/> (a JSON array) as the listeners' arguments;
        /// replies <see cref="EventDispatched"/> once it is queued ahead of anything sent later.
        /// </summary>
        public sealed record DispatchBackgroundEvent(string EventName, string ArgumentsJson = "[]") : INoSerializationVerificationNeeded;

        public sealed record EventDispatched(string EventName) : INoSerializationVerificationNeeded;

        /// <summary>
        /// Fires <paramref name="EventName"/> (any event of any namespace, e.g. <c>browserAction.onClicked</c>) with a JSON array
        /// of arguments in every running context that listens (waking a suspended event page that listened); answered with
        /// <see cref="EventFired"/>.
        /// </summary>
        public sealed record FireEvent(string EventName, string ArgumentsJson = "[]") : INoSerializationVerificationNeeded;

        /// <summary>The listeners' results as a JSON array, one entry per listener (background first, then views in opening order).</summary>
        public sealed record EventFired(string ResultsJson) : INoSerializationVerificationNeeded;

        /// <summary>
        /// A click on the extension's toolbar button in the tab (the active tab of the focused window when null): replies
        /// <see cref="ViewOpened"/> when it opened the popup, <see cref="EventFired"/> with onClicked's listener results,
        /// or <see cref="ActionIgnored"/> when the button is disabled (or a page action not shown) there.
        /// </summary>
        public sealed record ClickAction(int? TabId) : INoSerializationVerificationNeeded;

        public sealed record ActionIgnored(string Reason) : INoSerializationVerificationNeeded;

        /// <summary>
        /// Unloading: stop once what the extension's pages wrote to <c>localStorage</c> is saved (a host that loads the
        /// extension again then reads it). Whoever watches the supervisor hears it has stopped.
        /// </summary>
        public sealed record StopWhenSaved : INoSerializationVerificationNeeded
        {
            public static readonly StopWhenSaved Instance = new();
        }

        public sealed record ListContexts : INoSerializationVerificationNeeded
        {
            public static readonly ListContexts Instance = new();
        }

        public sealed record ContextList(IReadOnlyList<string> Labels) : INoSerializationVerificationNeeded;

        /// <summary>Where the background labelled <paramref name="Label"/> is in its life; replies <see cref="BackgroundStatus"/>.</summary>
        public sealed record GetBackgroundStatus(string Label = "background") : INoSerializationVerificationNeeded;

        public sealed record BackgroundStatus(string Label, BackgroundPhase Phase) : INoSerializationVerificationNeeded;

        /// <summary>
        /// The harness terminates a background now (<c>--terminate</c>): a service worker stops at once, an event page is
        /// suspended (its <c>onSuspend</c> first). Answered with <see cref="BackgroundTerminated"/> or a failure.
        /// </summary>
        public sealed record TerminateBackground(string Label) : INoSerializationVerificationNeeded;

        /// <summary>Whether the background was running (a stopped one stays stopped).</summary>
        public sealed record BackgroundTerminated(string Label, bool WasRunning) : INoSerializationVerificationNeeded;

        /// <summary>To the parent: the event page was suspended and no view is open, so the extension holds nothing in memory worth keeping.</summary>
        public sealed record ExtensionIdle : INoSerializationVerificationNeeded
        {
            public static readonly ExtensionIdle Instance = new();
        }

        /// <summary>From the clock: the idle wait of a background ran out.</summary>
        internal sealed record IdleDue(string Label, int Generation) : INoSerializationVerificationNeeded;

        /// <summary>From the clock: onSuspend listeners had their time (Firefox) or the suspending time passed (Chromium).</summary>
        internal sealed record SuspendDue(string Label, int Generation) : INoSerializationVerificationNeeded;
    }
}
