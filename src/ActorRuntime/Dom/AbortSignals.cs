using Jint;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>An AbortSignal: aborted once, with a reason; what listens to it (a listener's <c>signal</c>, a fetch) is told first, then its <c>abort</c> event fires.</summary>
internal sealed class AbortSignalState : PlainEventTarget
{
    private List<Action>? _onAbort;

    public bool Aborted { get; private set; }
    public JsValue Reason { get; private set; } = JsValue.Undefined;

    public void OnAbort(Action action) => (_onAbort ??= []).Add(action);

    public void Abort(DomBinding dom, JsValue reason)
    {
        if (Aborted) return;
        Aborted = true;
        Reason = reason.IsUndefined() ? dom.DomError("AbortError", dom.Flavor == Flavor.Chrome ? "signal is aborted without reason" : "The operation was aborted. ").Error : reason;
        foreach (var action in _onAbort ?? []) action();
        _onAbort = null;
        dom.Dispatch(new DomEvent(Interfaces.EventInterfaces.Event, "abort", false, false, dom.Now()) { IsTrusted = true }, this);
    }
}

/// <summary>An AbortController: the signal it owns.</summary>
internal sealed class AbortControllerState
{
    public AbortSignalState Signal { get; } = new();
}
