using System.Runtime.CompilerServices;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using AngleSharp.Dom;
using Jint;
using Jint.Native;
using Jint.Native.Symbol;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Dom;

/// <summary>
/// The DOM of one context, bound into that context's own engine: the page's document, the prototypes and
/// constructors of the interfaces its scripts have touched (built on first use: most pages touch a handful), one
/// handle per DOM object (identity kept, dropped with the object), and the page's event listeners. Touched only on
/// the extension's turn, like everything else of the realm.
/// </summary>
internal sealed partial class DomBinding
{
    private readonly Dictionary<DomInterface, (ObjectInstance Prototype, ObjectInstance Constructor)> _interfaces = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<object, DomObject> _handles = new();
    private JsValue? _constructorFactory;

    // Attribute changes of the parsed documents reach the DOM's own steps (an input's type change) from now on.
    static DomBinding() => Manifest.PageParser.AttributeChanges.Changed = InputTypeChanges.NotifyChange;

    public DomBinding(ContextRealm realm, DocumentState state)
    {
        Realm = realm;
        Engine = realm.Engine;
        State = state;
        // A document made only when needed stays unmade (and the realm no page): a service worker's.
        realm.Document = state.DocumentIfMade;
        realm.PageDom = this;
        Location = realm.Global.Get("location") as ObjectInstance;
        _createdAt = realm.Extension.Clock.GetUtcNow();
    }

    public ContextRealm Realm { get; }
    public Engine Engine { get; }

    /// <summary>What this world shares with the others bound to the same document.</summary>
    public DocumentState State { get; }

    /// <summary>The page's document (a content script's is its tab's web page).</summary>
    public IDocument Document => State.Document;

    /// <summary>The page's window as an event target (its global object is the script's face of it).</summary>
    public WindowTarget Window => State.Window;

    public Flavor Flavor => Realm.Extension.Flavor;

    /// <summary>The script's handle on <paramref name="target"/>: the same object every time, of the most specific interface the runtime has for it.</summary>
    public JsValue Wrap(object? target)
    {
        if (target is null) return JsValue.Null;
        if (target is WindowTarget) return Realm.Global;
        if (_handles.TryGetValue(target, out var existing)) return existing;
        var created = DomInterfaces.CreateHandle(this, target);
        AddUnforgeables(created);
        _handles.AddOrUpdate(target, created);
        return created;
    }

    public ObjectInstance Prototype(DomInterface type) => Built(type).Prototype;

    public ObjectInstance Constructor(DomInterface type) => Built(type).Constructor;

    private (ObjectInstance Prototype, ObjectInstance Constructor) Built(DomInterface type)
    {
        if (_interfaces.TryGetValue(type, out var built)) return built;
        var parent = type.Parent is { } inherited
            ? Prototype(inherited)
            : type.ExtendsError ? (ObjectInstance)Realm.ErrorConstructor("Error")!.Get("prototype") : Engine.Intrinsics.Object.PrototypeObject;
        // Members are made when first looked up: most pages use a few of each interface's.
        var prototype = new LazyMembers(Engine, parent, type.MemberIndex, (target, index) => Define(target, type, type.AllMembers[index]));
        var constructor = MakeConstructor(type, prototype);
        built = (prototype, constructor);
        _interfaces[type] = built;
        prototype.FastSetProperty("constructor", new PropertyDescriptor(constructor, PropertyFlag.Configurable | PropertyFlag.Writable));
        prototype.DefineOwnProperty(GlobalSymbolRegistry.ToStringTag, new PropertyDescriptor(type.Name, PropertyFlag.Configurable));
        type.Decorate?.Invoke(this, prototype, constructor);
        return built;
    }

    private void Define(ObjectInstance prototype, DomInterface type, DomMember member)
    {
        if (member.Operation is not null)
        {
            var function = new ClrFunction(Engine, member.Name, (self, args) => Invoke(type, member, MemberPart.Operation, self, args), member.Length, PropertyFlag.Configurable);
            prototype.FastSetProperty(member.Name, new PropertyDescriptor(function, PropertyFlag.ConfigurableEnumerableWritable));
            return;
        }
        var getter = new ClrFunction(Engine, "get " + member.Name, (self, args) => Invoke(type, member, MemberPart.Getter, self, args), 0, PropertyFlag.Configurable);
        JsValue setter = member.Setter is null
            ? JsValue.Undefined
            : new ClrFunction(Engine, "set " + member.Name, (self, args) => Invoke(type, member, MemberPart.Setter, self, args), 1, PropertyFlag.Configurable);
        prototype.FastSetProperty(member.Name, new GetSetPropertyDescriptor(getter, setter, enumerable: true, configurable: true));
    }

    private enum MemberPart { Getter, Setter, Operation }

    private ClrFunction? _isTrustedGetter;

    /// <summary>Web IDL's [LegacyUnforgeable] members: an event's <c>isTrusted</c> is an own accessor of each event, one getter for all.</summary>
    private void AddUnforgeables(DomObject handle)
    {
        if (handle.Target is not DomEvent) return;
        _isTrustedGetter ??= new ClrFunction(Engine, "get isTrusted", (self, _) => self is DomObject { Target: DomEvent e }
            ? Boolean(e.IsTrusted)
            : throw TypeError(Flavor == Flavor.Chrome ? "Illegal invocation" : "'get isTrusted' called on an object that does not implement interface Event."), 0, PropertyFlag.Configurable);
        handle.DefineOwnProperty("isTrusted", new GetSetPropertyDescriptor(_isTrustedGetter, JsValue.Undefined, enumerable: true, configurable: false));
    }

    /// <summary>
    /// Runs a member on the object behind <paramref name="self"/>. A receiver of another interface is refused as browsers
    /// refuse it; what AngleSharp throws becomes the DOMException (or TypeError) a browser throws, never a .NET exception.
    /// </summary>
    private JsValue Invoke(DomInterface type, DomMember member, MemberPart part, JsValue self, JsValue[] args)
    {
        var target = Receiver(self);
        if (target is null || !type.Applies(target))
            throw TypeError(Flavor == Flavor.Chrome
                ? "Illegal invocation"
                : $"'{(member.Operation is null ? "get " : "")}{member.Name}' called on an object that does not implement interface {type.Name}.");
        try
        {
            switch (part)
            {
                case MemberPart.Getter:
                    return member.Getter!(this, target);
                case MemberPart.Setter:
                    member.Setter!(this, target, args.Length > 0 ? args[0] : JsValue.Undefined);
                    return JsValue.Undefined;
                default:
                    return member.Operation!(this, target, args);
            }
        }
        catch (DomException ex)
        {
            throw DomError(ex);
        }
        catch (Exception ex) when (IsAngleSharpFailure(ex))
        {
            throw TypeError(Flavor == Flavor.Chrome ? $"Failed to execute '{member.Name}' on '{type.Name}'." : $"{type.Name}.{member.Name}: the operation failed.");
        }
    }

    /// <summary>
    /// What AngleSharp throws besides DOMException when a member meets input it does not check (or a member it leaves
    /// unimplemented): a script gets a TypeError for it, never the .NET exception. Jint's own exceptions (limits, script
    /// errors) are none of these and pass through.
    /// </summary>
    private static bool IsAngleSharpFailure(Exception ex) =>
        ex is ArgumentException or InvalidOperationException or NullReferenceException or IndexOutOfRangeException
            or FormatException or NotSupportedException or NotImplementedException or InvalidCastException;

    private object? Receiver(JsValue self) => self switch
    {
        DomObject handle => handle.Target,
        _ when ReferenceEquals(self, Realm.Global) || self.IsUndefined() => Window,
        _ => null,
    };

    private ObjectInstance MakeConstructor(DomInterface type, ObjectInstance prototype)
    {
        _constructorFactory ??= Engine.Evaluate(in ConstructorFactoryScript);
        var construct = new ClrFunction(Engine, type.Name, (_, args) => Construct(type, args[0], (JsArguments(args[1]))));
        var constructor = (ObjectInstance)Engine.Call(_constructorFactory, JsValue.Undefined, [construct]);
        constructor.DefineOwnProperty("name", new PropertyDescriptor(type.Name, PropertyFlag.Configurable));
        constructor.DefineOwnProperty("length", new PropertyDescriptor(type.ConstructorLength, PropertyFlag.Configurable));
        constructor.DefineOwnProperty("prototype", new PropertyDescriptor(prototype, PropertyFlag.AllForbidden));
        if (type.Parent is { } parent) constructor.Prototype = Constructor(parent);
        return constructor;
    }

    private JsValue[] JsArguments(JsValue arguments)
    {
        var list = (ObjectInstance)arguments;
        var length = (int)TypeConverter.ToNumber(list.Get("length"));
        var values = new JsValue[length];
        for (var i = 0; i < length; i++) values[i] = list.Get(i);
        return values;
    }

    private JsValue Construct(DomInterface type, JsValue newTarget, JsValue[] args)
    {
        if (newTarget.IsUndefined())
            throw TypeError(Flavor == Flavor.Chrome
                ? $"Failed to construct '{type.Name}': Please use the 'new' operator, this DOM object constructor cannot be called as a function."
                : $"{type.Name} constructor: 'new' is required");
        if (type.Constructor is not { } construct) throw TypeError("Illegal constructor");
        object created;
        try
        {
            created = construct(this, args);
        }
        catch (DomException ex)
        {
            throw DomError(ex);
        }
        var prototype = newTarget is ObjectInstance target && target.Get("prototype") is ObjectInstance own ? own : Prototype(type);
        var handle = new DomObject(Engine, created, prototype);
        AddUnforgeables(handle);
        _handles.AddOrUpdate(created, handle);
        return handle;
    }

    // One function per interface, made by this factory so `new` works on it (a host function cannot be constructed):
    // it hands the runtime the new.target and the arguments, and returns the object the runtime made.
    private static readonly Prepared<Acornima.Ast.Script> ConstructorFactoryScript =
        Engine.PrepareScript("(function (construct) { return function () { return construct(new.target, arguments); }; })", "dom-constructor");

    /// <summary>
    /// The index of a window scope's names, made once per list of interfaces and handlers (the code's own lists) and
    /// shared by every page: it is read only, and holds no engine's values.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<DomInterface>, System.Collections.Concurrent.ConcurrentDictionary<IReadOnlyList<string>, Dictionary<string, int>>> WindowScopeNames = new();

    /// <summary>
    /// The interface objects a page's global names (<c>Node</c>, <c>HTMLElement</c>, <c>Event</c>...) and the window's
    /// <c>on*</c> handlers, on an object between the global and <c>Object.prototype</c> (where browsers have Window's
    /// prototype chain), each made on first lookup.
    /// </summary>
    public void InstallWindowScope(ObjectInstance global, IReadOnlyList<DomInterface> types, IReadOnlyList<string> handlerEvents)
    {
        var names = WindowScopeNames.GetValue(types, _ => new()).GetOrAdd(handlerEvents, static (events, types) =>
        {
            var made = new Dictionary<string, int>(types.Count + events.Count, StringComparer.Ordinal);
            for (var i = 0; i < types.Count; i++) made[types[i].Name] = i;
            for (var i = 0; i < events.Count; i++) made["on" + events[i]] = types.Count + i;
            return made;
        }, types);
        global.Prototype = new LazyMembers(Engine, new WindowNamedProperties(this, Engine.Intrinsics.Object.PrototypeObject), names, (scope, index) =>
        {
            if (index < types.Count)
            {
                scope.FastSetProperty(types[index].Name, new PropertyDescriptor(Constructor(types[index]), PropertyFlag.Configurable | PropertyFlag.Writable));
                return;
            }
            var type = handlerEvents[index - types.Count];
            var getter = new ClrFunction(Engine, "get on" + type, (_, _) => Handler(Window, type), 0, PropertyFlag.Configurable);
            var setter = new ClrFunction(Engine, "set on" + type, (_, args) =>
            {
                SetHandler(Window, type, Argument(args, 0));
                return JsValue.Undefined;
            }, 1, PropertyFlag.Configurable);
            scope.FastSetProperty("on" + type, new GetSetPropertyDescriptor(getter, setter, enumerable: true, configurable: true));
        });
    }

    public JavaScriptException TypeError(string message) => new((Jint.Native.Error.ErrorConstructor)Realm.ErrorConstructor("TypeError")!, message);

    /// <summary>A DOMException as browsers throw it (name, message, legacy code), from AngleSharp's.</summary>
    public JavaScriptException DomError(DomException ex)
    {
        // AngleSharp names most of its exceptions by their DOM error, but some carry a sentence in the name and .NET's
        // default text as the message: those are named by their legacy code, with the sentence as the message.
        var named = ex.Name.Length > 0 && ex.Name.All(char.IsAsciiLetter);
        var name = named ? (ex.Name.EndsWith("Error", StringComparison.Ordinal) ? ex.Name : ex.Name + "Error") : ErrorNameOf(ex.Code);
        var message = named && !ex.Message.Contains("Exception of type", StringComparison.Ordinal) ? ex.Message : named ? name : ex.Name;
        return DomError(name, message);
    }

    private static string ErrorNameOf(int code) => code switch
    {
        1 => "IndexSizeError", 3 => "HierarchyRequestError", 4 => "WrongDocumentError", 5 => "InvalidCharacterError",
        8 => "NotFoundError", 9 => "NotSupportedError", 12 => "SyntaxError", 13 => "InvalidModificationError", 14 => "NamespaceError",
        15 => "InvalidAccessError", 18 => "SecurityError",
        11 => "InvalidStateError", _ => "NoModificationAllowedError",
    };

    public JavaScriptException DomError(string name, string message) => new(Wrap(new DomExceptionValue(name, message)));

    /// <summary>Web IDL's DOMString conversion.</summary>
    public string DomString(JsValue value) => value is JsString s ? s.ToString() : TypeConverter.ToString(value);

    /// <summary>A DOMString that is empty for null (Web IDL's [LegacyNullToEmptyString]).</summary>
    public string NullIsEmpty(JsValue value) => value.IsNull() ? "" : DomString(value);

    public static JsValue String(string? value) => value is null ? JsValue.Null : new JsString(value);

    public static JsValue Boolean(bool value) => value ? JsBoolean.True : JsBoolean.False;

    public static JsValue Argument(JsValue[] args, int index) => args.Length > index ? args[index] : JsValue.Undefined;

    /// <summary>Argument <paramref name="index"/> as the DOM object of type <typeparamref name="T"/>, or the browser's TypeError.</summary>
    public T Node<T>(JsValue[] args, int index, string member, string interfaceName, string expected) where T : class
    {
        if (args.Length <= index)
            throw TypeError(Flavor == Flavor.Chrome
                ? $"Failed to execute '{member}' on '{interfaceName}': {index + 1} argument required, but only {args.Length} present."
                : $"{interfaceName}.{member}: At least {index + 1} argument required, but only {args.Length} passed");
        if (args[index] is DomObject { Target: T target }) return target;
        throw TypeError(Flavor == Flavor.Chrome
            ? $"Failed to execute '{member}' on '{interfaceName}': parameter {index + 1} is not of type '{expected}'."
            : $"{interfaceName}.{member}: Argument {index + 1} does not implement interface {expected}.");
    }

    /// <summary>A required string argument, or the browser's TypeError when it is missing.</summary>
    public string Required(JsValue[] args, int index, string member, string interfaceName)
    {
        if (args.Length > index) return DomString(args[index]);
        throw TypeError(Flavor == Flavor.Chrome
            ? $"Failed to execute '{member}' on '{interfaceName}': {index + 1} argument{(index == 0 ? "" : "s")} required, but only {args.Length} present."
            : $"{interfaceName}.{member}: At least {index + 1} argument{(index == 0 ? "" : "s")} required, but only {args.Length} passed");
    }
}

/// <summary>The value behind a script's DOMException.</summary>
internal sealed record DomExceptionValue(string Name, string Message);
