using System.Text.Json;

namespace ActorRuntime.Apis.Schema;

/// <summary>Reads the nodes of the API descriptions (ours, generated: trusted, and only as deep as the schemas are).</summary>
internal static class SchemaReader
{
    internal static IReadOnlyList<string>? Strings(JsonElement element, string key) =>
        element.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString()).ToArray()
            : null;

    internal static int? Int(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    internal static double? Number(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    internal static string? String(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static bool Flag(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Reads one node of the description (ours, generated: trusted, and only as deep as the schemas are).</summary>
    internal static SchemaNode Node(JsonElement e, string ns, string? name, bool chromiumOnly)
    {
        var reference = String(e, "$ref");
        var type = String(e, "type");
        var kind = reference is not null ? SchemaKind.Ref
            : e.TryGetProperty("choices", out _) ? SchemaKind.Choices
            : type switch
            {
                "string" => SchemaKind.String,
                "integer" => SchemaKind.Integer,
                "number" => SchemaKind.Number,
                "boolean" => SchemaKind.Boolean,
                "array" => SchemaKind.Array,
                "object" => SchemaKind.Object,
                "function" => SchemaKind.Function,
                "null" => SchemaKind.Null,
                "binary" => SchemaKind.Binary,
                _ => SchemaKind.Any,
            };
        // A property given only as a constant (`{"value": 102400}`) is a constant of that value.
        var async = e.TryGetProperty("async", out var asyncValue)
            ? asyncValue.ValueKind == JsonValueKind.String ? asyncValue.GetString() : asyncValue.ValueKind == JsonValueKind.True ? "" : null
            : null;
        var parameters = e.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => Node(p, ns, String(p, "name"), chromiumOnly, callbackName: async)).ToArray()
            : null;
        var pattern = String(e, "pattern");
        return new SchemaNode
        {
            Namespace = ns,
            Name = name ?? String(e, "name"),
            Id = String(e, "id"),
            Kind = kind,
            Ref = reference,
            Choices = e.TryGetProperty("choices", out var choices) ? choices.EnumerateArray().Select(c => Node(c, ns, null, chromiumOnly)).ToArray() : null,
            Enum = Strings(e, "enum"),
            Minimum = Number(e, "minimum"),
            Maximum = Number(e, "maximum"),
            MinLength = Int(e, "minLength"),
            MaxLength = Int(e, "maxLength"),
            MinItems = Int(e, "minItems"),
            MaxItems = Int(e, "maxItems"),
            Pattern = pattern is null ? null : SchemaPatterns.Compile(pattern),
            PatternSource = pattern,
            Format = String(e, "format"),
            Properties = e.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Node(p.Value, ns, p.Name, chromiumOnly)).ToArray()
                : null,
            AdditionalProperties = e.TryGetProperty("additionalProperties", out var additional)
                ? additional.ValueKind == JsonValueKind.Object ? Node(additional, ns, null, chromiumOnly)
                : additional.ValueKind == JsonValueKind.True ? new SchemaNode { Namespace = ns, Kind = SchemaKind.Any, ChromiumOnly = chromiumOnly } : null
                : null,
            PatternProperties = e.TryGetProperty("patternProperties", out var patterns)
                ? patterns.EnumerateObject().Select(p => (SchemaPatterns.Compile(p.Name), Node(p.Value, ns, null, chromiumOnly))).ToArray()
                : null,
            Items = e.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object ? Node(items, ns, null, chromiumOnly) : null,
            IsInstanceOf = String(e, "isInstanceOf"),
            Optional = e.TryGetProperty("optional", out var optional) && optional.ValueKind is JsonValueKind.True or JsonValueKind.String,
            Default = e.TryGetProperty("default", out var @default) ? @default.Clone() : null,
            Unsupported = Flag(e, "unsupported"),
            Deprecated = e.TryGetProperty("deprecated", out var deprecated)
                ? deprecated.ValueKind == JsonValueKind.String ? deprecated.GetString() : deprecated.ValueKind == JsonValueKind.True ? "" : null
                : null,
            OnError = String(e, "onError"),
            MinManifestVersion = Int(e, "min_manifest_version") ?? 2,
            MaxManifestVersion = Int(e, "max_manifest_version") ?? 3,
            AllowedContexts = Strings(e, "allowedContexts"),
            Permissions = Strings(e, "permissions"),
            Value = e.TryGetProperty("value", out var value) ? value.Clone() : null,
            Parameters = parameters,
            ExtraParameters = e.TryGetProperty("extraParameters", out var extra)
                ? extra.EnumerateArray().Select(p => Node(p, ns, String(p, "name"), chromiumOnly)).ToArray()
                : null,
            Async = async,
            Returns = e.TryGetProperty("returns", out var returns) && returns.ValueKind == JsonValueKind.Object ? Node(returns, ns, null, chromiumOnly) : null,
            AllowAmbiguousOptionalArguments = Flag(e, "allowAmbiguousOptionalArguments"),
            RequireUserInput = Flag(e, "requireUserInput"),
            Functions = e.TryGetProperty("functions", out var functions) ? functions.EnumerateArray().Select(f => Node(f, ns, null, chromiumOnly)).Where(f => !f.Unsupported).ToArray() : null,
            Events = e.TryGetProperty("events", out var events) ? events.EnumerateArray().Select(f => Node(f, ns, null, chromiumOnly)).Where(f => !f.Unsupported).ToArray() : null,
            ChromiumOnly = chromiumOnly,
            DisallowServiceWorkers = Flag(e, "disallowServiceWorkers"),
            Constructor = Flag(e, "constructor"),
            Declarative = e.TryGetProperty("rules", out _),
        };
    }

    /// <summary>A parameter: the callback of an async function is optional unless the schema says otherwise (Firefox's rule).</summary>
    private static SchemaNode Node(JsonElement e, string ns, string? name, bool chromiumOnly, string? callbackName)
    {
        var node = Node(e, ns, name, chromiumOnly);
        if (callbackName is { Length: > 0 } && name == callbackName && !e.TryGetProperty("optional", out _))
            return node with { Optional = true, OptionalByDefault = true };
        return node;
    }
}
