using Jint;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;
using Jint.Native.Object;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>Web Storage: the <c>Storage</c> interface of <c>localStorage</c>/<c>sessionStorage</c>, and <c>StorageEvent</c>.</summary>
internal static class StorageInterfaces
{
    public static readonly DomInterface Storage = DomInterface.Define<StorageView>("Storage", null, m => m
        .Get("length", (_, s) => s.Area.Count)
        .Method("key", 1, (dom, s, args) =>
        {
            if (args.Length == 0) dom.Required(args, 0, "key", "Storage");
            // Web IDL's unsigned long: taken modulo 2^32.
            var index = TypeConverter.ToUint32(args[0]);
            return String(index <= int.MaxValue ? s.Area.Key((int)index) : null);
        })
        .Method("getItem", 1, (dom, s, args) => String(s.Area.Get(dom.Required(args, 0, "getItem", "Storage"))))
        .Method("setItem", 2, (dom, s, args) =>
        {
            var key = dom.Required(args, 0, "setItem", "Storage");
            dom.SetStorageItem(s, key, dom.Required(args, 1, "setItem", "Storage"), named: false);
            return JsValue.Undefined;
        })
        .Method("removeItem", 1, (dom, s, args) =>
        {
            dom.RemoveStorageItem(s, dom.Required(args, 0, "removeItem", "Storage"));
            return JsValue.Undefined;
        })
        .Method("clear", 0, (dom, s, _) =>
        {
            dom.ClearStorage(s);
            return JsValue.Undefined;
        }));

    /// <summary>
    /// StorageEvent: <c>storageArea</c> is read as the reading world's own Storage object for the area (a tab's page and its
    /// content scripts each see theirs), never another engine's.
    /// </summary>
    public static readonly DomInterface StorageEvent = DomInterface.Define<DomEvent>("StorageEvent", EventInterfaces.Event, m => m
        .Constructible(1, (dom, args) =>
        {
            var type = dom.Required(args, 0, "constructor", "StorageEvent");
            var init = Argument(args, 1);
            if (!init.IsUndefined() && !init.IsNull() && init is not ObjectInstance)
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to construct 'StorageEvent': The provided value is not of type 'StorageEventInit'."
                    : "StorageEvent constructor: Value can't be converted to a dictionary.");
            var options = init as ObjectInstance;
            JsValue Read(string name) => options?.Get(name) ?? JsValue.Undefined;
            var ev = new DomEvent(StorageEvent!, type, TypeConverter.ToBoolean(Read("bubbles")), TypeConverter.ToBoolean(Read("cancelable")), dom.Now())
            {
                Composed = TypeConverter.ToBoolean(Read("composed")),
            };
            ev.Fields["key"] = NullableString(dom, Read("key"));
            ev.Fields["oldValue"] = NullableString(dom, Read("oldValue"));
            ev.Fields["newValue"] = NullableString(dom, Read("newValue"));
            ev.Fields["url"] = new JsString(Read("url").IsUndefined() ? "" : dom.DomString(Read("url")));
            ev.Fields["storageArea"] = StorageArea(dom, Read("storageArea"), "Failed to construct 'StorageEvent': member storageArea is not of type 'Storage'.",
                "StorageEvent constructor: 'storageArea' member of StorageEventInit does not implement interface Storage.");
            return ev;
        })
        .Get("key", (_, e) => Field(e, "key"))
        .Get("oldValue", (_, e) => Field(e, "oldValue"))
        .Get("newValue", (_, e) => Field(e, "newValue"))
        .Get("url", (_, e) => e.Fields.TryGetValue("url", out var url) ? url : JsString.Empty)
        .Get("storageArea", (dom, e) => e.Fields.TryGetValue("storageArea", out var area) ? dom.StorageAreaFor(area) : JsValue.Null)
        .Method("initStorageEvent", 1, (dom, e, args) =>
        {
            if (e.Dispatching) return JsValue.Undefined;
            e.Type = dom.Required(args, 0, "initStorageEvent", "StorageEvent");
            e.Bubbles = TypeConverter.ToBoolean(Argument(args, 1));
            e.Cancelable = TypeConverter.ToBoolean(Argument(args, 2));
            e.IsTrusted = false;
            e.Fields["key"] = NullableString(dom, Argument(args, 3));
            e.Fields["oldValue"] = NullableString(dom, Argument(args, 4));
            e.Fields["newValue"] = NullableString(dom, Argument(args, 5));
            e.Fields["url"] = new JsString(Argument(args, 6).IsUndefined() ? "" : dom.DomString(args[6]));
            e.Fields["storageArea"] = StorageArea(dom, Argument(args, 7), "Failed to execute 'initStorageEvent' on 'StorageEvent': parameter 8 is not of type 'Storage'.",
                "StorageEvent.initStorageEvent: Argument 8 does not implement interface Storage.");
            return JsValue.Undefined;
        }), (e, self) => e.Interface.Inherits(self));

    private static JsValue Field(DomEvent e, string name) => e.Fields.TryGetValue(name, out var value) ? value : JsValue.Null;

    /// <summary>A Storage object, or null (undefined too); anything else is the browsers' TypeError.</summary>
    private static JsValue StorageArea(DomBinding dom, JsValue value, string chrome, string firefox) => value switch
    {
        _ when value.IsNull() || value.IsUndefined() => JsValue.Null,
        DomObject { Target: StorageView } => value,
        _ => throw dom.TypeError(dom.Flavor == Flavor.Chrome ? chrome : firefox),
    };

    public static readonly DomInterface[] All = [Storage, StorageEvent];

    public static DomInterface? For(object target) => target is StorageView ? Storage : null;

    private static JsValue NullableString(DomBinding dom, JsValue value) => value.IsNull() || value.IsUndefined() ? JsValue.Null : new JsString(dom.DomString(value));
}
