using Jint;
using Jint.Native;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>Platform objects that are not nodes: AbortController and AbortSignal.</summary>
internal static class ExtraInterfaces
{
    public static readonly DomInterface AbortSignal = DomInterface.Define<AbortSignalState>("AbortSignal", NodeInterfaces.EventTarget, m =>
    {
        m.Get("aborted", (_, s) => Boolean(s.Aborted))
            .Get("reason", (_, s) => s.Reason)
            .Method("throwIfAborted", 0, (_, s, _) => s.Aborted ? throw new Jint.Runtime.JavaScriptException(s.Reason) : JsValue.Undefined)
            .Property("onabort", (dom, s) => dom.Handler(s, "abort"), (dom, s, v) => dom.SetHandler(s, "abort", v));
    });

    public static readonly DomInterface AbortController = DomInterface.Define<AbortControllerState>("AbortController", null, m => m
        .Constructible(0, (_, _) => new AbortControllerState())
        .Get("signal", (dom, c) => dom.Wrap(c.Signal))
        .Method("abort", 0, (dom, c, args) =>
        {
            c.Signal.Abort(dom, Argument(args, 0));
            return JsValue.Undefined;
        }));

    public static readonly DomInterface[] All = [AbortSignal, AbortController, MutationInterfaces.MutationObserver, MutationInterfaces.MutationRecord];

    public static DomInterface? For(object target) => target switch
    {
        AbortSignalState => AbortSignal,
        AbortControllerState => AbortController,
        MutationObserverState => MutationInterfaces.MutationObserver,
        AngleSharp.Dom.IMutationRecord => MutationInterfaces.MutationRecord,
        _ => null,
    };
}

/// <summary>MutationObserver and MutationRecord.</summary>
internal static class MutationInterfaces
{
    public static readonly DomInterface MutationObserver = DomInterface.Define<MutationObserverState>("MutationObserver", null, m => m
        .Constructible(1, (dom, args) =>
        {
            var callback = Argument(args, 0);
            if (callback is not Jint.Native.Object.ObjectInstance function || !function.IsCallable())
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to construct 'MutationObserver': parameter 1 is not of type 'Function'."
                    : "MutationObserver constructor: Argument 1 is not callable.");
            return new MutationObserverState(dom, callback);
        })
        .Method("observe", 1, (dom, o, args) =>
        {
            o.Observe(dom.Node<AngleSharp.Dom.INode>(args, 0, "observe", "MutationObserver", "Node"), Argument(args, 1));
            return JsValue.Undefined;
        })
        .Method("disconnect", 0, (_, o, _) =>
        {
            o.Disconnect();
            return JsValue.Undefined;
        })
        .Method("takeRecords", 0, (dom, o, _) => ElementInterfaces.JsArray(dom, o.TakeRecords().Select(r => dom.Wrap(r)))));

    public static readonly DomInterface MutationRecord = DomInterface.Define<AngleSharp.Dom.IMutationRecord>("MutationRecord", null, m => m
        .Get("type", (_, r) => r.Type)
        .Get("target", (dom, r) => dom.Wrap(r.Target))
        .Get("addedNodes", (dom, r) => dom.Wrap(r.Added ?? (object)new StaticNodeList([])))
        .Get("removedNodes", (dom, r) => dom.Wrap(r.Removed ?? (object)new StaticNodeList([])))
        .Get("previousSibling", (dom, r) => dom.Wrap(r.PreviousSibling))
        .Get("nextSibling", (dom, r) => dom.Wrap(r.NextSibling))
        .Get("attributeName", (_, r) => String(r.AttributeName))
        .Get("attributeNamespace", (_, r) => String(r.AttributeNamespace))
        .Get("oldValue", (_, r) => String(r.PreviousValue)));
}
