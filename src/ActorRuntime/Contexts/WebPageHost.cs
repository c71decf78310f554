using ActorRuntime.Kernel;

namespace ActorRuntime.Contexts;

/// <summary>
/// The web page of a tab, as the world its own scripts run in: a realm of its own (globals separate from the content
/// scripts'), owned by the tab's context actor and sharing its turn, timers and requests to the network. It has the web
/// platform and no extension API, so the requests only extension APIs make never come from it.
/// </summary>
internal sealed class WebPageHost(ExtensionKernel extension, ContextTimers timers, Action<NetworkRequest, Action<NetworkResponse?>> fetch) : IContextHost
{
    public ContextRealm Realm { get; set; } = null!;
    public ExtensionKernel Extension { get; } = extension;
    public ContextTimers Timers { get; } = timers;

    public void NoteApiCall()
    {
    }

    /// <summary>The tab's context sends it: its answer comes on a later turn of the tab.</summary>
    public void Fetch(NetworkRequest request, Action<NetworkResponse?> onAnswer) => fetch(request, onAnswer);

    public NetworkResponse? FetchNow(NetworkRequest request) => Apis.WebRequest.BrowserRequests.AnswerNow(Extension, request);

    public void WakeBackground(Action<ContextRealm?> onReady) => throw NoExtensionApi();

    public void CallStorage(Storage.ExtensionStorage.Protocol.StorageRequest request, Action<Storage.ExtensionStorage.Protocol.StorageAnswer> onAnswer) => throw NoExtensionApi();

    public void Await(Task<string?> task, Action<Task<string?>> onDone) => throw NoExtensionApi();

    public void AnswerBackgroundRequest(SupervisorSignals.BackgroundPageReply reply) => throw NoExtensionApi();

    public void RequestBackgroundPage(Action<BackgroundAnswer> onAnswer) => throw NoExtensionApi();

    private static InvalidOperationException NoExtensionApi() => new("a web page has no extension APIs");
}
