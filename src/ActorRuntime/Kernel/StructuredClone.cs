using System.Numerics;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Kernel;

/// <summary>
/// The copy a message travels as between contexts: taken from the sender's engine when it is sent (so
/// later changes do not show), rebuilt in each receiver's engine, and never holding a <see cref="JsValue"/>
/// of either. Follows the HTML structured clone: primitives, plain objects and arrays, Date, RegExp, Map,
/// Set, ArrayBuffer and typed arrays, errors; shared references and cycles are kept. Functions, symbols,
/// promises, windows and other host objects are refused with a <c>DataCloneError</c>. As the runtime's
/// messaging contract says, an object property whose value is <c>undefined</c> is dropped.
/// </summary>
internal sealed partial class StructuredClone
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

    /// <summary>
    /// Copies <paramref name="value"/> out of <paramref name="realm"/> within the extension's message limits; throws a
    /// script-visible error (a DataCloneError, or Chromium's serialization error) or a <see cref="MessageTooLargeException"/>.
    /// </summary>
    public static StructuredClone Capture(ContextRealm realm, JsValue value)
    {
        var options = realm.Extension.Options;
        var capture = new Capturing(realm, options.MaxMessageBytes, options.MaxMessageDepth);
        var root = capture.Run(value);
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

    /// <summary>Rebuilds a captured tree in one engine, in the order it was captured, without recursing on the .NET stack.</summary>
    private sealed class Building(ContextRealm realm)
    {
        private Dictionary<int, ObjectInstance>? _built;
        private Stack<Filling>? _stack;
        private Engine Engine => realm.Engine;

        /// <summary>A container whose members are being added; the next one is <see cref="Index"/>.</summary>
        private sealed class Filling(Composite node, ObjectInstance target)
        {
            public Composite Node { get; } = node;
            public ObjectInstance Target { get; } = target;
            public int Index { get; set; }
            public JsValue? PendingKey { get; set; }
        }

        public JsValue Build(Node root)
        {
            var result = Shell(root);
            while (_stack is not null && _stack.TryPeek(out var filling))
            {
                if (!FillNext(filling)) _stack.Pop();
            }
            return result;
        }

        /// <summary>Adds one member to the container; false when it has them all.</summary>
        private bool FillNext(Filling filling)
        {
            switch (filling.Node)
            {
                case PlainObject plain when filling.Index < plain.Properties.Count:
                    var (key, value) = plain.Properties[filling.Index++];
                    filling.Target.CreateDataProperty(key, Shell(value));
                    return true;
                case MapNode map when filling.Index < map.Entries.Count:
                    // A key and its value are two steps, so each is rebuilt in capture order before the entry is set.
                    var entry = map.Entries[filling.Index];
                    if (filling.PendingKey is null)
                    {
                        filling.PendingKey = Shell(entry.Key);
                        return true;
                    }
                    ((JsMap)filling.Target).Set(filling.PendingKey, Shell(entry.Value));
                    filling.PendingKey = null;
                    filling.Index++;
                    return true;
                case SetNode set when filling.Index < set.Values.Count:
                    var item = Shell(set.Values[filling.Index++]);
                    Engine.Call(filling.Target.Get("add"), filling.Target, [item]);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The value of <paramref name="node"/>; a container is created empty and queued to receive its members.</summary>
        private JsValue Shell(Node node)
        {
            switch (node)
            {
                case Scalar { Value: null }: return JsValue.Undefined;
                case Scalar { Value: DBNull }: return JsValue.Null;
                case Scalar { Value: bool b }: return b ? JsBoolean.True : JsBoolean.False;
                case Scalar { Value: double d }: return JsNumber.Create(d);
                case Scalar { Value: string s }: return new JsString(s);
                case Scalar { Value: BigInteger i }: return new JsBigInt(i);
                case Reference reference: return _built![reference.Id];
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
                case MapNode:
                    result = Engine.Construct(Engine.Intrinsics.Map, []);
                    (_stack ??= new Stack<Filling>()).Push(new Filling(composite, result));
                    break;
                case SetNode:
                    result = Engine.Construct(Engine.Intrinsics.Set, []);
                    (_stack ??= new Stack<Filling>()).Push(new Filling(composite, result));
                    break;
                case ErrorNode error:
                    var constructor = realm.ErrorConstructor(error.Name);
                    result = Engine.Construct(constructor ?? Engine.Intrinsics.Error, [error.Message]);
                    if (constructor is null) result.Set("name", error.Name);
                    if (error.Stack is not null) result.Set("stack", error.Stack);
                    break;
                case PlainObject plain:
                    // Jint refuses to construct an array longer than max-array-size, though a sparse one is fine (the
                    // sender made it by setting its length): start empty and set the length as the sender did.
                    result = plain.IsArray ? new JsArray(Engine) : new JsObject(Engine);
                    if (plain.IsArray) result.Set("length", plain.Length);
                    (_stack ??= new Stack<Filling>()).Push(new Filling(composite, result));
                    break;
                default:
                    throw new InvalidOperationException("unknown clone node " + composite.GetType().Name);
            }
            (_built ??= new Dictionary<int, ObjectInstance>())[composite.Id] = result;
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
