using System.Text.Json;
using ActorRuntime.Kernel;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>idle</c>: nobody sits at the runtime's keyboard, so the host says when the user goes idle or comes back, by firing
/// <c>idle.onStateChanged</c> (<c>--fire idle.onStateChanged '["idle"]'</c>, <c>FireAsync</c>, <c>host.fire</c>); the state
/// it fires is what <c>queryState</c> answers from then on ("active" until the host says otherwise), whatever the interval
/// asked. <c>setDetectionInterval</c> is accepted: the host decides when the state changes.
/// </summary>
internal static class IdleApi
{
    public const string OnStateChanged = "idle.onStateChanged";

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["idle.queryState"] = new() { Function = call => call.Answer(call.Realm.Extension.HostIfAny?.IdleState ?? "active") };
        registry["idle.setDetectionInterval"] = new() { Function = _ => JsValue.Undefined };
        registry[OnStateChanged] = new() { HostFired = StateFired };
    }

    /// <summary>The host fired a state change: a state of the flavour's browser ("locked" is Chromium's) becomes the extension's.</summary>
    private static void StateFired(ExtensionKernel extension, string argumentsJson)
    {
        using var arguments = JsonDocument.Parse(argumentsJson, new JsonDocumentOptions { MaxDepth = extension.Options.MaxMessageDepth });
        var chromium = extension.Flavor == Flavor.Chrome;
        var state = arguments.RootElement.GetArrayLength() > 0 ? arguments.RootElement[0] : default;
        if (state.ValueKind == JsonValueKind.String && state.GetString() is var text && (text is "active" or "idle" || (chromium && text == "locked")))
        {
            extension.Host.IdleState = text;
            return;
        }
        // The listeners still hear what was fired; the host is told why the state did not follow.
        var got = state.ValueKind == JsonValueKind.Undefined ? "nothing" : OneLineText.Escape(state.GetRawText(), 40);
        extension.Report(new ConsoleEntry("host", "warn",
            $"{OnStateChanged}: expected a state ({(chromium ? "\"active\", \"idle\" or \"locked\"" : "\"active\" or \"idle\"")}), got {got}; the idle state stays \"{extension.HostIfAny?.IdleState ?? "active"}\""));
    }
}
