using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Array;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Scripting;

/// <summary>
/// The built-ins that, in Jint, do work proportional to an object's size in one call without ever checking the
/// turn's budget (copying every element of an array, describing or freezing every property): on large inputs
/// they run here instead, as the specification writes them, checking the budget as they go, so one call on a
/// large array or object is stopped within the limit like any loop. Small inputs, and inputs whose handling could
/// run script (a Proxy, a changed species or spreadable symbol, a host object), go to the original unchanged.
/// </summary>
/// <remarks>
/// Each gate only reads state that no script can observe being read (own data properties of plain objects), so
/// choosing a path never runs a getter twice. What stays unchecked: the engine listing the keys of an array of
/// millions of elements (<c>Reflect.ownKeys</c>, and the first step of the functions here), up to about two
/// seconds at <c>max-array-size</c>.
/// </remarks>
internal sealed class BoundedBuiltins
{
    /// <summary>Below this many elements or keys the original runs: a few milliseconds at most.</summary>
    internal const int LargeInput = 1 << 14;

    private const int CheckEvery = 1 << 10;

    private readonly Engine _engine;
    private readonly Constraint _budget;
    private readonly uint _maxArraySize;
    private readonly ObjectInstance _arrayConstructor;
    private readonly ObjectInstance _arrayPrototype;
    private readonly ObjectInstance _objectPrototype;
    private readonly JsValue _species;
    private readonly JsValue _isConcatSpreadable;
    private readonly JsValue _speciesGetter;
    private readonly JsValue _slice;
    private readonly JsValue _concat;
    private readonly JsValue _getOwnPropertyDescriptors;
    private readonly JsValue _defineProperties;
    private readonly JsValue _create;
    private readonly JsValue _freeze;
    private readonly JsValue _seal;
    private readonly JsValue _isFrozen;
    private readonly JsValue _isSealed;

    private BoundedBuiltins(Engine engine, Constraint budget, uint maxArraySize)
    {
        _engine = engine;
        _budget = budget;
        _maxArraySize = maxArraySize;
        _arrayConstructor = engine.Intrinsics.Array;
        _arrayPrototype = (ObjectInstance)_arrayConstructor.Get("prototype");
        _objectPrototype = (ObjectInstance)engine.Intrinsics.Object.Get("prototype");
        var symbol = engine.Global.Get("Symbol");
        _species = symbol.Get("species");
        _isConcatSpreadable = symbol.Get("isConcatSpreadable");
        _speciesGetter = _arrayConstructor.GetOwnProperty(_species).Get ?? JsValue.Undefined;
        var objectConstructor = engine.Intrinsics.Object;
        _slice = Replace(_arrayPrototype, "slice", 2, Slice);
        _concat = Replace(_arrayPrototype, "concat", 1, Concat);
        _getOwnPropertyDescriptors = Replace(objectConstructor, "getOwnPropertyDescriptors", 1, GetOwnPropertyDescriptors);
        _defineProperties = Replace(objectConstructor, "defineProperties", 2, DefineProperties);
        _create = Replace(objectConstructor, "create", 2, Create);
        _freeze = Replace(objectConstructor, "freeze", 1, (t, a) => SetIntegrityLevel(t, a, frozen: true));
        _seal = Replace(objectConstructor, "seal", 1, (t, a) => SetIntegrityLevel(t, a, frozen: false));
        _isFrozen = Replace(objectConstructor, "isFrozen", 1, (t, a) => TestIntegrityLevel(t, a, frozen: true));
        _isSealed = Replace(objectConstructor, "isSealed", 1, (t, a) => TestIntegrityLevel(t, a, frozen: false));
    }

    /// <summary>Puts the bounded versions in place of the originals on a fresh engine, before any script runs.</summary>
    public static void Install(Engine engine, Constraint budget, uint maxArraySize) => _ = new BoundedBuiltins(engine, budget, maxArraySize);

    private JsValue Replace(ObjectInstance holder, string name, int length, Func<JsValue, JsValue[], JsValue> body)
    {
        var original = holder.Get(name);
        var replacement = new ClrFunction(_engine, name, body, length, PropertyFlag.Configurable);
        holder.DefineOwnProperty(name, new PropertyDescriptor(replacement, PropertyFlag.Writable | PropertyFlag.Configurable));
        return original;
    }

    private JsValue Original(JsValue function, JsValue thisValue, JsValue[] arguments) => _engine.Call(function, thisValue, arguments);

    private void Progress(long done)
    {
        if (done % CheckEvery == 0) _budget.Check();
    }

    private static JsValue Argument(JsValue[] arguments, int index) => index < arguments.Length ? arguments[index] : JsValue.Undefined;

    // ---- Arrays: slice and concat of plain arrays whose result is a plain array ----

    private JsValue Slice(JsValue thisValue, JsValue[] arguments)
    {
        // Size first: the common small call pays one type test and one comparison before the original.
        if (thisValue is not JsArray { Length: >= LargeInput } source || IsDense(source) || !IsPlainArray(source) || !SpeciesIsArray())
            return Original(_slice, thisValue, arguments);
        var length = (long)source.Length;
        var start = Argument(arguments, 0);
        var end = Argument(arguments, 1);
        if (!IsPrimitive(start) || !IsPrimitive(end)) return Original(_slice, thisValue, arguments);
        var from = RelativeIndex(TypeConverter.ToIntegerOrInfinity(start), length);
        var to = end.IsUndefined() ? length : RelativeIndex(TypeConverter.ToIntegerOrInfinity(end), length);
        var count = Math.Max(0, to - from);
        if (count < LargeInput || count > _maxArraySize) return Original(_slice, thisValue, arguments);
        var items = new JsValue[count];
        for (long n = 0; n < count; n++)
        {
            Progress(n);
            if (source.TryGetValue((uint)(from + n), out var value)) items[n] = value;
        }
        return new JsArray(_engine, items);
    }

    private JsValue Concat(JsValue thisValue, JsValue[] arguments)
    {
        if (thisValue is not JsArray first) return Original(_concat, thisValue, arguments);
        ulong total = first.Length;
        foreach (var argument in arguments) total += argument is JsArray array ? array.Length : 1;
        if (total < LargeInput || total > _maxArraySize || arguments.Prepend(first).All(part => part is not JsArray array || IsDense(array))
            || !IsPlainArray(first) || !SpeciesIsArray()
            || HasOwn(_arrayPrototype, _isConcatSpreadable) || HasOwn(_objectPrototype, _isConcatSpreadable)
            || arguments.Any(argument => argument is ObjectInstance && !IsPlainArray(argument)))
            return Original(_concat, thisValue, arguments);
        var items = new JsValue[total];
        long n = 0;
        foreach (var part in arguments.Prepend(thisValue))
        {
            if (part is not JsArray array)
            {
                items[n++] = part;
                continue;
            }
            // Read again: an element's getter run by an earlier part may have changed this one's length.
            var length = Math.Min(array.Length, (ulong)(items.LongLength - n));
            for (uint k = 0; k < length; k++, n++)
            {
                Progress(n);
                if (array.TryGetValue(k, out var value)) items[n] = value;
            }
        }
        if (n < items.LongLength) Array.Resize(ref items, (int)n);
        return new JsArray(_engine, items);
    }

    /// <summary>
    /// Whether the array keeps its elements in a plain backing array. Jint copies those with one block copy (about
    /// 10 ms for ten million elements) or checks as it goes; only arrays kept as a dictionary are copied unchecked.
    /// </summary>
    internal static bool IsDense(ArrayInstance array) => DenseElements(array) is not null;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_dense")]
    private static extern ref JsValue?[]? DenseElements(ArrayInstance array);

    private static long RelativeIndex(double relative, long length) =>
        relative < 0 ? (long)Math.Max(length + relative, 0) : (long)Math.Min(relative, length);

    private static bool IsPrimitive(JsValue value) => value is not ObjectInstance;

    /// <summary>An array that inherits straight from Array.prototype and has no own <c>constructor</c> or spreadable symbol.</summary>
    private bool IsPlainArray(JsValue value) =>
        value is JsArray array && ReferenceEquals(array.Prototype, _arrayPrototype)
        && !HasOwn(array, "constructor") && !HasOwn(array, _isConcatSpreadable);

    /// <summary>Whether ArraySpeciesCreate on a plain array makes a plain array, read without running any getter.</summary>
    private bool SpeciesIsArray()
    {
        var constructor = _arrayPrototype.GetOwnProperty("constructor");
        if (!constructor.IsDataDescriptor() || !ReferenceEquals(constructor.Value, _arrayConstructor)) return false;
        var species = _arrayConstructor.GetOwnProperty(_species);
        return species.IsAccessorDescriptor() && ReferenceEquals(species.Get, _speciesGetter);
    }

    private static bool HasOwn(ObjectInstance target, JsValue key) => target.GetOwnProperty(key) != PropertyDescriptor.Undefined;

    // ---- Objects: every property described, defined, frozen or sealed ----

    /// <summary>A plain object or array with at least <see cref="LargeInput"/> own keys; null for anything else.</summary>
    private static List<JsValue>? LargeOwnKeys(JsValue value)
    {
        if (value is not JsArray && value.GetType() != typeof(JsObject)) return null;
        var target = (ObjectInstance)value;
        if (target is JsArray array && array.Length < LargeInput) return null;
        var keys = target.GetOwnPropertyKeys();
        return keys.Count < LargeInput ? null : keys;
    }

    private JsValue GetOwnPropertyDescriptors(JsValue thisValue, JsValue[] arguments)
    {
        var target = Argument(arguments, 0);
        if (LargeOwnKeys(target) is not { } keys) return Original(_getOwnPropertyDescriptors, thisValue, arguments);
        var source = (ObjectInstance)target;
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
        if (Argument(arguments, 0) is not ObjectInstance target || LargeOwnKeys(Argument(arguments, 1)) is not { } keys)
            return Original(_defineProperties, thisValue, arguments);
        DefineAll(target, (ObjectInstance)arguments[1], keys);
        return target;
    }

    private JsValue Create(JsValue thisValue, JsValue[] arguments)
    {
        if (LargeOwnKeys(Argument(arguments, 1)) is not { } keys) return Original(_create, thisValue, arguments);
        var created = (ObjectInstance)Original(_create, thisValue, [arguments[0]]);
        DefineAll(created, (ObjectInstance)arguments[1], keys);
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
            descriptors.Add((keys[i], PropertyDescriptor.ToPropertyDescriptor(RealmOf(_engine), properties.Get(keys[i]))));
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
        if (LargeOwnKeys(target) is not { } keys) return Original(frozen ? _freeze : _seal, thisValue, arguments);
        var instance = (ObjectInstance)target;
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

    private JsValue TestIntegrityLevel(JsValue thisValue, JsValue[] arguments, bool frozen)
    {
        var target = Argument(arguments, 0);
        if (target is not ObjectInstance instance || instance.Extensible || LargeOwnKeys(target) is not { } keys)
            return Original(frozen ? _isFrozen : _isSealed, thisValue, arguments);
        for (var i = 0; i < keys.Count; i++)
        {
            Progress(i);
            var current = instance.GetOwnProperty(keys[i]);
            if (current == PropertyDescriptor.Undefined) continue;
            if (current.Configurable) return JsBoolean.False;
            if (frozen && current.IsDataDescriptor() && current.Writable) return JsBoolean.False;
        }
        return JsBoolean.True;
    }

    /// <summary>Jint's ToPropertyDescriptor is public but wants the engine's realm, which it keeps internal.</summary>
    private static Realm RealmOf(Engine engine) => (Realm)RealmProperty.GetValue(engine)!;

    private static readonly System.Reflection.PropertyInfo RealmProperty =
        typeof(Engine).GetProperty("Realm", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("this Jint version has no Engine.Realm");

    private void DefineOrThrow(ObjectInstance target, JsValue key, PropertyDescriptor descriptor)
    {
        if (!target.DefineOwnProperty(key, descriptor))
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "Cannot redefine property: " + key);
    }
}
