using Jint;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;
using FieldKind = ActorRuntime.Dom.Interfaces.EventInterfaces.FieldKind;

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

    public static readonly DomInterface StorageEvent = EventInterfaces.Define("StorageEvent", EventInterfaces.Event,
        [("key", FieldKind.String), ("oldValue", FieldKind.String), ("newValue", FieldKind.String), ("url", FieldKind.String), ("storageArea", FieldKind.TargetOrNull)],
        m => m.Method("initStorageEvent", 1, (dom, e, args) =>
        {
            if (e.Dispatching) return JsValue.Undefined;
            e.Type = dom.Required(args, 0, "initStorageEvent", "StorageEvent");
            e.Bubbles = TypeConverter.ToBoolean(Argument(args, 1));
            e.Cancelable = TypeConverter.ToBoolean(Argument(args, 2));
            e.IsTrusted = false;
            e.Fields["key"] = NullableString(dom, Argument(args, 3));
            e.Fields["oldValue"] = NullableString(dom, Argument(args, 4));
            e.Fields["newValue"] = NullableString(dom, Argument(args, 5));
            e.Fields["url"] = new JsString(dom.DomString(Argument(args, 6).IsUndefined() ? JsString.Empty : args[6]));
            e.Fields["storageArea"] = Argument(args, 7) is DomObject { Target: StorageView } area ? area : JsValue.Null;
            return JsValue.Undefined;
        }), nullableStrings: ["key", "oldValue", "newValue"]);

    public static readonly DomInterface[] All = [Storage, StorageEvent];

    public static DomInterface? For(object target) => target is StorageView ? Storage : null;

    private static JsValue NullableString(DomBinding dom, JsValue value) => value.IsNull() || value.IsUndefined() ? JsValue.Null : new JsString(dom.DomString(value));
}
