using Akka.Actor;

namespace ActorRuntime.Apis;

/// <summary>
/// An API call the extension's supervisor answers (opening a popup, a side panel, an offscreen document): asked with the
/// runtime's ask timeout, settled on the calling context's turn.
/// </summary>
internal static class SupervisorRequests
{
    /// <summary>Runs <paramref name="answered"/> with the supervisor's reply, or <paramref name="failed"/> with the failure's message.</summary>
    public static void Ask(ApiCall call, object request, Action<object> answered, Action<string> failed)
    {
        var extension = call.Realm.Extension;
        object? reply = null;
        // Host.Await takes a task of text; the reply itself is kept aside (t.Result rethrows a failure, which done carries).
        var ask = extension.Supervisor.Ask<object>(request, extension.Options.AskTimeout)
            .ContinueWith(t => { reply = t.Result; return (string?)null; }, TaskScheduler.Default);
        call.Host.Await(ask, done =>
        {
            if (done.IsCompletedSuccessfully) answered(reply!);
            else failed(done.Exception?.GetBaseException().Message ?? "the browser did not answer");
        });
    }
}
