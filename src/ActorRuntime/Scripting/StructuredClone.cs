using System.Numerics;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Scripting;

/// <summary>
/// The copy a message travels as between contexts: taken from the sender's engine when it is sent (so
/// later changes do not show), rebuilt in each receiver's engine, and never holding a <see cref="JsValue"/>
/// of either. Follows the HTML structured clone: primitives, plain objects and arrays, Date, RegExp, Map,
/// Set, ArrayBuffer and typed arrays, errors; shared references and cycles are kept. Functions, symbols,
/// promises, windows and other host objects are refused with a <c>DataCloneError</c>. As the runtime's
/// messaging contract says, an object property whose value is <c>undefined</c> is dropped.
/// </summary>
internal sealed class StructuredClone
{
    private readonly Node _root;

    private StructuredClone(Node root, long size)
    {
        _root = root;
        Size = size;
    }

    /// <summary>An estimate of the bytes the message takes, compared against the size limit.</summary>
    public long Size { get; }

    public static readonly StructuredClone Undefined = new(new Scalar(null), 0);

    /// <summary>Copies <paramref name="value"/> out of <paramref name="realm"/>; throws a script-visible DataCloneError or a size error.</summary>
    public static StructuredClone Capture(ContextRealm realm, JsValue value, long maxBytes)
    {
        var capture = new Capturing(realm, maxBytes);
        var root = capture.Walk(value);
        return new StructuredClone(root, capture.Size);
    }

    /// <summary>Builds the value afresh in <paramref name="realm"/>'s engine.</summary>
    public JsValue Materialize(ContextRealm realm) => new Building(realm).Build(_root);

    private abstract class Node;

    /// <summary>null: undefined; <see cref="DBNull"/>: null; bool, double, string or BigInteger.</summary>
    private sealed class Scalar(object? value) : Node
    {
        public object? Value { get; } = value;
    }

    private abstract class Composite(int id) : Node
    {
        public int Id { get; } = id;
    }

    private sealed class Reference(int id) : Node
    {
        public int Id { get; } = id;
    }

    private sealed class PlainObject(int id, bool isArray, uint length) : Composite(id)
    {
        public bool IsArray { get; } = isArray;
        public uint Length { get; } = length;
        public List<(string Key, Node Value)> Properties { get; } = new();
    }

    private sealed class DateNode(int id, double time) : Composite(id)
    {
        public double Time { get; } = time;
    }

    private sealed class RegExpNode(int id, string source, string flags) : Composite(id)
    {
        public string Source { get; } = source;
        public string Flags { get; } = flags;
    }

    private sealed class BytesNode(int id, string type, byte[] bytes) : Composite(id)
    {
        public string Type { get; } = type;
        public byte[] Bytes { get; } = bytes;
    }

    private sealed class MapNode(int id) : Composite(id)
    {
        public List<(Node Key, Node Value)> Entries { get; } = new();
    }

    private sealed class SetNode(int id) : Composite(id)
    {
        public List<Node> Values { get; } = new();
    }

    private sealed class ErrorNode(int id, string name, string message, string? stack) : Composite(id)
    {
        public string Name { get; } = name;
        public string Message { get; } = message;
        public string? Stack { get; } = stack;
    }

    private sealed class Capturing(ContextRealm realm, long maxBytes)
    {
        private readonly Dictionary<ObjectInstance, int> _seen = new(ReferenceEqualityComparer.Instance);

        public long Size { get; private set; }

        private void Count(long bytes)
        {
            Size += bytes;
            if (Size > maxBytes) throw new MessageTooLargeException(maxBytes);
        }

        public Node Walk(JsValue value)
        {
            switch (value.Type)
            {
                case Types.Undefined: Count(1); return new Scalar(null);
                case Types.Null: Count(1); return new Scalar(DBNull.Value);
                case Types.Boolean: Count(1); return new Scalar(value.AsBoolean());
                case Types.Number: Count(8); return new Scalar(value.AsNumber());
                case Types.String: Count(8 + 2L * value.ToString().Length); return new Scalar(value.ToString());
                case Types.BigInt: Count(16); return new Scalar(TypeConverter.ToBigInt(value));
                case Types.Symbol: throw DataCloneError("Symbol");
            }
            var obj = (ObjectInstance)Membrane.Membrane.Unwrap(value, realm);
            if (_seen.TryGetValue(obj, out var earlier)) return new Reference(earlier);
            if (obj.IsCallable()) throw DataCloneError("Function object");
            var id = _seen.Count;
            _seen[obj] = id;
            Count(16);
            switch (obj)
            {
                case JsDate date: return new DateNode(id, date.DateValue);
                case JsRegExp regExp: return new RegExpNode(id, regExp.Source, regExp.Flags);
                case JsMap map:
                {
                    var node = new MapNode(id);
                    foreach (var (key, item) in map) node.Entries.Add((Walk(key), Walk(item)));
                    return node;
                }
                case JsSet set:
                {
                    var node = new SetNode(id);
                    foreach (var item in set) node.Values.Add(Walk(item));
                    return node;
                }
                case JsError:
                {
                    var stack = obj.Get("stack");
                    var node = new ErrorNode(id, ErrorName(obj), TypeConverter.ToString(obj.Get("message")), stack.IsString() ? stack.ToString() : null);
                    Count(2L * (node.Message.Length + (node.Stack?.Length ?? 0)));
                    return node;
                }
                case JsArrayBuffer:
                {
                    var bytes = (obj.AsArrayBuffer() ?? []).ToArray();
                    Count(bytes.Length);
                    return new BytesNode(id, "ArrayBuffer", bytes);
                }
                case JsTypedArray typed:
                {
                    var type = TypeName(typed);
                    var buffer = ((ObjectInstance)typed.Get("buffer")).AsArrayBuffer() ?? [];
                    var offset = (int)TypeConverter.ToNumber(typed.Get("byteOffset"));
                    var length = (int)TypeConverter.ToNumber(typed.Get("byteLength"));
                    Count(length);
                    return new BytesNode(id, type, buffer.AsSpan(offset, length).ToArray());
                }
                case JsArray array:
                    return Properties(new PlainObject(id, true, array.Length), obj);
            }
            if (obj.GetType() != typeof(JsObject) && obj.GetType() != typeof(ObjectInstance) || ReferenceEquals(obj, obj.Engine.Global))
                throw DataCloneError(TypeName(obj) + " object");
            return Properties(new PlainObject(id, false, 0), obj);
        }

        private PlainObject Properties(PlainObject node, ObjectInstance obj)
        {
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var descriptor = obj.GetOwnProperty(key);
                if (descriptor == PropertyDescriptor.Undefined || !descriptor.Enumerable) continue;
                var item = obj.Get(key);
                // The messaging contract: undefined members of objects are dropped (arrays keep their slots).
                if (item.IsUndefined() && !node.IsArray) continue;
                var name = key.ToString();
                Count(2L * name.Length);
                node.Properties.Add((name, Walk(item)));
            }
            return node;
        }

        private JavaScriptException DataCloneError(string what)
        {
            var error = realm.Engine.Intrinsics.Error.Construct($"{what} could not be cloned.");
            error.Set("name", "DataCloneError");
            return new JavaScriptException(error);
        }

        private string TypeName(ObjectInstance obj)
        {
            var tag = realm.Engine.Call(realm.ObjectToString, obj, []).ToString();
            return tag.StartsWith("[object ", StringComparison.Ordinal) ? tag[8..^1] : tag;
        }

        private static string ErrorName(ObjectInstance error)
        {
            var name = error.Get("name");
            return name.IsString() ? name.ToString() : "Error";
        }
    }

    private sealed class Building(ContextRealm realm)
    {
        private readonly Dictionary<int, ObjectInstance> _built = new();
        private Engine Engine => realm.Engine;

        public JsValue Build(Node node)
        {
            switch (node)
            {
                case Scalar { Value: null }: return JsValue.Undefined;
                case Scalar { Value: DBNull }: return JsValue.Null;
                case Scalar { Value: bool b }: return b ? JsBoolean.True : JsBoolean.False;
                case Scalar { Value: double d }: return JsNumber.Create(d);
                case Scalar { Value: string s }: return new JsString(s);
                case Scalar { Value: BigInteger i }: return new JsBigInt(i);
                case Reference reference: return _built[reference.Id];
            }
            var composite = (Composite)node;
            ObjectInstance result;
            switch (composite)
            {
                case DateNode date:
                    result = Engine.Construct(realm.DateConstructor, [JsNumber.Create(date.Time)]);
                    break;
                case RegExpNode regExp:
                    result = Engine.Construct(Engine.Intrinsics.RegExp, [regExp.Source, regExp.Flags]);
                    break;
                case BytesNode bytes:
                    var copy = Engine.Intrinsics.Uint8Array.Construct(bytes.Bytes);
                    var buffer = copy.Get("buffer");
                    result = bytes.Type switch
                    {
                        "ArrayBuffer" => (ObjectInstance)buffer,
                        "Uint8Array" => copy,
                        _ => Engine.Construct(TypedArrayConstructor(bytes.Type), [buffer]),
                    };
                    break;
                case MapNode map:
                    var builtMap = (JsMap)Engine.Construct(Engine.Intrinsics.Map, []);
                    _built[composite.Id] = builtMap;
                    foreach (var (key, value) in map.Entries) builtMap.Set(Build(key), Build(value));
                    return builtMap;
                case SetNode set:
                    var builtSet = Engine.Construct(Engine.Intrinsics.Set, []);
                    _built[composite.Id] = builtSet;
                    var add = builtSet.Get("add");
                    foreach (var value in set.Values) Engine.Call(add, builtSet, [Build(value)]);
                    return builtSet;
                case ErrorNode error:
                    var constructor = realm.ErrorConstructor(error.Name);
                    result = Engine.Construct(constructor ?? Engine.Intrinsics.Error, [error.Message]);
                    if (constructor is null) result.Set("name", error.Name);
                    if (error.Stack is not null) result.Set("stack", error.Stack);
                    break;
                case PlainObject plain:
                    result = plain.IsArray ? new JsArray(Engine, 0, plain.Length) : new JsObject(Engine);
                    _built[composite.Id] = result;
                    if (plain.IsArray) result.Set("length", plain.Length);
                    foreach (var (key, value) in plain.Properties) result.CreateDataProperty(key, Build(value));
                    return result;
                default:
                    throw new InvalidOperationException("unknown clone node " + composite.GetType().Name);
            }
            _built[composite.Id] = result;
            return result;
        }

        private ObjectInstance TypedArrayConstructor(string type)
        {
            var intrinsics = Engine.Intrinsics;
            return type switch
            {
                "Int8Array" => intrinsics.Int8Array,
                "Uint8ClampedArray" => intrinsics.Uint8ClampedArray,
                "Int16Array" => intrinsics.Int16Array,
                "Uint16Array" => intrinsics.Uint16Array,
                "Int32Array" => intrinsics.Int32Array,
                "Uint32Array" => intrinsics.Uint32Array,
                "BigInt64Array" => intrinsics.BigInt64Array,
                "BigUint64Array" => intrinsics.BigUint64Array,
                "Float16Array" => intrinsics.Float16Array,
                "Float32Array" => intrinsics.Float32Array,
                "Float64Array" => intrinsics.Float64Array,
                _ => intrinsics.Uint8Array,
            };
        }
    }
}

/// <summary>A message bigger than <c>actorruntime.messaging.max-message-size</c>; nothing was sent.</summary>
internal sealed class MessageTooLargeException(long limit)
    : Exception($"Message exceeds the maximum allowed size of {limit} bytes (actorruntime.messaging.max-message-size)");
