using ActorRuntime.Scripting;

namespace ActorRuntime.Kernel;

/// <summary>What a context's browser APIs need from the actor that owns it.</summary>
internal interface IContextHost
{
    ContextRealm Realm { get; }
    ExtensionKernel Extension { get; }
    ContextTimers Timers { get; }

    /// <summary>An asynchronous API was called by this context: when it is the background, that resets Firefox's idle timer.</summary>
    void NoteApiCall();

    /// <summary>Wakes the background this context's messages reach (counting as activity of it); <paramref name="onReady"/> runs on a later turn of this context with its realm, or null when there is none.</summary>
    void WakeBackground(Action<ContextRealm?> onReady);

    /// <summary>Sends a storage request (through the supervisor to the extension's storage actor); <paramref name="onAnswer"/> runs on a later turn of this context.</summary>
    void CallStorage(Storage.ExtensionStorage.Protocol.StorageRequest request, Action<Storage.ExtensionStorage.Protocol.StorageAnswer> onAnswer);

    /// <summary>
    /// Sends a page's request to the extension's offline network; <paramref name="onAnswer"/> runs on a later turn of this
    /// context with the response, or null for a network error. The request counts as the extension's work until then.
    /// </summary>
    void Fetch(NetworkRequest request, Action<NetworkResponse?> onAnswer);

    /// <summary>
    /// Answers a page's synchronous request at once (a synchronous <c>XMLHttpRequest</c>): through the declarativeNetRequest
    /// rules of the browser's extensions (no listeners: they cannot be waited for on the turn); null for a network error.
    /// </summary>
    NetworkResponse? FetchNow(NetworkRequest request);

    /// <summary>
    /// Runs <paramref name="onDone"/> with <paramref name="task"/> on a later turn of this context, once it completes (a
    /// function the host provides answering); it counts as the extension's work until then.
    /// </summary>
    void Await(Task<string?> task, Action<Task<string?>> onDone);

    /// <summary>Settles one of this context's getBackgroundPage requests; only ever called during a turn of the loop.</summary>
    void AnswerBackgroundRequest(SupervisorSignals.BackgroundPageReply reply);

    /// <summary>Asks the supervisor for the background page; <paramref name="onAnswer"/> runs on a later turn of this context.</summary>
    void RequestBackgroundPage(Action<BackgroundAnswer> onAnswer);
}

/// <summary>The supervisor's answer to a getBackgroundPage request.</summary>
internal sealed record BackgroundAnswer(ContextRealm? Window, string? Error)
{
    public static readonly BackgroundAnswer Null = new(null, null);

    /// <summary>A wake: the background (a service worker) started for this request, which is then an event that woke it.</summary>
    public bool Woke { get; init; }
}
