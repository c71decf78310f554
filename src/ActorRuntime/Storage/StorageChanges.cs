using System.Text;
using System.Text.Json;

namespace ActorRuntime.Storage;

/// <summary>
/// <c>{ key: { oldValue, newValue } }</c> for <c>storage.onChanged</c>, written around the stored JSON texts as they are:
/// a value is never parsed again, so no depth of stored data meets a parser's nesting limit here.
/// </summary>
internal sealed class StorageChanges
{
    private readonly StringBuilder _json = new("{");

    public int Count { get; private set; }

    /// <summary>Adds the change of <paramref name="key"/>; a null value is absent (a new key has no old value, a removed one no new value).</summary>
    public void Add(string key, string? oldValue, string? newValue)
    {
        if (Count++ > 0) _json.Append(',');
        _json.Append(JsonSerializer.Serialize(key)).Append(":{");
        if (newValue is not null) _json.Append("\"newValue\":").Append(newValue);
        if (oldValue is not null) _json.Append(newValue is null ? "" : ",").Append("\"oldValue\":").Append(oldValue);
        _json.Append('}');
    }

    public string ToJsonString() => _json.ToString() + "}";
}
