using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Kernel;

/// <summary>
/// One WebExtension event of one context (<c>runtime.onInstalled</c>, <c>runtime.onMessage</c>, ...): the
/// <c>addListener</c>/<c>removeListener</c>/<c>hasListener</c>/<c>hasListeners</c> object scripts see,
/// and the listener list the runtime dispatches to during the context's turn.
/// </summary>
internal sealed class ExtensionEvent
{
    private readonly List<JsValue> _listeners = new();
    private readonly ContextRealm _realm;

    public ExtensionEvent(ContextRealm realm, string name)
    {
        _realm = realm;
        Name = name;
        var target = new JsObject(realm.Engine);
        target.Method("addListener", (_, args) =>
        {
            var listener = Listener(args, "addListener");
            if (!_listeners.Contains(listener)) _listeners.Add(listener);
            return JsValue.Undefined;
        });
        target.Method("removeListener", (_, args) =>
        {
            _listeners.Remove(Listener(args, "removeListener"));
            return JsValue.Undefined;
        });
        target.Method("hasListener", (_, args) => args.Length > 0 && _listeners.Contains(args[0]));
        target.Method("hasListeners", (_, _) => _listeners.Count > 0);
        Target = target;
    }

    public string Name { get; }

    /// <summary>The object installed as, say, <c>browser.runtime.onInstalled</c>.</summary>
    public ObjectInstance Target { get; }

    public bool HasListeners => _listeners.Count > 0;

    /// <summary>Calls every listener in registration order; what one throws is reported and the others still run. Returns what each returned (null when it threw).</summary>
    public List<JsValue?> Dispatch(params JsValue[] arguments)
    {
        var results = new List<JsValue?>(_listeners.Count);
        // A listener may add or remove listeners: dispatch to the list as it was.
        foreach (var listener in _listeners.ToArray())
            results.Add(_realm.CallReporting(listener, JsValue.Undefined, arguments));
        return results;
    }

    private JsValue Listener(JsValue[] args, string method)
    {
        var listener = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (!listener.IsCallable())
            throw new JavaScriptException(_realm.Engine.Intrinsics.TypeError, $"Incorrect argument types for {Name}.{method}.");
        return listener;
    }
}
