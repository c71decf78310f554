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

    public static readonly DomInterface[] All = [AbortSignal, AbortController];

    public static DomInterface? For(object target) => target switch
    {
        AbortSignalState => AbortSignal,
        AbortControllerState => AbortController,
        _ => null,
    };
}
