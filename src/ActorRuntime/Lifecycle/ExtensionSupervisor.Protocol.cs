namespace ActorRuntime.Lifecycle;

public sealed partial class ExtensionSupervisor
{
    /// <summary>Messages the supervisor of one extension understands. Failures come back as <c>Status.Failure</c> with an <see cref="ExtensionRequestException"/>.</summary>
    public static class Protocol
    {
        /// <summary>Fire startup: a persistent background is loaded before <see cref="Started"/> is sent.</summary>
        public sealed record Start
        {
            public static readonly Start Instance = new();
        }

        public sealed record Started(string ExtensionId);

        /// <summary>Open <c>popup</c>, <c>options</c>, <c>sidebar</c>, <c>page:&lt;path&gt;</c> or <c>tab:&lt;url&gt;</c>; replies <see cref="ViewOpened"/> once its scripts have run.</summary>
        public sealed record OpenView(string Target, bool Private);

        public sealed record ViewOpened(string Label);

        /// <summary>Unload a context; the context replies <c>ContextActor.Protocol.Closed</c>.</summary>
        public sealed record CloseView(string Label);

        /// <summary>Evaluate in the context with that label (waking the background if needed); the context replies <c>ContextActor.Protocol.Evaluated</c>.</summary>
        public sealed record Evaluate(string Label, string Code)
        {
            /// <summary>The sender counted the request as outstanding work; whoever ends its journey ends that work.</summary>
            internal bool CountedAsWork { get; init; }
        }

        /// <summary>
        /// Deliver a <c>runtime.*</c> lifecycle event (<c>runtime.onInstalled</c>, <c>runtime.onStartup</c>, ...) to the
        /// background, waking an event page, with <paramref name="ArgumentsJson"/> (a JSON array) as the listeners' arguments;
        /// replies <see cref="EventDispatched"/> once it is queued ahead of anything sent later.
        /// </summary>
        public sealed record DispatchBackgroundEvent(string EventName, string ArgumentsJson = "[]");

        public sealed record EventDispatched(string EventName);

        public sealed record ListContexts
        {
            public static readonly ListContexts Instance = new();
        }

        public sealed record ContextList(IReadOnlyList<string> Labels);

        /// <summary>Where the background labelled <paramref name="Label"/> is in its life; replies <see cref="BackgroundStatus"/>.</summary>
        public sealed record GetBackgroundStatus(string Label = "background");

        public sealed record BackgroundStatus(string Label, BackgroundPhase Phase);

        /// <summary>To the parent: the event page was suspended and no view is open, so the extension holds nothing in memory worth keeping.</summary>
        public sealed record ExtensionIdle
        {
            public static readonly ExtensionIdle Instance = new();
        }

        /// <summary>From the clock: the idle wait of a background ran out.</summary>
        internal sealed record IdleDue(string Label, long Generation);

        /// <summary>From the clock: onSuspend listeners had their time (Firefox) or the suspending time passed (Chromium).</summary>
        internal sealed record SuspendDue(string Label, long Generation);

        /// <summary>From a context: the background took activity while suspending, and onSuspendCanceled has fired.</summary>
        internal sealed record SuspensionCanceled
        {
            public static readonly SuspensionCanceled Instance = new();
        }

        /// <summary>From a context: the background's open ports changed (Chromium's keep-alive count).</summary>
        internal sealed record KeepAliveChanged
        {
            public static readonly KeepAliveChanged Instance = new();
        }

        /// <summary>From a context sending a message or connecting: wake the background its messages reach; answered with a background page reply.</summary>
        internal sealed record WakeBackground(long RequestId, bool CallerIsPrivate);

        /// <summary>From a context's <c>runtime.getBackgroundPage()</c>: answered with a background page reply to the sender.</summary>
        internal sealed record GetBackgroundPage(long RequestId, bool CallerIsPrivate);
    }
}

/// <summary>A request the supervisor refuses: unknown context, view not declared, private window not allowed.</summary>
public sealed class ExtensionRequestException(string message) : Exception(message);
