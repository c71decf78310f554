using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorRuntime.Apis.Schema;

/// <summary>What a schema node says a value is.</summary>
internal enum SchemaKind { Any, Null, String, Integer, Number, Boolean, Array, Object, Function, Ref, Choices, Binary }

/// <summary>
/// One node of the API description: a type, a parameter, an object's property, a function or an event (the schemas
/// describe all of them with the same keys). Immutable once loaded; shared by every context of the process.
/// </summary>
internal sealed record SchemaNode
{
    public required string Namespace { get; init; }
    public string? Name { get; init; }
    public string? Id { get; init; }
    public SchemaKind Kind { get; init; }
    public string? Ref { get; init; }
    public IReadOnlyList<SchemaNode>? Choices { get; init; }
    public IReadOnlyList<string>? Enum { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public Regex? Pattern { get; init; }
    public string? PatternSource { get; init; }
    public string? Format { get; init; }

    /// <summary>The properties of an object type, by name in ordinal order (Firefox checks them sorted).</summary>
    public IReadOnlyList<SchemaNode>? Properties { get; init; }
    public SchemaNode? AdditionalProperties { get; init; }
    public IReadOnlyList<(Regex Pattern, SchemaNode Type)>? PatternProperties { get; init; }
    public SchemaNode? Items { get; init; }
    public string? IsInstanceOf { get; init; }
    public bool Optional { get; init; }

    /// <summary>Optional only by Firefox's rule that a callback is (Chromium's signatures do not print it as optional).</summary>
    public bool OptionalByDefault { get; init; }
    public JsonElement? Default { get; init; }
    public bool Unsupported { get; init; }
    public string? Deprecated { get; init; }
    public string? OnError { get; init; }
    public int MinManifestVersion { get; init; } = 2;
    public int MaxManifestVersion { get; init; } = 3;
    public IReadOnlyList<string>? AllowedContexts { get; init; }
    public IReadOnlyList<string>? Permissions { get; init; }

    /// <summary>A constant property's value (<c>storage.sync.QUOTA_BYTES</c>).</summary>
    public JsonElement? Value { get; init; }

    // A function (or an event, or a function-typed parameter):
    public IReadOnlyList<SchemaNode>? Parameters { get; init; }
    public IReadOnlyList<SchemaNode>? ExtraParameters { get; init; }

    /// <summary>The name of the callback parameter of an asynchronous function (<c>async: "callback"</c>), or "" for <c>async: true</c>.</summary>
    public string? Async { get; init; }
    public SchemaNode? Returns { get; init; }
    public bool AllowAmbiguousOptionalArguments { get; init; }
    public bool RequireUserInput { get; init; }

    /// <summary>From Chromium's description: only the chrome flavour has it, and its references find Chromium's types first.</summary>
    public bool ChromiumOnly { get; init; }

    /// <summary>Chromium keeps it from service workers (<c>@chrome-disallow-service-workers</c>).</summary>
    public bool DisallowServiceWorkers { get; init; }

    /// <summary>A type scripts construct (<c>new chrome.declarativeContent.ShowAction()</c>).</summary>
    public bool Constructor { get; init; }

    /// <summary>A declarative event: rules (its <see cref="Functions"/> <c>addRules</c>, <c>getRules</c>, <c>removeRules</c>), no listeners.</summary>
    public bool Declarative { get; init; }

    // An object type with members of its own (StorageArea, ChromeSetting), or a declarative event's rule functions:
    public IReadOnlyList<SchemaNode>? Functions { get; init; }
    public IReadOnlyList<SchemaNode>? Events { get; init; }

    /// <summary>The parameters without the callback an asynchronous function takes last.</summary>
    public IReadOnlyList<SchemaNode> PlainParameters =>
        HasCallbackParameter ? Parameters!.Take(Parameters!.Count - 1).ToArray() : Parameters ?? [];

    /// <summary>Whether the last parameter is the callback the async form names.</summary>
    public bool HasCallbackParameter => Async is { Length: > 0 } callback && Parameters is { Count: > 0 } list && list[^1].Name == callback;

    /// <summary>The callback parameter, when the function has one.</summary>
    public SchemaNode? CallbackParameter => HasCallbackParameter ? Parameters![^1] : null;

    public bool IsAsync => Async is not null;

    public bool InManifestVersion(int version) => MinManifestVersion <= version && version <= MaxManifestVersion;

    public override string ToString() => Name ?? Id ?? Kind.ToString();
}
