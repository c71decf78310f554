using AngleSharp.Dom;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ActorRuntime.Dom;

/// <summary>
/// A script's MutationObserver. AngleSharp decides which mutations an observer sees (it implements the DOM Standard's
/// "queue a mutation record") and hands each record over as the mutation happens; the records are kept here and
/// delivered to the script's callback in one batch from a microtask, as browsers deliver them.
/// </summary>
internal sealed class MutationObserverState
{
    private readonly DomBinding _dom;
    private readonly JsValue _callback;
    private readonly List<IMutationRecord> _records = [];
    private bool _scheduled;

    public MutationObserverState(DomBinding dom, JsValue callback)
    {
        _dom = dom;
        _callback = callback;
        Observer = new MutationObserver((records, _) =>
        {
            _records.AddRange(records);
            Schedule();
        });
    }

    public MutationObserver Observer { get; }

    public void Observe(INode target, JsValue options)
    {
        var o = options as ObjectInstance;
        bool? Flag(string name) => o is null || o.Get(name).IsUndefined() ? null : TypeConverter.ToBoolean(o.Get(name));
        var childList = Flag("childList") ?? false;
        var attributeOldValue = Flag("attributeOldValue");
        var characterDataOldValue = Flag("characterDataOldValue");
        var filterValue = o?.Get("attributeFilter") ?? JsValue.Undefined;
        string[]? filter = null;
        if (!filterValue.IsUndefined())
        {
            if (filterValue is not ObjectInstance list) throw _dom.TypeError("The provided value cannot be converted to a sequence.");
            var length = (int)TypeConverter.ToNumber(list.Get("length"));
            filter = Enumerable.Range(0, Math.Max(0, length)).Select(i => _dom.DomString(list.Get(i))).ToArray();
        }
        // Omitted "attributes"/"characterData" are implied by the options that need them, as the standard says.
        var attributes = Flag("attributes") ?? (attributeOldValue is not null || filter is not null ? true : null);
        var characterData = Flag("characterData") ?? (characterDataOldValue is not null ? true : null);
        if (!childList && attributes != true && characterData != true)
            throw _dom.TypeError(_dom.Flavor == Flavor.Chrome
                ? "Failed to execute 'observe' on 'MutationObserver': The options object must set at least one of 'attributes', 'characterData', or 'childList' to true."
                : "MutationObserver.observe: One of 'childList', 'attributes', 'characterData' must not be false.");
        if (attributes == false && (attributeOldValue == true || filter is not null))
            throw _dom.TypeError("The options object may only set 'attributeOldValue' or 'attributeFilter' when 'attributes' is true or not present.");
        if (characterData == false && characterDataOldValue == true)
            throw _dom.TypeError("The options object may only set 'characterDataOldValue' when 'characterData' is true or not present.");
        Observer.Connect(target, childList, Flag("subtree") ?? false, attributes, characterData, attributeOldValue, characterDataOldValue, filter);
    }

    public void Disconnect()
    {
        Observer.Disconnect();
        _records.Clear();
    }

    public IReadOnlyList<IMutationRecord> TakeRecords()
    {
        var taken = _records.ToArray();
        _records.Clear();
        return taken;
    }

    private void Schedule()
    {
        if (_scheduled) return;
        _scheduled = true;
        var realm = _dom.Realm;
        var engine = realm.Engine;
        var deliver = new ClrFunction(engine, "", (_, _) =>
        {
            _scheduled = false;
            if (_records.Count == 0) return JsValue.Undefined;
            var records = TakeRecords().Select(r => _dom.Wrap(r)).ToArray();
            realm.CallReporting(_callback, _dom.Wrap(this), [new Jint.Native.JsArray(engine, records), _dom.Wrap(this)]);
            return JsValue.Undefined;
        });
        var resolved = engine.Call(realm.PromiseResolve, realm.PromiseConstructor, [JsValue.Undefined]);
        engine.Call(realm.PromiseThen, resolved, [deliver]);
    }
}
