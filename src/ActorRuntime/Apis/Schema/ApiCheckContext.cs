using System.Text.Json;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Schema;

/// <summary>What checking one call's arguments needs from the calling context: its engine, manifest version and console.</summary>
internal sealed class ApiCheckContext(ContextRealm realm)
{
    private Engine Engine => realm.Engine;

    public int ManifestVersion => realm.Extension.Manifest.ManifestVersion;

    /// <summary>
    /// How deep a value is checked. The schemas' types nest a dozen levels at most; only a type that contains itself could
    /// go further, and a value that deep is refused rather than walked (the check recurses along the schema, so it stays
    /// a few dozen frames).
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>The page's URL, against which relative URLs in arguments resolve.</summary>
    public string BaseUrl => realm.Info.Url;

    public bool IsChromium => realm.Extension.Flavor == Flavor.Chrome;

    /// <summary>The exception a failed check throws into the caller: an Error in Firefox, a TypeError in Chromium.</summary>
    public JavaScriptException Error(string message) =>
        new(IsChromium ? Engine.Intrinsics.TypeError : Engine.Intrinsics.Error, message);

    /// <summary>
    /// A value as Firefox prints it in its errors: <c>JSON.stringify</c>, with <c>undefined</c> for what has no JSON. Objects
    /// are written by a bounded walk (a message about a huge or deep value stays short, and costs what a short one does).
    /// </summary>
    public string Json(JsValue value)
    {
        if (value.IsUndefined() || value.IsCallable() || value.IsSymbol()) return "undefined";
        if (value is ObjectInstance) return ApiValueJson.Value(value, maxDepth: 8, maxChars: 1024);
        var text = realm.Stringify(value);
        return text.IsString() ? text.AsString() : "undefined";
    }

    public JsValue FromJson(JsonElement value) => new Jint.Native.Json.JsonParser(Engine).Parse(value.GetRawText());

    public ObjectInstance NewObject() => new JsObject(Engine);

    public JsValue NewArray(List<JsValue> items) => new JsArray(Engine, items.ToArray());

    /// <summary>The object's own enumerable string-keyed properties in order, each read once (getters run once).</summary>
    public Dictionary<string, JsValue> OwnEnumerable(ObjectInstance value)
    {
        var result = new Dictionary<string, JsValue>(StringComparer.Ordinal);
        foreach (var key in value.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = value.GetOwnProperty(key);
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !descriptor.Enumerable) continue;
            result[key.ToString()] = value.Get(key);
        }
        return result;
    }

    /// <summary>Firefox's <c>isInstanceOf</c>: the object's class by name (an <c>Element</c> is any element node).</summary>
    public bool IsInstanceOf(ObjectInstance value, string className)
    {
        if (className == "Element")
            return value.Get("nodeType") is JsNumber type && type.AsNumber() == 1;
        var constructor = value.Get("constructor");
        return constructor is ObjectInstance c && TypeConverter.ToString(c.Get("name")) == className;
    }

    /// <summary>A warning on the context's console, as Firefox logs its schema warnings.</summary>
    public void Warn(string message) => realm.Log("warn", message);

    public void WarnIfDeprecated(SchemaNode node, JsValue value, List<string> path)
    {
        if (node.Deprecated is not { } text || IsChromium) return;
        var message = text.Length == 0 ? "This property is deprecated" : text.Replace("${value}", Json(value), StringComparison.Ordinal);
        Warn(path.Count > 0 ? $"Warning processing {string.Join('.', path)}: {message}" : message);
    }
}
