using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Kernel;

/// <summary>
/// How an event object behaves in a flavour: Firefox refuses a listener that is not a function and checks the extra
/// arguments of <c>addListener</c> (webRequest's filter); Chromium ignores a non-function and has <c>hasListeners</c>.
/// </summary>
/// <param name="CheckExtra">Checks <c>addListener</c>'s arguments after the listener (throws into the caller), when the event takes any.</param>
/// <param name="Accepts">
/// Whether a listener hears one dispatch, by the extra arguments it was added with (webNavigation's URL filters,
/// webRequest's filter) and the event's arguments; null: every listener hears every dispatch.
/// </param>
/// <param name="Call">
/// Calls one listener that hears a dispatch, given the extra arguments it was added with, and answers what counts as its
/// result (webRequest: each listener sees the details its <c>extraInfoSpec</c> asks for, and only a blocking listener's
/// answer counts); null: the listener is called with the event's arguments and its return value is its result.
/// </param>
internal sealed record ExtensionEventRules(bool Chromium, Action<JsValue[]>? CheckExtra = null, Func<JsValue[], JsValue[], bool>? Accepts = null,
    Func<JsValue[], JsValue, JsValue[], JsValue?>? Call = null)
{
    private static readonly ExtensionEventRules FirefoxRules = new(false);
    private static readonly ExtensionEventRules ChromiumRules = new(true);

    public static ExtensionEventRules For(Flavor flavor) => flavor == Flavor.Chrome ? ChromiumRules : FirefoxRules;
}

/// <summary>
/// One WebExtension event of one context (<c>runtime.onInstalled</c>, <c>runtime.onMessage</c>, ...): the
/// <c>addListener</c>/<c>removeListener</c>/<c>hasListener</c> (and Chromium's <c>hasListeners</c>) object scripts see,
/// and the listener list the runtime dispatches to during the context's turn.
/// </summary>
internal sealed class ExtensionEvent
{
    private readonly List<JsValue> _listeners = new();

    // The extra arguments each listener was added with, only for events that filter or call by them (made when the first is added).
    private Dictionary<JsValue, JsValue[]>? _extras;
    private readonly ContextRealm _realm;
    private readonly ExtensionEventRules _rules;

    public ExtensionEvent(ContextRealm realm, string name, ExtensionEventRules rules)
    {
        _realm = realm;
        _rules = rules;
        Name = name;
        var target = new JsObject(realm.Engine);
        target.Method("addListener", (_, args) =>
        {
            if (Listener(args) is not { } listener) return JsValue.Undefined;
            _rules.CheckExtra?.Invoke(args.Length > 1 ? args[1..] : []);
            if (!rules.Chromium && args.Length > 1 && _rules.CheckExtra is null)
                throw new JavaScriptException(_realm.Engine.Intrinsics.Error, $"Incorrect argument types for {Name}.");
            if (_listeners.Contains(listener)) return JsValue.Undefined;
            _listeners.Add(listener);
            if (_realm.InitialEvaluationOver) (_late ??= new(ReferenceEqualityComparer.Instance)).Add(listener);
            if (_rules.Accepts is not null || _rules.Call is not null) (_extras ??= new())[listener] = args.Length > 1 ? args[1..] : [];
            return JsValue.Undefined;
        });
        target.Method("removeListener", (_, args) =>
        {
            if (Listener(args) is { } listener && _listeners.Remove(listener))
            {
                _extras?.Remove(listener);
                _late?.Remove(listener);
            }
            return JsValue.Undefined;
        });
        target.Method("hasListener", (_, args) => Listener(args) is { } listener && _listeners.Contains(listener));
        if (rules.Chromium) target.Method("hasListeners", (_, _) => _listeners.Count > 0);
        Target = target;
    }

    public string Name { get; }

    /// <summary>The object installed as, say, <c>browser.runtime.onInstalled</c>.</summary>
    public ObjectInstance Target { get; }

    public bool HasListeners => _listeners.Count > 0 && !(_realm.DispatchingWake && _late?.Count == _listeners.Count);

    // A service worker's listeners added after its initial evaluation: they miss the event that woke it (Chromium).
    private HashSet<JsValue>? _late;

    public int ListenerCount => _listeners.Count;

    /// <summary>
    /// Calls every listener in registration order (those its filter accepts, for an event that filters); what one throws is
    /// reported and the others still run. Returns what each called one returned (null when it threw).
    /// </summary>
    public List<JsValue?> Dispatch(params JsValue[] arguments)
    {
        var results = new List<JsValue?>(_listeners.Count);
        var waking = _realm.DispatchingWake && _late is { Count: > 0 };
        if (waking)
            _realm.Log("warn", $"{Name}: {_late!.Count} listener(s) added after the service worker's initial evaluation missed the event that started it; add listeners synchronously at the top level of the worker script");
        // A listener may add or remove listeners: dispatch to the list as it was.
        foreach (var listener in _listeners.ToArray())
        {
            if (waking && _late!.Contains(listener)) continue;
            var extra = _extras?.GetValueOrDefault(listener) ?? [];
            if (_rules.Accepts is { } accepts && !accepts(extra, arguments)) continue;
            results.Add(_rules.Call is { } call ? call(extra, listener, arguments) : _realm.CallReporting(listener, JsValue.Undefined, arguments));
        }
        if (_realm.Info.IsServiceWorker) _realm.WatchEvent(Name, results);
        return results;
    }

    /// <summary>The listener argument; a non-function is refused (Firefox) or ignored (Chromium, which answers null here).</summary>
    private JsValue? Listener(JsValue[] args)
    {
        var listener = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (listener.IsCallable()) return listener;
        if (_rules.Chromium) return null;
        throw Refused();
    }

    private JavaScriptException Refused() => new(_realm.Engine.Intrinsics.Error, $"Invalid listener for {Name}.");
}
