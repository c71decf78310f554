using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Dom;

/// <summary>A window's <c>localStorage</c> (<paramref name="Local"/>) or <c>sessionStorage</c>: the area the kernel shares among the pages that see it.</summary>
internal sealed record StorageView(WebStorageArea Area, bool Local);

/// <summary>
/// The page's Web Storage: its <c>localStorage</c> and <c>sessionStorage</c> objects, their operations (with the 5 MiB
/// quota and the browsers' QuotaExceededError), and the <c>storage</c> events other pages' changes raise here, each
/// dispatched at the window as a task of its own after the task that made the change.
/// </summary>
internal sealed partial class DomBinding
{
    private StorageView? _localStorage;
    private StorageView? _sessionStorage;
    private List<(WebStorageChange Change, bool Local)>? _storageEvents;

    /// <summary>The window's <c>localStorage</c> or <c>sessionStorage</c>, the same object every time; a SecurityError where the document's origin is opaque.</summary>
    public JsValue StorageOf(bool local)
    {
        ref var view = ref local ? ref _localStorage : ref _sessionStorage;
        if (view is null)
        {
            var area = Realm.Extension.WebStorage.For(Realm.Info, local);
            if (area is null)
                throw DomError("SecurityError", Flavor == Flavor.Chrome
                    ? $"Failed to read the '{(local ? "localStorage" : "sessionStorage")}' property from 'Window': Access is denied for this document."
                    : "The operation is insecure.");
            view = new StorageView(area, local);
        }
        return Wrap(view);
    }

    /// <summary>
    /// A StorageEvent's <c>storageArea</c> as this world reads it: its own Storage object for that area (a tab's page and its
    /// content scripts share the event, each with its own engine), or the value itself when it is this world's.
    /// </summary>
    public JsValue StorageAreaFor(JsValue stored)
    {
        if (stored is not DomObject { Target: StorageView view } handle || ReferenceEquals(handle.Engine, Engine)) return stored;
        return ReferenceEquals(Realm.Extension.WebStorage.For(Realm.Info, view.Local), view.Area) ? StorageOf(view.Local) : JsValue.Null;
    }

    /// <summary>Listens for the changes other pages make to the storage this page sees.</summary>
    internal void ListenForStorageChanges() => Realm.OnWebStorageChange = OnStorageChanged;

    /// <summary>
    /// <c>setItem</c>, or an assignment to a named property (<paramref name="named"/>): refused whole past the quota, with
    /// the browsers' QuotaExceededError; a value that changes nothing raises no event, as in browsers.
    /// </summary>
    public void SetStorageItem(StorageView view, string key, string value, bool named)
    {
        if (!view.Area.Fits(key, value))
            throw DomError("QuotaExceededError", Flavor != Flavor.Chrome
                ? "The quota has been exceeded."
                : named
                    ? $"Failed to set a named property '{key}' on 'Storage': Setting the value of '{key}' exceeded the quota."
                    : $"Failed to execute 'setItem' on 'Storage': Setting the value of '{key}' exceeded the quota.");
        var (changed, old) = view.Area.Set(key, value);
        if (changed) Changed(view, key, old, value);
    }

    public void RemoveStorageItem(StorageView view, string key)
    {
        var (changed, old) = view.Area.Remove(key);
        if (changed) Changed(view, key, old, null);
    }

    public void ClearStorage(StorageView view)
    {
        if (view.Area.Clear()) Changed(view, null, null, null);
    }

    private void Changed(StorageView view, string? key, string? old, string? value) =>
        Realm.Extension.WebStorage.Broadcast(new WebStorageChange(view.Area, key, old, value, DocumentUrl, Realm), view.Local);

    /// <summary>Another page changed storage this page sees: queue its <c>storage</c> event, when something here listens for it.</summary>
    private void OnStorageChanged(WebStorageChange change, bool local)
    {
        if (!HasListeners(Window, "storage")) return;
        if (_storageEvents is null)
        {
            _storageEvents = [];
            Realm.Extension.Loop.Post(Realm, DispatchStorageEvents);
        }
        _storageEvents.Add((change, local));
    }

    private void DispatchStorageEvents()
    {
        var pending = _storageEvents ?? [];
        _storageEvents = null;
        foreach (var (change, local) in pending)
        {
            var ev = Interfaces.EventInterfaces.Create(this, Interfaces.StorageInterfaces.StorageEvent, "storage", bubbles: false, cancelable: false, fields =>
            {
                fields["key"] = String(change.Key);
                fields["oldValue"] = String(change.OldValue);
                fields["newValue"] = String(change.NewValue);
                fields["url"] = change.Url;
                fields["storageArea"] = StorageOf(local);
            });
            Dispatch(ev, Window);
        }
    }
}

/// <summary>
/// The script's <c>localStorage</c>/<c>sessionStorage</c> object: a Web IDL legacy platform object whose named
/// properties are the area's items (<c>localStorage.foo</c>, <c>localStorage.foo = "1"</c>, <c>delete localStorage.foo</c>,
/// <c>Object.keys(localStorage)</c>), visible unless the name is an own property or on the prototype chain
/// ([LegacyOverrideBuiltIns] absent), while every assignment of a string name stores an item, as in browsers.
/// </summary>
internal sealed class StorageHandle(DomBinding dom, StorageView view, ObjectInstance prototype) : DomObject(dom.Engine, view, prototype)
{
    private static string? Name(JsValue property) => property switch
    {
        JsString s => s.ToString(),
        JsNumber n => TypeConverter.ToString(n),
        _ => null,
    };

    /// <summary>Web IDL's named property visibility algorithm.</summary>
    private string? Visible(JsValue property)
    {
        if (Name(property) is not { } name || !view.Area.Contains(name)) return null;
        if (base.GetOwnProperty(property) != PropertyDescriptor.Undefined) return null;
        return Prototype is { } proto && proto.HasProperty(property) ? null : name;
    }

    public override PropertyDescriptor GetOwnProperty(JsValue property) =>
        Visible(property) is { } name ? new PropertyDescriptor(view.Area.Get(name), PropertyFlag.ConfigurableEnumerableWritable) : base.GetOwnProperty(property);

    public override JsValue Get(JsValue property, JsValue receiver) =>
        Visible(property) is { } name ? view.Area.Get(name) ?? Undefined : base.Get(property, receiver);

    public override bool Set(JsValue property, JsValue value, JsValue receiver)
    {
        if (!ReferenceEquals(receiver, this) || Name(property) is not { } name) return base.Set(property, value, receiver);
        dom.SetStorageItem(view, name, dom.DomString(value), named: true);
        return true;
    }

    public override bool DefineOwnProperty(JsValue property, PropertyDescriptor desc)
    {
        if (Name(property) is not { } name || base.GetOwnProperty(property) != PropertyDescriptor.Undefined) return base.DefineOwnProperty(property, desc);
        if (!desc.IsDataDescriptor()) return false;
        dom.SetStorageItem(view, name, dom.DomString(desc.Value ?? Undefined), named: true);
        return true;
    }

    public override bool Delete(JsValue property)
    {
        if (Visible(property) is not { } name) return base.Delete(property);
        dom.RemoveStorageItem(view, name);
        return true;
    }

    public override List<JsValue> GetOwnPropertyKeys(Types types = Types.String | Types.Symbol)
    {
        var keys = new List<JsValue>();
        if ((types & Types.String) != 0)
            foreach (var name in view.Area.Keys.ToList())
                if (Visible(name) is not null) keys.Add(new JsString(name));
        keys.AddRange(base.GetOwnPropertyKeys(types));
        return keys;
    }
}
