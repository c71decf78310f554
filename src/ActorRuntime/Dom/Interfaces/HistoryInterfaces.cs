using Jint;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary><c>History</c> (HTML): <c>length</c>, <c>state</c>, <c>scrollRestoration</c>, <c>pushState</c>/<c>replaceState</c>, <c>back</c>/<c>forward</c>/<c>go</c>.</summary>
internal static class HistoryInterfaces
{
    public static readonly DomInterface History = DomInterface.Define<SessionHistory>("History", null, m => m
        .Get("length", (_, h) => h.Length)
        .Get("state", (_, h) => h.State)
        .Property("scrollRestoration", (_, h) => h.ScrollRestoration, (dom, h, v) =>
        {
            // An enumeration attribute: a value outside it is ignored, as Web IDL says.
            var value = dom.DomString(v);
            if (value is "auto" or "manual") h.ScrollRestoration = value;
        })
        .Method("pushState", 2, (dom, h, args) => Add(dom, h, args, replace: false))
        .Method("replaceState", 2, (dom, h, args) => Add(dom, h, args, replace: true))
        .Method("go", 0, (_, h, args) => Go(h, Argument(args, 0).IsUndefined() ? 0 : TypeConverter.ToInt32(args[0])))
        .Method("back", 0, (_, h, _) => Go(h, -1))
        .Method("forward", 0, (_, h, _) => Go(h, 1)));

    public static readonly DomInterface[] All = [History];

    public static DomInterface? For(object target) => target is SessionHistory ? History : null;

    private static JsValue Add(DomBinding dom, SessionHistory history, JsValue[] args, bool replace)
    {
        dom.Required(args, 1, replace ? "replaceState" : "pushState", "History");
        history.Add(args[0], Argument(args, 2), replace);
        return JsValue.Undefined;
    }

    private static JsValue Go(SessionHistory history, int delta)
    {
        history.Go(delta);
        return JsValue.Undefined;
    }
}
