using System.Text;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// API arguments and results as JSON for the harness (the call log, functions the host provides): functions are written
/// as <c>"&lt;function&gt;"</c>, what JSON cannot hold (undefined in an array, NaN) as null, a cycle as <c>"&lt;cycle&gt;"</c>.
/// The walk is bounded in depth and size and keeps its own stack: what a script passes cannot exhaust the .NET stack.
/// </summary>
internal static class ApiValueJson
{
    public const string Function = "<function>";
    private const string Cycle = "<cycle>";
    private const string Deeper = "<too deep>";
    private static readonly JsValue Accessor = "<getter>";

    /// <summary>The values as a JSON array; past <paramref name="maxChars"/> the rest of the text is cut and marked.</summary>
    public static string Array(IReadOnlyList<JsValue> values, int maxDepth, int maxChars = 64 * 1024)
    {
        var wrapper = new JsValue[values.Count];
        for (var i = 0; i < values.Count; i++) wrapper[i] = values[i];
        return Write(new ListItems(wrapper), maxDepth, maxChars);
    }

    public static string Value(JsValue value, int maxDepth, int maxChars = 64 * 1024) => Write(new Single(value), maxDepth, maxChars);

    private abstract class Items
    {
        public abstract bool IsArray { get; }
        public abstract bool Next(out string? key, out JsValue value);
    }

    private sealed class Single(JsValue value) : Items
    {
        private bool _done;
        public override bool IsArray => true;

        public override bool Next(out string? key, out JsValue next)
        {
            key = null;
            next = value;
            if (_done) return false;
            _done = true;
            return true;
        }
    }

    private sealed class ListItems(IReadOnlyList<JsValue> values) : Items
    {
        private int _index;
        public override bool IsArray => true;

        public override bool Next(out string? key, out JsValue value)
        {
            key = null;
            value = _index < values.Count ? values[_index] : JsValue.Undefined;
            return _index++ < values.Count;
        }
    }

    private sealed class ObjectItems(ObjectInstance target) : Items
    {
        private readonly List<JsValue> _keys = target.GetOwnPropertyKeys(Types.String);
        private int _index;
        public ObjectInstance Target => target;
        public override bool IsArray => false;

        public override bool Next(out string? key, out JsValue value)
        {
            while (_index < _keys.Count)
            {
                var name = _keys[_index++];
                var descriptor = target.GetOwnProperty(name);
                if (!descriptor.Enumerable) continue;
                // Recording must not run the extension's code (a getter read twice can behave differently): accessors are named, not read.
                if (descriptor.IsAccessorDescriptor())
                {
                    key = name.ToString();
                    value = Accessor;
                    return true;
                }
                value = descriptor.Value;
                // As JSON.stringify: an object's undefined members are left out.
                if (value.IsUndefined()) continue;
                key = name.ToString();
                return true;
            }
            key = null;
            value = JsValue.Undefined;
            return false;
        }
    }

    private sealed class ArrayItems(ObjectInstance target) : Items
    {
        private readonly long _length = (long)TypeConverter.ToNumber(target.Get("length"));
        private long _index;
        public ObjectInstance Target => target;
        public override bool IsArray => true;

        public override bool Next(out string? key, out JsValue value)
        {
            key = null;
            value = _index < _length ? target.Get(_index) : JsValue.Undefined;
            return _index++ < _length;
        }
    }

    private static string Write(Items root, int maxDepth, int maxChars)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var stack = new Stack<Items>();
            var open = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
            // The root is the outer array of the arguments (or a single value, written without it).
            var single = root is Single;
            if (!single) writer.WriteStartArray();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var items = stack.Peek();
                if (buffer.Length + writer.BytesPending > maxChars) break;
                if (!items.Next(out var key, out var value))
                {
                    stack.Pop();
                    if (items is ObjectItems o) open.Remove(o.Target);
                    if (items is ArrayItems a) open.Remove(a.Target);
                    if (items is not Single && (stack.Count > 0 || !single)) writer.WriteEndArrayOrObject(items.IsArray);
                    continue;
                }
                if (key is not null) writer.WritePropertyName(key);
                switch (value)
                {
                    case var _ when value.IsNull() || value.IsUndefined(): writer.WriteNullValue(); break;
                    case JsBoolean b: writer.WriteBooleanValue(b.AsBoolean()); break;
                    case JsNumber n when double.IsFinite(n.AsNumber()): writer.WriteNumberValue(n.AsNumber()); break;
                    case JsNumber: writer.WriteNullValue(); break;
                    case JsString s:
                        // A string longer than the room left is cut where the room ends, and says so.
                        var text = s.ToString();
                        var room = Math.Max(0, maxChars - (int)(buffer.Length + writer.BytesPending));
                        writer.WriteStringValue(text.Length > room ? text[..room] + "<cut>" : text);
                        break;
                    case var _ when value.IsCallable(): writer.WriteStringValue(Function); break;
                    case ObjectInstance obj when open.Contains(obj): writer.WriteStringValue(Cycle); break;
                    case ObjectInstance when stack.Count > maxDepth: writer.WriteStringValue(Deeper); break;
                    case ObjectInstance obj when obj.IsArray():
                        open.Add(obj);
                        writer.WriteStartArray();
                        stack.Push(new ArrayItems(obj));
                        break;
                    case ObjectInstance obj:
                        open.Add(obj);
                        writer.WriteStartObject();
                        stack.Push(new ObjectItems(obj));
                        break;
                    default: writer.WriteStringValue(Scripting.ErrorReport.Primitive(value)); break;
                }
            }
            if (stack.Count > 0 && stack.Peek() is not Single)
            {
                // Cut: close what is open so the text stays JSON, and say so.
                if (!stack.Peek().IsArray) writer.WritePropertyName("<cut>");
                writer.WriteStringValue("<cut>");
                while (stack.Count > 0)
                {
                    var items = stack.Pop();
                    if (items is not Single && (stack.Count > 0 || !single)) writer.WriteEndArrayOrObject(items.IsArray);
                }
            }
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteEndArrayOrObject(this Utf8JsonWriter writer, bool isArray)
    {
        if (isArray) writer.WriteEndArray();
        else writer.WriteEndObject();
    }
}
