using ActorRuntime.Scripting;
using Jint.Native;

namespace ActorRuntime.Kernel;

/// <summary>
/// One <c>runtime.sendMessage</c> / <c>tabs.sendMessage</c> in flight: the copy of the message, how many
/// receiving contexts are still to answer, and how the sender's promise or callback is settled. The first
/// response wins; when every receiver is done without one, the sender learns whether anybody listened.
/// Touched only during turns of the extension's loop.
/// </summary>
internal sealed class MessageExchange(ContextRealm sender, StructuredClone message, MessageExchange.Outcome settle)
{
    public const string NoReceiver = "Could not establish connection. Receiving end does not exist.";
    public const string PortClosed = "The message port closed before a response was received.";

    /// <summary>Called on a task of the sender: a response (already rebuilt in the sender's engine), or an error message.</summary>
    public delegate void Outcome(JsValue response, string? error);

    private int _remaining;
    private bool _anyListener;
    private readonly long _started = Telemetry.RuntimeTelemetry.StartTiming(Telemetry.RuntimeTelemetry.MessageDuration);

    public ContextRealm Sender { get; } = sender;
    public StructuredClone Message { get; } = message;
    public bool IsSettled { get; private set; }

    /// <summary>A receiver was found; it must end with <see cref="Respond"/>, <see cref="Fail"/> or <see cref="Done"/>.</summary>
    public void Expect() => _remaining++;

    /// <summary>No receivers at all were found: the sender hears so on a later task.</summary>
    public void NoneExpected()
    {
        if (_remaining == 0) Finish(JsValue.Undefined, NoReceiver);
    }

    public void Respond(StructuredClone response)
    {
        if (IsSettled) return;
        _anyListener = true;
        IsSettled = true;
        Measure("response");
        Post(() => settle(response.Materialize(Sender), null));
    }

    /// <summary>A listener's promise rejected: the sender's promise rejects with its message.</summary>
    public void Fail(string error)
    {
        if (IsSettled) return;
        _anyListener = true;
        Finish(JsValue.Undefined, error);
    }

    /// <summary>A receiver finished without responding (or went away while the sender waited).</summary>
    public void Done(bool hadListener)
    {
        _anyListener |= hadListener;
        if (--_remaining > 0 || IsSettled) return;
        if (!_anyListener) Finish(JsValue.Undefined, NoReceiver);
        // Firefox resolves with undefined when listeners exist but none answers; Chromium reports the closed port.
        else if (Sender.Extension.Flavor == Flavor.Chrome) Finish(JsValue.Undefined, PortClosed);
        else Finish(JsValue.Undefined, null);
    }

    private void Finish(JsValue response, string? error)
    {
        IsSettled = true;
        Measure(error is null ? "no_response" : error == NoReceiver ? "no_receiver" : error == PortClosed ? "port_closed" : "error");
        Post(() => settle(response, error));
    }

    private void Measure(string outcome)
    {
        if (_started == 0) return;
        Telemetry.RuntimeTelemetry.StopTiming(Telemetry.RuntimeTelemetry.MessageDuration, _started, new System.Diagnostics.TagList
        {
            { Telemetry.RuntimeTelemetry.ExtensionIdAttribute, Sender.Extension.Package.Id },
            { Telemetry.RuntimeTelemetry.OutcomeAttribute, outcome },
        });
    }

    private void Post(Action work) => Sender.Extension.Loop.Post(Sender, work);
}
