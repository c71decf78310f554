using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// What an extension's contexts and shared state tell its supervisor, and the supervisor's answers to them: declared
/// here, under both, so that the kernel depends on no actor above it.
/// </summary>
internal static partial class SupervisorSignals
{
    /// <summary>From a context: the background took activity while suspending, and onSuspendCanceled has fired.</summary>
    internal sealed record SuspensionCanceled : INoSerializationVerificationNeeded
    {
        public static readonly SuspensionCanceled Instance = new();
    }

    /// <summary>From a context: the background's open ports changed (Chromium's keep-alive count).</summary>
    internal sealed record KeepAliveChanged : INoSerializationVerificationNeeded
    {
        public static readonly KeepAliveChanged Instance = new();
    }

    /// <summary>A service worker's event or fetch outran its timeout: the supervisor stops that worker, if it is still the one running.</summary>
    internal sealed record WorkerOverdue(ContextRealm Worker, string Why) : INoSerializationVerificationNeeded;

    /// <summary>From a context sending a message or connecting: wake the background its messages reach; answered with a background page reply.</summary>
    internal sealed record WakeBackground(long RequestId, bool CallerIsPrivate) : INoSerializationVerificationNeeded;

    /// <summary>From a context's <c>runtime.openOptionsPage()</c>: open the options page (an open one is shown again); answered when loaded, or with a failure.</summary>
    internal sealed record OpenOptionsPage(bool IsPrivate) : INoSerializationVerificationNeeded;

    /// <summary><c>action.openPopup()</c>: the popup at <paramref name="Path"/> opens (answered once loaded, or with why not).</summary>
    internal sealed record OpenPopup(string Path, bool IsPrivate) : INoSerializationVerificationNeeded;

    /// <summary>The options page is open (it was already).</summary>
    internal sealed record OptionsPageShown : INoSerializationVerificationNeeded
    {
        public static readonly OptionsPageShown Instance = new();
    }

    /// <summary>From a context's <c>runtime.reload()</c>: every page closes and the background starts again, as after an update.</summary>
    internal sealed record Reload : INoSerializationVerificationNeeded
    {
        public static readonly Reload Instance = new();
    }

    /// <summary>From a host script (<c>host.fire</c>): fire the event in the extension; its listeners' results are not awaited by anyone.</summary>
    internal sealed record FireFromHost(string EventName, string ArgumentsJson) : INoSerializationVerificationNeeded;

    /// <summary>From a view whose page called <c>window.close()</c> (the sender): close it, as the browser closes the view; nobody waits for an answer.</summary>
    internal sealed record CloseViewRequested(string Label) : INoSerializationVerificationNeeded;

    /// <summary>From a context: the extension passed a limit that holds over time; stop it as a whole.</summary>
    internal sealed record Halt(string Reason) : INoSerializationVerificationNeeded;

    /// <summary>From a context's <c>runtime.getBackgroundPage()</c>: answered with a background page reply to the sender.</summary>
    internal sealed record GetBackgroundPage(long RequestId, bool CallerIsPrivate) : INoSerializationVerificationNeeded;

    /// <summary>
    /// From the turn that changed the extension's <c>localStorage</c>: the storage requests that save it, in order. The
    /// supervisor sends them to the extension's storage; each counts as the extension's work until the storage answers.
    /// </summary>
    internal sealed record SaveWebStorage(IReadOnlyList<Storage.ExtensionStorage.Protocol.StorageRequest> Requests) : INoSerializationVerificationNeeded;

    /// <summary>
    /// What the browser keeps of the extension across restarts changed (<see cref="KeptBrowserState"/>): the storage requests
    /// that save it, sent and counted like <see cref="SaveWebStorage"/>'s.
    /// </summary>
    internal sealed record SaveBrowserState(IReadOnlyList<Storage.ExtensionStorage.Protocol.StorageRequest> Requests) : INoSerializationVerificationNeeded;

    /// <summary>The supervisor's answer to a context's getBackgroundPage or wake request.</summary>
    internal sealed record BackgroundPageReply(long RequestId, BackgroundAnswer Answer) : INoSerializationVerificationNeeded;
}
