using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Kernel;

internal sealed partial class StructuredClone
{
    /// <summary>
    /// Walks a value of the sender's engine depth first, in the order the HTML algorithm reads it (so getters run in
    /// the same order), with an explicit stack: a message nested deeper than the configured depth is refused as the
    /// flavour's browser refuses it, and no depth of extension data can reach the end of the .NET stack.
    /// </summary>
    private sealed class Capturing(ContextRealm realm, long maxBytes, int maxDepth)
    {
        // Made on first use: most messages are a primitive or one small object.
        private Dictionary<ObjectInstance, int>? _seen;
        private Stack<Reading>? _stack;

        public long Size { get; private set; }

        /// <summary>A container whose members are being read; <see cref="Depth"/> counts the containers around it.</summary>
        private abstract class Reading(int depth)
        {
            public int Depth { get; } = depth;

            /// <summary>The next member to walk, or false when there are no more.</summary>
            public abstract bool TryNext(Capturing capture, out JsValue value);

            /// <summary>Takes the node walked from the value <see cref="TryNext"/> gave.</summary>
            public abstract void Accept(Node node);
        }

        private sealed class PropertiesReading(PlainObject node, ObjectInstance source, int depth) : Reading(depth)
        {
            private readonly List<JsValue> _keys = source.GetOwnPropertyKeys(Types.String);
            private int _index;
            private string _name = "";

            public override bool TryNext(Capturing capture, out JsValue value)
            {
                while (_index < _keys.Count)
                {
                    var key = _keys[_index++];
                    var descriptor = source.GetOwnProperty(key);
                    if (descriptor == PropertyDescriptor.Undefined || !descriptor.Enumerable) continue;
                    value = source.Get(key);
                    // The messaging contract: undefined members of objects are dropped (arrays keep their slots).
                    if (value.IsUndefined() && !node.IsArray) continue;
                    _name = key.ToString();
                    capture.Count(2L * _name.Length);
                    return true;
                }
                value = JsValue.Undefined;
                return false;
            }

            public override void Accept(Node child) => node.Properties.Add((_name, child));
        }

        /// <summary>Members taken out of a Map or Set when it is reached, read one after another.</summary>
        private abstract class ValuesReading(List<JsValue> values, int depth) : Reading(depth)
        {
            private int _index;

            public override bool TryNext(Capturing capture, out JsValue value)
            {
                if (_index < values.Count)
                {
                    value = values[_index++];
                    return true;
                }
                value = JsValue.Undefined;
                return false;
            }
        }

        /// <summary>A Map's keys and values, alternating: an entry is added once its value is walked.</summary>
        private sealed class MapReading(MapNode node, List<JsValue> keysAndValues, int depth) : ValuesReading(keysAndValues, depth)
        {
            private Node? _key;

            public override void Accept(Node child)
            {
                if (_key is null)
                {
                    _key = child;
                    return;
                }
                node.Entries.Add((_key, child));
                _key = null;
            }
        }

        private sealed class SetReading(SetNode node, List<JsValue> values, int depth) : ValuesReading(values, depth)
        {
            public override void Accept(Node child) => node.Values.Add(child);
        }

        public Node Run(JsValue root)
        {
            var result = Visit(root, 0);
            while (_stack is not null && _stack.TryPeek(out var reading))
            {
                if (!reading.TryNext(this, out var value))
                {
                    _stack.Pop();
                    continue;
                }
                reading.Accept(Visit(value, reading.Depth + 1));
            }
            return result;
        }

        private void Count(long bytes)
        {
            Size += bytes;
            if (Size > maxBytes) throw new MessageTooLargeException(maxBytes);
        }

        /// <summary>The node for <paramref name="value"/>; a container's members are queued to be read after it.</summary>
        private Node Visit(JsValue value, int depth)
        {
            switch (value.Type)
            {
                case Types.Undefined: Count(1); return new Scalar(null);
                case Types.Null: Count(1); return new Scalar(DBNull.Value);
                case Types.Boolean: Count(1); return new Scalar(value.AsBoolean());
                case Types.Number: Count(8); return new Scalar(value.AsNumber());
                case Types.String: Count(8 + 2L * value.ToString().Length); return new Scalar(value.ToString());
                case Types.BigInt: Count(16); return new Scalar(TypeConverter.ToBigInt(value));
                case Types.Symbol: throw DataCloneError("Symbol could not be cloned.");
            }
            var obj = (ObjectInstance)Membrane.Crossing.Unwrap(value, realm);
            _seen ??= new Dictionary<ObjectInstance, int>(ReferenceEqualityComparer.Instance);
            if (_seen.TryGetValue(obj, out var earlier)) return new Reference(earlier);
            if (obj.IsCallable()) throw DataCloneError("Function object could not be cloned.");
            // As in browsers, a proxy is refused before any of its traps runs (naming its type would call them).
            if (IsScriptProxy(obj)) throw DataCloneError("Proxy object could not be cloned.");
            if (depth >= maxDepth) throw TooDeep();
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
                    var keysAndValues = new List<JsValue>();
                    foreach (var (key, item) in map)
                    {
                        keysAndValues.Add(key);
                        keysAndValues.Add(item);
                    }
                    (_stack ??= new Stack<Reading>()).Push(new MapReading(node, keysAndValues, depth));
                    return node;
                }
                case JsSet set:
                {
                    var node = new SetNode(id);
                    (_stack ??= new Stack<Reading>()).Push(new SetReading(node, set.ToList(), depth));
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
                    return Properties(new PlainObject(id, true, array.Length), obj, depth);
            }
            if (obj.GetType() != typeof(JsObject) && obj.GetType() != typeof(ObjectInstance) || ReferenceEquals(obj, obj.Engine.Global))
                throw DataCloneError(TypeName(obj) + " object could not be cloned.");
            return Properties(new PlainObject(id, false, 0), obj, depth);
        }

        private PlainObject Properties(PlainObject node, ObjectInstance obj, int depth)
        {
            (_stack ??= new Stack<Reading>()).Push(new PropertiesReading(node, obj, depth));
            return node;
        }

        /// <summary>
        /// Nested past <c>actorruntime.messaging.max-depth</c>: Chromium, which serialises messages as JSON, refuses
        /// with its serialization error; Firefox's structured clone with a DataCloneError.
        /// </summary>
        private JavaScriptException TooDeep() => realm.Extension.Flavor == Flavor.Chrome
            ? new JavaScriptException(realm.Engine.Intrinsics.Error, "Could not serialize message.")
            : DataCloneError($"The object could not be cloned: it is nested more than {maxDepth} levels deep (actorruntime.messaging.max-depth).");

        private JavaScriptException DataCloneError(string message)
        {
            var error = realm.Engine.Intrinsics.Error.Construct(message);
            error.Set("name", "DataCloneError");
            return new JavaScriptException(error);
        }

        /// <summary>A page script's <c>Proxy</c> (membrane proxies were unwrapped before); Jint's proxy type is not public.</summary>
        private static bool IsScriptProxy(ObjectInstance obj) => obj.GetType().FullName == "Jint.Native.JsProxy";

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
}
