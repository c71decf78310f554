using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Jint;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>
/// Reads JSON the runtime wrote itself (an event's arguments, such as a request's details at each webRequest event) into an
/// engine's values, as <c>JSON.parse</c> would give them, without Jint's parser: objects are made in Jint's shaped form
/// (the same keys in the same order share one hidden class), property names are interned, and the strings one reader has
/// seen are reused (a request's URL, method and headers are the same at every event of its lifecycle). JSON this reader
/// does not take as it is (a key <c>JSON.parse</c> orders or treats apart: an array index or <c>__proto__</c>; too deep;
/// malformed) is answered null, for the caller to parse it the ordinary way. Built without recursion.
/// </summary>
/// <remarks>One reader belongs to one request (or one event's firing); not thread-safe. Its string cache is bounded.</remarks>
internal sealed class RuntimeJsonReader(int maxDepth)
{
    private const int MaxCachedStrings = 128;
    private const int MaxCachedLength = 1024;
    private const int MaxInternedNames = 512;

    // Property names of the runtime's own JSON: few and fixed, so kept for the process (bounded all the same).
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamesBySpan = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Dictionary<string, JsString> _strings = new(StringComparer.Ordinal);
    // One flat stack of finished values (and of the keys of objects' members); each open container is where its own start.
    private readonly List<JsValue> _values = new();
    private readonly List<string> _keys = new();
    private readonly Stack<(bool IsObject, int ValueStart, int KeyStart)> _open = new();
    private Dictionary<string, JsString>.AlternateLookup<ReadOnlySpan<char>> StringsBySpan => _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The items of the JSON array <paramref name="json"/> as values of <paramref name="engine"/>, or null when this reader does not take it.</summary>
    public JsValue[]? ReadArray(Engine engine, string json)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(64, json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, bytes);
            return Read(engine, bytes.AsSpan(0, length), chars);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private JsValue[]? Read(Engine engine, ReadOnlySpan<byte> utf8, char[] chars)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Math.Max(1, maxDepth) });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        var (values, keys, open) = (_values, _keys, _open);
        values.Clear();
        keys.Clear();
        open.Clear();
        open.Push((false, 0, 0));
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    open.Push((reader.TokenType == JsonTokenType.StartObject, values.Count, keys.Count));
                    continue;
                case JsonTokenType.PropertyName:
                    var name = Name(Text(ref reader, chars));
                    if (name is null) return null;
                    keys.Add(name);
                    continue;
                case JsonTokenType.EndObject:
                {
                    var (_, valueStart, keyStart) = open.Pop();
                    var count = values.Count - valueStart;
                    var entries = ArrayPool<KeyValuePair<string, JsValue>>.Shared.Rent(Math.Max(1, count));
                    for (var i = 0; i < count; i++) entries[i] = new(keys[keyStart + i], values[valueStart + i]);
                    var made = JsObject.CreateFromEntries(engine, entries.AsSpan(0, count));
                    ArrayPool<KeyValuePair<string, JsValue>>.Shared.Return(entries, clearArray: true);
                    values.RemoveRange(valueStart, count);
                    keys.RemoveRange(keyStart, count);
                    values.Add(made);
                    continue;
                }
                case JsonTokenType.EndArray:
                {
                    var (_, valueStart, _) = open.Pop();
                    var items = values.GetRange(valueStart, values.Count - valueStart).ToArray();
                    values.RemoveRange(valueStart, items.Length);
                    if (open.Count == 0) return reader.Read() ? null : items;
                    values.Add(new JsArray(engine, items));
                    continue;
                }
                case JsonTokenType.String:
                    values.Add(String(Text(ref reader, chars)));
                    continue;
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out var number)) return null;
                    values.Add(JsNumber.Create(number));
                    continue;
                case JsonTokenType.True:
                    values.Add(JsBoolean.True);
                    continue;
                case JsonTokenType.False:
                    values.Add(JsBoolean.False);
                    continue;
                case JsonTokenType.Null:
                    values.Add(JsValue.Null);
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    private static ReadOnlySpan<char> Text(ref Utf8JsonReader reader, char[] chars) => chars.AsSpan(0, reader.CopyString(chars));

    /// <summary>The interned name, or null for a key that <c>JSON.parse</c> places or treats apart (an array index, <c>__proto__</c>, the empty key).</summary>
    private static string? Name(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || char.IsAsciiDigit(text[0]) || text.SequenceEqual("__proto__")) return null;
        if (NamesBySpan.TryGetValue(text, out var known)) return known;
        var name = text.ToString();
        if (Names.Count < MaxInternedNames) Names.TryAdd(name, name);
        return name;
    }

    private JsString String(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxCachedLength) return JsString.Create(text.ToString());
        var lookup = StringsBySpan;
        if (lookup.TryGetValue(text, out var seen)) return seen;
        var made = JsString.Create(text.ToString());
        if (_strings.Count < MaxCachedStrings) _strings[made.ToString()] = made;
        return made;
    }
}
