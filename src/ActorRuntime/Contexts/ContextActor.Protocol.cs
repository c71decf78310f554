using ActorRuntime.Kernel;
using Akka.Actor;
namespace ActorRuntime.Contexts;

internal sealed partial class ContextActor
{
    /// <summary>Messages a context actor understands and the replies it gives.</summary>
    // In-process only (the contexts of an extension live on its node): marked INoSerializationVerificationNeeded, so
    // akka.actor.serialize-messages checks what does cross processes (ActorRuntime.Cluster.ClusterProtocol).
    public static class Protocol
    {
        /// <summary>Evaluate console input; replies <see cref="Evaluated"/> or a failure carrying <see cref="ScriptFailureException"/>.</summary>
        public sealed record Evaluate(string Code) : INoSerializationVerificationNeeded;

        /// <summary>Act on the page (or read an element) as a user would; replies <see cref="Acted"/>.</summary>
        public sealed record Act(PageAction Action) : INoSerializationVerificationNeeded;

        /// <summary>What the action gave; see <see cref="PageActionResult"/>.</summary>
        public sealed record Acted(string? Output, string? Problem) : INoSerializationVerificationNeeded
        {
            public long ConsoleMark { get; init; }
        }

        /// <summary>The completion value as <c>JSON.stringify</c> writes it, or <c>undefined</c>.</summary>
        public sealed record Evaluated(string Result) : INoSerializationVerificationNeeded
        {
            /// <summary>The <see cref="ConsoleEntry.Sequence"/> of the last console line printed before the result.</summary>
            public long ConsoleMark { get; init; }
        }

        /// <summary>
        /// From the supervisor of an extension stopped as a whole: stop, after refusing what is already in the mailbox (a
        /// message, unlike Akka's stop, comes after the requests the supervisor forwarded before it stopped the extension).
        /// </summary>
        internal sealed record StopHalted : INoSerializationVerificationNeeded
        {
            public static readonly StopHalted Instance = new();
        }

        /// <summary>Unload the context; replies <see cref="Closed"/> and stops.</summary>
        public sealed record Close : INoSerializationVerificationNeeded
        {
            public static readonly Close Instance = new();
        }

        public sealed record Closed(string Label) : INoSerializationVerificationNeeded;

        /// <summary>
        /// Sent by a context to its supervisor once its scripts have run. <paramref name="PageFailure"/>: the
        /// page itself could not be loaded; <paramref name="ScriptFailure"/>: one of its script files could not.
        /// </summary>
        public sealed record Loaded(string Label, string? PageFailure, string? ScriptFailure) : INoSerializationVerificationNeeded
        {
            internal Kernel.ContextRealm? Realm { get; init; }

            /// <summary>The wake the context was started for has been answered by the context itself.</summary>
            internal bool WakeAnswered { get; init; }
        }

        internal sealed record Load : INoSerializationVerificationNeeded
        {
            public static readonly Load Instance = new();
        }

        /// <summary>
        /// Run the listeners of event <paramref name="Name"/> (e.g. <c>runtime.onInstalled</c>) with arguments built in this
        /// context's engine. When <paramref name="Token"/> is set, <see cref="EventHandled"/> goes back to the sender once every
        /// listener has returned and every promise a listener returned has settled.
        /// </summary>
        internal sealed record DispatchEvent(string Name, Func<Jint.Engine, Jint.Native.JsValue[]> Arguments, long? Token = null) : INoSerializationVerificationNeeded
        {
            /// <summary>The event started the service worker: only listeners added during its initial evaluation hear it.</summary>
            public bool Waking { get; init; }
        }

        /// <summary>A service worker's own <c>install</c> or <c>activate</c> event (at install or update, before <c>runtime.onInstalled</c>).</summary>
        internal sealed record WorkerLifecycle(string Type) : INoSerializationVerificationNeeded;

        internal sealed record EventHandled(long Token, string Label) : INoSerializationVerificationNeeded;

        /// <summary>
        /// The host fires event <paramref name="Name"/> with JSON arguments: the listeners run, promises they return are
        /// awaited, and <see cref="ListenersAnswered"/> goes back with what each gave.
        /// </summary>
        internal sealed record FireEvent(long FireId, string Name, string ArgumentsJson) : INoSerializationVerificationNeeded
        {
            /// <summary>The event started the service worker: only listeners added during its initial evaluation hear it.</summary>
            public bool Waking { get; init; }
        }

        /// <summary>What each listener of a fired event gave, as JSON (null for nothing, or when it threw or rejected).</summary>
        internal sealed record ListenersAnswered(long FireId, IReadOnlyList<string> Results) : INoSerializationVerificationNeeded;

        /// <summary>
        /// To a background being woken: once loaded, answer <paramref name="Requester"/>'s getBackgroundPage request
        /// <paramref name="RequestId"/> with this page (or Chromium's failed-to-load error) on the same turn; or, given
        /// to a service worker started for a message or connection (<see cref="Wake"/>), answer that wake with itself.
        /// </summary>
        internal sealed record AnswerWhenLoaded(IActorRef Requester, long RequestId) : INoSerializationVerificationNeeded
        {
            /// <summary>A wake (a message or connection that starts the service worker): answered with the worker, as the event that woke it.</summary>
            public bool Wake { get; init; }
        }

        /// <summary>From the offline network: the answer to this context's request <paramref name="RequestId"/> (null: a network error).</summary>
        internal sealed record NetworkAnswered(long RequestId, NetworkResponse? Response) : INoSerializationVerificationNeeded;

        /// <summary>A task this context awaits (a host-provided function's answer) completed.</summary>
        internal sealed record TaskCompleted(long RequestId, Task<string?> Task) : INoSerializationVerificationNeeded;

        /// <summary>From the extension's clock: timer <paramref name="Id"/> of this context is due.</summary>
        internal sealed record TimerDue(int Id) : INoSerializationVerificationNeeded;
    }
}


