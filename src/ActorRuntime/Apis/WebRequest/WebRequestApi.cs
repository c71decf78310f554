using Jint.Native;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// <c>webRequest</c>'s functions: <c>handlerBehaviorChanged</c> answers (the runtime keeps no cache for listeners to
/// invalidate). <c>getSecurityInfo</c> and <c>filterResponseData</c> are the host's to provide; the events are fired by the
/// request lifecycle (<see cref="RequestLifecycle"/>) and their listeners called as <see cref="WebRequestListeners"/> says.
/// </summary>
internal static class WebRequestApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry) =>
        registry["webRequest.handlerBehaviorChanged"] = new() { Function = call => call.Answer(JsValue.Undefined) };
}
