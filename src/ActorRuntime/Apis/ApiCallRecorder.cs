using ActorRuntime.Kernel;
using Jint;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>Records one API call for the harness: when it is made (asynchronous ones), and when it is answered.</summary>
internal sealed class ApiCallRecorder
{
    private readonly ContextRealm _realm;
    private readonly ApiCallRecord _call;

    private ApiCallRecorder(ContextRealm realm, ApiCallRecord call)
    {
        _realm = realm;
        _call = call;
    }

    public static ApiCallRecorder Start(ContextRealm realm, string name, JsValue[] arguments, bool isAsync)
    {
        var extension = realm.Extension;
        // The arguments as the script gave them (a trailing callback included, written as "<function>").
        var call = new ApiCallRecord(extension.Package.Id, realm.Label, name, ApiValueJson.Array(arguments, extension.Options.MaxMessageDepth))
        {
            Id = extension.Host.NextCallId(),
            Sequence = extension.NextConsoleSequence(),
            IsAsync = isAsync,
        };
        if (isAsync) extension.Host.Record(call);
        return new ApiCallRecorder(realm, call);
    }

    /// <summary>The call's answer: its result, or its error's message.</summary>
    public void Settled(JsValue? result, string? error)
    {
        var extension = _realm.Extension;
        extension.Host.Record(_call with
        {
            IsSettled = true,
            ResultJson = error is null && result is { } value && !value.IsUndefined() ? ApiValueJson.Value(value, extension.Options.MaxMessageDepth) : null,
            Error = error,
        });
    }
}
