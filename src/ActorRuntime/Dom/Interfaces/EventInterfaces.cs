using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>Event and the event interfaces pages use, each with the fields of its init dictionary.</summary>
internal static class EventInterfaces
{
    internal enum FieldKind { Boolean, Number, String, Any, TargetOrNull, WindowOrNull }

    private static readonly Dictionary<DomInterface, (string Name, FieldKind Kind)[]> FieldsOf = new(ReferenceEqualityComparer.Instance);
    private static readonly Dictionary<DomInterface, string[]> NullableStrings = new(ReferenceEqualityComparer.Instance);

    private static readonly (string, FieldKind)[] Modifiers =
        [("ctrlKey", FieldKind.Boolean), ("shiftKey", FieldKind.Boolean), ("altKey", FieldKind.Boolean), ("metaKey", FieldKind.Boolean)];

    public static readonly DomInterface Event = Define("Event", null, []);

    public static readonly DomInterface CustomEvent = Define("CustomEvent", Event, [("detail", FieldKind.Any)], m => m
        .Method("initCustomEvent", 1, (dom, e, args) =>
        {
            if (!e.Dispatching)
            {
                Init(e, dom, args);
                e.Fields["detail"] = Argument(args, 3).IsUndefined() ? JsValue.Null : Argument(args, 3);
            }
            return JsValue.Undefined;
        }));

    public static readonly DomInterface UIEvent = Define("UIEvent", Event, [("detail", FieldKind.Number), ("view", FieldKind.WindowOrNull), ("which", FieldKind.Number)],
        m => m.Method("initUIEvent", 1, (dom, e, args) =>
        {
            if (!e.Dispatching) InitUIEvent(e, dom, args);
            return JsValue.Undefined;
        }));


    public static readonly DomInterface MouseEvent = Define("MouseEvent", UIEvent,
    [
        ("screenX", FieldKind.Number), ("screenY", FieldKind.Number), ("clientX", FieldKind.Number), ("clientY", FieldKind.Number),
        ("pageX", FieldKind.Number), ("pageY", FieldKind.Number), ("offsetX", FieldKind.Number), ("offsetY", FieldKind.Number),
        ("movementX", FieldKind.Number), ("movementY", FieldKind.Number), ("x", FieldKind.Number), ("y", FieldKind.Number),
        ("button", FieldKind.Number), ("buttons", FieldKind.Number), ("relatedTarget", FieldKind.TargetOrNull), .. Modifiers,
    ], m => m.Method("getModifierState", 1, (dom, e, args) => Boolean(ModifierState(e, dom.DomString(Argument(args, 0)))))
        .Method("initMouseEvent", 1, (dom, e, args) =>
        {
            if (e.Dispatching) return JsValue.Undefined;
            InitUIEvent(e, dom, args);
            string[] numbers = ["screenX", "screenY", "clientX", "clientY"];
            for (var i = 0; i < numbers.Length; i++) e.Fields[numbers[i]] = JsNumber.Create(TypeConverter.ToInt32(Argument(args, 5 + i)));
            e.Fields["x"] = e.Fields["clientX"];
            e.Fields["y"] = e.Fields["clientY"];
            InitModifiers(e, args, 9);
            e.Fields["button"] = JsNumber.Create((short)TypeConverter.ToInt32(Argument(args, 13)));
            var related = Argument(args, 14);
            e.Fields["relatedTarget"] = related.IsUndefined() ? JsValue.Null : related is DomObject || related.IsNull() || ReferenceEquals(related, dom.Realm.Global)
                ? related
                : throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to execute 'initMouseEvent' on 'MouseEvent': parameter 15 is not of type 'EventTarget'."
                    : "MouseEvent.initMouseEvent: Argument 15 does not implement interface EventTarget.");
            return JsValue.Undefined;
        }));

    public static readonly DomInterface KeyboardEvent = Define("KeyboardEvent", UIEvent,
    [
        ("key", FieldKind.String), ("code", FieldKind.String), ("location", FieldKind.Number), ("repeat", FieldKind.Boolean),
        ("isComposing", FieldKind.Boolean), ("charCode", FieldKind.Number), ("keyCode", FieldKind.Number), .. Modifiers,
    ], m => m.Method("getModifierState", 1, (dom, e, args) => Boolean(ModifierState(e, dom.DomString(Argument(args, 0)))))
        .Method("initKeyboardEvent", 1, (dom, e, args) =>
        {
            // initKeyboardEvent(type, bubbles, cancelable, view, key, location, ctrlKey, altKey, shiftKey, metaKey)
            if (e.Dispatching) return JsValue.Undefined;
            InitUIEvent(e, dom, [.. args.Take(4)]);
            e.Fields["key"] = new JsString(dom.DomString(args.Length > 4 ? args[4] : JsString.Empty));
            e.Fields["location"] = JsNumber.Create(TypeConverter.ToUint32(Argument(args, 5)));
            InitModifiers(e, args, 6);
            return JsValue.Undefined;
        }));

    public static readonly DomInterface FocusEvent = Define("FocusEvent", UIEvent, [("relatedTarget", FieldKind.TargetOrNull)]);

    public static readonly DomInterface InputEvent = Define("InputEvent", UIEvent,
        [("data", FieldKind.String), ("inputType", FieldKind.String), ("isComposing", FieldKind.Boolean)], nullableStrings: ["data"]);

    public static readonly DomInterface SubmitEvent = Define("SubmitEvent", Event, [("submitter", FieldKind.TargetOrNull)]);

    public static readonly DomInterface ErrorEvent = Define("ErrorEvent", Event,
        [("message", FieldKind.String), ("filename", FieldKind.String), ("lineno", FieldKind.Number), ("colno", FieldKind.Number), ("error", FieldKind.Any)]);

    public static readonly DomInterface PopStateEvent = Define("PopStateEvent", Event, [("state", FieldKind.Any)]);

    public static readonly DomInterface HashChangeEvent = Define("HashChangeEvent", Event, [("oldURL", FieldKind.String), ("newURL", FieldKind.String)]);

    public static readonly DomInterface CompositionEvent = Define("CompositionEvent", UIEvent, [("data", FieldKind.String)]);

    public static readonly DomInterface WheelEvent = Define("WheelEvent", MouseEvent,
        [("deltaX", FieldKind.Number), ("deltaY", FieldKind.Number), ("deltaZ", FieldKind.Number), ("deltaMode", FieldKind.Number)]);

    public static readonly DomInterface DragEvent = Define("DragEvent", MouseEvent, [("dataTransfer", FieldKind.TargetOrNull)]);

    public static readonly DomInterface MessageEvent = Define("MessageEvent", Event,
        [("data", FieldKind.Any), ("origin", FieldKind.String), ("lastEventId", FieldKind.String), ("source", FieldKind.TargetOrNull)]);

    /// <summary>BeforeUnloadEvent and TextEvent have no constructor: <c>document.createEvent</c> makes them.</summary>
    public static readonly DomInterface BeforeUnloadEvent = Define("BeforeUnloadEvent", Event, []);

    public static readonly DomInterface TextEvent = Define("TextEvent", UIEvent, [("data", FieldKind.String)]);

    public static readonly DomInterface[] All = [Event, CustomEvent, UIEvent, MouseEvent, KeyboardEvent, FocusEvent, InputEvent, SubmitEvent, ErrorEvent, PopStateEvent, HashChangeEvent,
        CompositionEvent, WheelEvent, DragEvent, MessageEvent, BeforeUnloadEvent, TextEvent];

    private static bool ModifierState(DomEvent e, string key) => key switch
    {
        "Control" => Flag(e, "ctrlKey"),
        "Shift" => Flag(e, "shiftKey"),
        "Alt" => Flag(e, "altKey"),
        "Meta" => Flag(e, "metaKey"),
        _ => false,
    };

    private static bool Flag(DomEvent e, string field) => e.Fields.TryGetValue(field, out var value) && TypeConverter.ToBoolean(value);

    /// <summary>A trusted event the runtime fires (a click, an input), with the fields its interface defaults to.</summary>
    public static DomEvent Create(DomBinding dom, DomInterface type, string name, bool bubbles, bool cancelable, Action<Dictionary<string, JsValue>>? fields = null)
    {
        var created = new DomEvent(type, name, bubbles, cancelable, dom.Now()) { Composed = true, IsTrusted = true };
        ApplyDefaults(created, type, dom, JsValue.Undefined);
        fields?.Invoke(created.Fields);
        return created;
    }


    /// <summary>An event interface: constructible with its init dictionary, whose fields are read back as attributes.</summary>
    internal static DomInterface Define(string name, DomInterface? parent, (string Name, FieldKind Kind)[] fields,
        Action<DomInterface.Members<DomEvent>>? more = null, string[]? nullableStrings = null)
    {
        DomInterface? created = null;
        created = DomInterface.Define<DomEvent>(name, parent, m =>
        {
            m.Constructible(1, (dom, args) =>
            {
                var type = dom.Required(args, 0, "constructor", name);
                var init = Argument(args, 1);
                if (!init.IsUndefined() && !init.IsNull() && init is not ObjectInstance)
                    throw dom.TypeError(dom.Flavor == Flavor.Chrome
                        ? $"Failed to construct '{name}': The provided value is not of type '{name}Init'."
                        : $"{name} constructor: Value can't be converted to a dictionary.");
                var ev = new DomEvent(created!, type, Bool(init, "bubbles"), Bool(init, "cancelable"), dom.Now()) { Composed = Bool(init, "composed") };
                ApplyDefaults(ev, created!, dom, init);
                return ev;
            });
            if (parent is null) EventMembers(m);
            foreach (var (field, kind) in fields)
                m.Get(field, (_, e) => e.Fields.TryGetValue(field, out var value) ? value : Default(kind, field, created!));
            more?.Invoke(m);
        }, (e, self) => e.Interface.Inherits(self));
        FieldsOf[created] = fields;
        NullableStrings[created] = nullableStrings ?? [];
        return created;
    }

    private static JsValue Default(FieldKind kind, string field, DomInterface type) => kind switch
    {
        FieldKind.Boolean => JsBoolean.False,
        FieldKind.Number => JsNumber.Create(0),
        FieldKind.String => NullableStrings.GetValueOrDefault(type)?.Contains(field) == true ? JsValue.Null : JsString.Empty,
        FieldKind.Any => field is "detail" or "state" ? JsValue.Null : JsValue.Undefined,
        _ => JsValue.Null,
    };

    private static bool Bool(JsValue init, string name) => init is ObjectInstance o && TypeConverter.ToBoolean(o.Get(name));

    /// <summary>Reads the init dictionary of the event's interface and of every interface above it.</summary>
    private static void ApplyDefaults(DomEvent ev, DomInterface type, DomBinding dom, JsValue init)
    {
        for (var current = type; current is not null; current = current.Parent)
        {
            if (!FieldsOf.TryGetValue(current, out var fields)) continue;
            foreach (var (field, kind) in fields)
            {
                if (ev.Fields.ContainsKey(field)) continue;
                var given = init is ObjectInstance o ? o.Get(field) : JsValue.Undefined;
                // A field not given reads as its default (the getters know it): nothing is stored for it.
                if (given.IsUndefined()) continue;
                ev.Fields[field] = kind switch
                {
                    FieldKind.Boolean => Boolean(TypeConverter.ToBoolean(given)),
                    FieldKind.Number => JsNumber.Create(TypeConverter.ToNumber(given)),
                    FieldKind.String => given.IsNull() && NullableStrings[current].Contains(field) ? JsValue.Null : new JsString(dom.DomString(given)),
                    FieldKind.WindowOrNull => given.IsNull() || ReferenceEquals(given, dom.Realm.Global) ? given : throw dom.TypeError(dom.Flavor == Flavor.Chrome
                        ? $"Failed to construct '{type.Name}': Failed to read the '{field}' property from '{current.Name}Init': Failed to convert value to 'Window'."
                        : $"{type.Name} constructor: '{field}' member of {current.Name}Init is not an object."),
                    FieldKind.TargetOrNull => given is DomObject or ObjectInstance || given.IsNull() ? given : throw dom.TypeError($"Failed to construct '{type.Name}': member {field} is not of type 'EventTarget'."),
                    _ => given,
                };
            }
        }
        // MouseEvent's x and y are clientX and clientY.
        if (type.Inherits(MouseEvent))
        {
            if (ev.Fields.TryGetValue("clientX", out var x)) ev.Fields["x"] = x;
            if (ev.Fields.TryGetValue("clientY", out var y)) ev.Fields["y"] = y;
        }
    }

    /// <summary><c>initUIEvent(type, bubbles, cancelable, view, detail)</c>.</summary>
    private static void InitUIEvent(DomEvent e, DomBinding dom, JsValue[] args)
    {
        var view = Argument(args, 3);
        if (!view.IsNull() && !view.IsUndefined() && !ReferenceEquals(view, dom.Realm.Global))
            throw dom.TypeError(dom.Flavor == Flavor.Chrome
                ? "Failed to execute 'initUIEvent' on 'UIEvent': parameter 4 is not of type 'Window'."
                : "UIEvent.initUIEvent: Argument 4 does not implement interface Window.");
        Init(e, dom, args);
        e.Fields["view"] = view.IsUndefined() ? JsValue.Null : view;
        e.Fields["detail"] = JsNumber.Create(TypeConverter.ToInt32(Argument(args, 4)));
    }

    /// <summary>ctrlKey, altKey, shiftKey and metaKey, in the order the legacy init methods take them, from argument <paramref name="first"/>.</summary>
    private static void InitModifiers(DomEvent e, JsValue[] args, int first)
    {
        string[] names = ["ctrlKey", "altKey", "shiftKey", "metaKey"];
        for (var i = 0; i < names.Length; i++) e.Fields[names[i]] = Boolean(TypeConverter.ToBoolean(Argument(args, first + i)));
    }

    private static void Init(DomEvent e, DomBinding dom, JsValue[] args)
    {
        e.Type = dom.Required(args, 0, "initEvent", "Event");
        e.Initialized = true;
        e.Bubbles = TypeConverter.ToBoolean(Argument(args, 1));
        e.Cancelable = TypeConverter.ToBoolean(Argument(args, 2));
        e.StopPropagation = e.StopImmediatePropagation = e.Canceled = false;
        e.IsTrusted = false;
        e.Target = null;
    }

    private static void EventMembers(DomInterface.Members<DomEvent> m) => m
        .WithSymbols((_, prototype, constructor) =>
        {
            string[] names = ["NONE", "CAPTURING_PHASE", "AT_TARGET", "BUBBLING_PHASE"];
            for (var i = 0; i < names.Length; i++)
            {
                var value = new Jint.Runtime.Descriptors.PropertyDescriptor(i, Jint.Runtime.Descriptors.PropertyFlag.Enumerable);
                prototype.FastSetProperty(names[i], value);
                constructor.FastSetProperty(names[i], value);
            }
        })
        .Get("type", (_, e) => e.Type)
        .Get("target", (dom, e) => dom.Wrap(e.Target))
        .Get("srcElement", (dom, e) => dom.Wrap(e.Target))
        .Get("currentTarget", (dom, e) => dom.Wrap(e.CurrentTarget))
        .Get("eventPhase", (_, e) => e.Phase)
        .Get("bubbles", (_, e) => Boolean(e.Bubbles))
        .Get("cancelable", (_, e) => Boolean(e.Cancelable))
        .Get("composed", (_, e) => Boolean(e.Composed))
        .Get("defaultPrevented", (_, e) => Boolean(e.Canceled))
        .Get("timeStamp", (_, e) => e.TimeStamp)
        .Property("returnValue", (_, e) => Boolean(!e.Canceled), (_, e, v) =>
        {
            if (!TypeConverter.ToBoolean(v) && e.Cancelable && !e.InPassiveListener) e.Canceled = true;
        })
        .Property("cancelBubble", (_, e) => Boolean(e.StopPropagation), (_, e, v) =>
        {
            if (TypeConverter.ToBoolean(v)) e.StopPropagation = true;
        })
        .Method("composedPath", 0, (dom, e, _) => ElementInterfaces.JsArray(dom, e.Path.Select(dom.Wrap)))
        .Method("stopPropagation", 0, (_, e, _) =>
        {
            e.StopPropagation = true;
            return JsValue.Undefined;
        })
        .Method("stopImmediatePropagation", 0, (_, e, _) =>
        {
            e.StopPropagation = e.StopImmediatePropagation = true;
            return JsValue.Undefined;
        })
        .Method("preventDefault", 0, (_, e, _) =>
        {
            if (e.Cancelable && !e.InPassiveListener) e.Canceled = true;
            return JsValue.Undefined;
        })
        .Method("initEvent", 1, (dom, e, args) =>
        {
            if (!e.Dispatching) Init(e, dom, args);
            return JsValue.Undefined;
        });
}
