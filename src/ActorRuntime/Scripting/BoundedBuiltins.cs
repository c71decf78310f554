using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Scripting;

/// <summary>
/// The built-ins that, in Jint, describe, define or lock every property of an object in one call without ever checking
/// the turn's budget (<c>Object.getOwnPropertyDescriptors</c> of a four-million-element array runs 11 s). They run here
/// instead, as the specification writes them, checking the budget every 1,024 keys, so one such call is stopped within
/// the limit like any loop. Objects whose internal methods are not Jint's own (a Proxy, whose traps are script and
/// checked as such; a host object), and arguments that are errors (no object), go to the original unchanged.
/// </summary>
/// <remarks>
/// Every object of Jint's own takes this path, whatever its size: one path, and the keys listed once (a size gate listed
/// them to decide and the original listed them again). Choosing the path reads nothing a script can observe. Left to
/// Jint: listing an object's keys (the first step here, and <c>Reflect.ownKeys</c>: about 0.4 s for the largest array the
/// memory limits let an extension hold), and copying arrays (<c>slice</c>, <c>concat</c>: a block copy, or under 0.5 s for
/// the largest dictionary-kept array). Each replaced function costs an engine about half a kilobyte, so only these five are.
/// </remarks>
internal sealed class BoundedBuiltins
{
    private const int CheckEvery = 1 << 10;

    private readonly Engine _engine;
    private readonly Constraint _budget;
    private readonly JsValue _getOwnPropertyDescriptors;
    private readonly JsValue _defineProperties;
    private readonly JsValue _create;
    private readonly JsValue _freeze;
    private readonly JsValue _seal;

    private BoundedBuiltins(Engine engine, Constraint budget)
    {
        _engine = engine;
        _budget = budget;
        var objectConstructor = engine.Intrinsics.Object;
        _getOwnPropertyDescriptors = Replace(objectConstructor, "getOwnPropertyDescriptors", 1, GetOwnPropertyDescriptors);
        _defineProperties = Replace(objectConstructor, "defineProperties", 2, DefineProperties);
        _create = Replace(objectConstructor, "create", 2, Create);
        _freeze = Replace(objectConstructor, "freeze", 1, (t, a) => SetIntegrityLevel(t, a, frozen: true));
        _seal = Replace(objectConstructor, "seal", 1, (t, a) => SetIntegrityLevel(t, a, frozen: false));
    }

    /// <summary>Puts the bounded versions in place of the originals on a fresh engine, before any script runs.</summary>
    public static void Install(Engine engine, Constraint budget) => _ = new BoundedBuiltins(engine, budget);

    private JsValue Replace(ObjectInstance holder, string name, int length, Func<JsValue, JsValue[], JsValue> body)
    {
        var original = holder.Get(name);
        var replacement = new ClrFunction(_engine, name, body, length, PropertyFlag.Configurable);
        holder.FastSetProperty(name, new PropertyDescriptor(replacement, PropertyFlag.Writable | PropertyFlag.Configurable));
        return original;
    }

    /// <summary>
    /// Calls an original built-in as the engine itself calls one from script. Not <see cref="Engine.Call(JsValue, JsValue, JsValue[])"/>:
    /// that is a host's entry point, which adds a stack frame and ends the job's hold on <c>WeakRef</c> targets.
    /// </summary>
    private static JsValue Original(JsValue function, JsValue thisValue, JsValue[] arguments) =>
        CallFunction((Jint.Native.Function.Function)function, thisValue, arguments);

    // Jint's Function.Call is protected internal; the accessor calls it virtually, as the interpreter does.
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "Call")]
    private static extern JsValue CallFunction(Jint.Native.Function.Function function, JsValue thisObject, JsValue[] arguments);

    private void Progress(long done)
    {
        if (done % CheckEvery == 0) _budget.Check();
    }

    private static JsValue Argument(JsValue[] arguments, int index) => index < arguments.Length ? arguments[index] : JsValue.Undefined;

    // ---- Objects: every property described, defined, frozen or sealed ----

    /// <summary>
    /// An object whose internal methods are Jint's own (any kind: plain, array, function, typed array, string object...;
    /// not a Proxy), with its own keys; null for anything else. <paramref name="toObject"/>: a string counts as its String
    /// object (a key per character).
    /// </summary>
    private (ObjectInstance Target, List<JsValue> Keys)? OwnKeys(JsValue value, bool toObject = false)
    {
        ObjectInstance? target = value switch
        {
            ObjectInstance instance => instance,
            JsString when toObject => TypeConverter.ToObject(Realm, value),
            _ => null,
        };
        if (target is null || target.GetType() == ProxyType || target.GetType().Assembly != typeof(Engine).Assembly) return null;
        return (target, target.GetOwnPropertyKeys());
    }

    private static readonly Type ProxyType = typeof(Engine).Assembly.GetType("Jint.Native.JsProxy", throwOnError: true)!;

    private JsValue GetOwnPropertyDescriptors(JsValue thisValue, JsValue[] arguments)
    {
        if (OwnKeys(Argument(arguments, 0), toObject: true) is not var (source, keys)) return Original(_getOwnPropertyDescriptors, thisValue, arguments);
        var descriptors = new JsObject(_engine);
        for (var i = 0; i < keys.Count; i++)
        {
            Progress(i);
            var descriptor = PropertyDescriptor.FromPropertyDescriptor(_engine, source.GetOwnProperty(keys[i]), strictUndefined: false);
            if (!descriptor.IsUndefined())
                descriptors.DefineOwnProperty(keys[i], new PropertyDescriptor(descriptor, PropertyFlag.ConfigurableEnumerableWritable));
        }
        return descriptors;
    }

    private JsValue DefineProperties(JsValue thisValue, JsValue[] arguments)
    {
        if (Argument(arguments, 0) is not ObjectInstance target || OwnKeys(Argument(arguments, 1), toObject: true) is not var (properties, keys))
            return Original(_defineProperties, thisValue, arguments);
        DefineAll(target, properties, keys);
        return target;
    }

    private JsValue Create(JsValue thisValue, JsValue[] arguments)
    {
        if (OwnKeys(Argument(arguments, 1), toObject: true) is not var (properties, keys)) return Original(_create, thisValue, arguments);
        var created = (ObjectInstance)Original(_create, thisValue, [arguments[0]]);
        DefineAll(created, properties, keys);
        return created;
    }

    /// <summary>ObjectDefineProperties: every descriptor is read first, then every property defined.</summary>
    private void DefineAll(ObjectInstance target, ObjectInstance properties, List<JsValue> keys)
    {
        var descriptors = new List<(JsValue Key, PropertyDescriptor Descriptor)>();
        for (var i = 0; i < keys.Count; i++)
        {
            Progress(i);
            var own = properties.GetOwnProperty(keys[i]);
            if (own == PropertyDescriptor.Undefined || !own.Enumerable) continue;
            descriptors.Add((keys[i], PropertyDescriptor.ToPropertyDescriptor(Realm, properties.Get(keys[i]))));
        }
        for (var i = 0; i < descriptors.Count; i++)
        {
            Progress(i);
            DefineOrThrow(target, descriptors[i].Key, descriptors[i].Descriptor);
        }
    }

    private JsValue SetIntegrityLevel(JsValue thisValue, JsValue[] arguments, bool frozen)
    {
        var target = Argument(arguments, 0);
        if (OwnKeys(target) is not var (instance, keys)) return Original(frozen ? _freeze : _seal, thisValue, arguments);
        instance.PreventExtensions();
        for (var i = 0; i < keys.Count; i++)
        {
            Progress(i);
            if (!frozen)
            {
                DefineOrThrow(instance, keys[i], new PropertyDescriptor(null, writable: null, enumerable: null, configurable: false));
                continue;
            }
            var current = instance.GetOwnProperty(keys[i]);
            if (current == PropertyDescriptor.Undefined) continue;
            var locked = current.IsAccessorDescriptor()
                ? new PropertyDescriptor(null, writable: null, enumerable: null, configurable: false)
                : new PropertyDescriptor(null, writable: false, enumerable: null, configurable: false);
            DefineOrThrow(instance, keys[i], locked);
        }
        return target;
    }

    /// <summary>Jint's ToPropertyDescriptor is public but wants the engine's realm, which it keeps internal.</summary>
    private Realm Realm => _realm ??= (Realm)RealmProperty.GetValue(_engine)!;

    private Realm? _realm;

    private static readonly System.Reflection.PropertyInfo RealmProperty =
        typeof(Engine).GetProperty("Realm", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("this Jint version has no Engine.Realm");

    private void DefineOrThrow(ObjectInstance target, JsValue key, PropertyDescriptor descriptor)
    {
        if (!target.DefineOwnProperty(key, descriptor))
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "Cannot redefine property: " + key);
    }
}
