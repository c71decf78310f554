using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorRuntime.Apis.Schema;

/// <summary>One namespace of the API description (<c>tabs</c>, <c>privacy.network</c>).</summary>
internal sealed class ApiNamespace
{
    public required string Name { get; init; }
    public IReadOnlyList<string>? Permissions { get; init; }
    public IReadOnlyList<string>? AllowedContexts { get; init; }
    public int MinManifestVersion { get; init; } = 2;
    public int MaxManifestVersion { get; init; } = 3;
    public required IReadOnlyDictionary<string, SchemaNode> Functions { get; init; }
    public required IReadOnlyDictionary<string, SchemaNode> Events { get; init; }
    public required IReadOnlyDictionary<string, SchemaNode> Properties { get; init; }
    public required IReadOnlyDictionary<string, SchemaNode> Types { get; init; }

    /// <summary>
    /// Functions Firefox declares but marks unsupported (<c>runtime.requestUpdateCheck</c>): absent, unless the runtime
    /// implements one for a flavour whose browser has it (Chromium's).
    /// </summary>
    public IReadOnlyDictionary<string, SchemaNode> UnsupportedFunctions { get; init; } = new Dictionary<string, SchemaNode>();

    /// <summary>String enumerations with an id: browsers put them on the namespace as objects of constants (<c>runtime.OnInstalledReason</c>).</summary>
    public IEnumerable<SchemaNode> EnumTypes => Types.Values.Where(t => t is { Kind: SchemaKind.String, Enum: not null, Unsupported: false });

    /// <summary>Whether scripts can see it at all: a namespace of types only (<c>extensionTypes</c>) is not injected.</summary>
    public bool HasMembers => Functions.Count + Events.Count + Properties.Count > 0;
}

/// <summary>
/// The API description the runtime builds every context's <c>browser</c> and <c>chrome</c> from
/// (<c>Apis/Schema/webext-api.json</c>, generated from Firefox's schemas): read once per process, on first use.
/// </summary>
internal sealed class ApiSchema
{
    private static readonly Lazy<ApiSchema> Loaded = new(Load);

    public static ApiSchema Instance => Loaded.Value;

    public required IReadOnlyDictionary<string, ApiNamespace> Namespaces { get; init; }

    /// <summary>Every permission name Firefox knows.</summary>
    public required IReadOnlySet<string> KnownPermissions { get; init; }

    /// <summary>Permissions only privileged (Mozilla-signed) extensions get: never granted here.</summary>
    public required IReadOnlySet<string> PrivilegedPermissions { get; init; }

    /// <summary>The source the description was generated from, as its header names it.</summary>
    public required string Source { get; init; }

    /// <summary>The type <paramref name="reference"/> (<c>Tab</c>, or <c>extensionTypes.ImageDetails</c>) names, seen from <paramref name="fromNamespace"/>.</summary>
    public SchemaNode Resolve(string fromNamespace, string reference)
    {
        var dot = reference.LastIndexOf('.');
        var (ns, id) = dot < 0 ? (fromNamespace, reference) : (reference[..dot], reference[(dot + 1)..]);
        if (Namespaces.TryGetValue(ns, out var space) && space.Types.TryGetValue(id, out var type)) return type;
        throw new InvalidOperationException($"the API description has no type {reference} (from {fromNamespace})");
    }

    /// <summary>
    /// The event <paramref name="name"/> names (<c>tabs.onUpdated</c>, or one of an object's, <c>storage.local.onChanged</c>),
    /// or null when the API has none by that name.
    /// </summary>
    public SchemaNode? FindEvent(string name) => FindMember(name, events: true);

    /// <summary>The function <paramref name="name"/> names (<c>tabs.query</c>, <c>storage.local.get</c>), or null.</summary>
    public SchemaNode? FindFunction(string name) => FindMember(name, events: false);

    private SchemaNode? FindMember(string name, bool events)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return null;
        var (owner, member) = (name[..dot], name[(dot + 1)..]);
        if (Namespaces.TryGetValue(owner, out var ns))
            return (events ? ns.Events : ns.Functions).GetValueOrDefault(member) ?? (events ? null : ns.UnsupportedFunctions.GetValueOrDefault(member));
        // A property whose type has members of its own: storage.local.
        var split = owner.LastIndexOf('.');
        if (split <= 0 || !Namespaces.TryGetValue(owner[..split], out var parent) || !parent.Properties.TryGetValue(owner[(split + 1)..], out var property)) return null;
        var type = Target(property);
        return (events ? type.Events : type.Functions)?.FirstOrDefault(m => m.Name == member);
    }

    /// <summary>Follows references to the type a node finally is.</summary>
    public SchemaNode Target(SchemaNode node)
    {
        // References form no cycles of references alone (a type refers to itself only through properties or items).
        for (var hops = 0; node.Kind == SchemaKind.Ref; hops++)
        {
            if (hops > 32) throw new InvalidOperationException($"the API description's reference {node.Ref} does not end");
            node = Resolve(node.Namespace, node.Ref!);
        }
        return node;
    }

    private static ApiSchema Load()
    {
        using var stream = typeof(ApiSchema).Assembly.GetManifestResourceStream("ActorRuntime.Apis.Schema.webext-api.json")
                           ?? throw new InvalidOperationException("the API description (webext-api.json) is not embedded in the assembly");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var permissions = root.GetProperty("permissions");
        var chromiumOnly = ChromiumOnlyFunctions();
        var namespaces = new Dictionary<string, ApiNamespace>(StringComparer.Ordinal);
        foreach (var ns in root.GetProperty("namespaces").EnumerateArray())
        {
            var name = ns.GetProperty("namespace").GetString()!;
            namespaces[name] = new ApiNamespace
            {
                Name = name,
                Permissions = Strings(ns, "permissions"),
                AllowedContexts = Strings(ns, "allowedContexts"),
                MinManifestVersion = Int(ns, "min_manifest_version") ?? 2,
                MaxManifestVersion = Int(ns, "max_manifest_version") ?? 3,
                Functions = Members(ns, "functions", name),
                UnsupportedFunctions = WithChromiumOnly(Members(ns, "functions", name, unsupported: true), chromiumOnly.GetValueOrDefault(name)),
                Events = Members(ns, "events", name),
                Properties = ns.TryGetProperty("properties", out var properties)
                    ? properties.EnumerateObject().ToDictionary(p => p.Name, p => Node(p.Value, name, p.Name))
                    : new Dictionary<string, SchemaNode>(),
                Types = ns.TryGetProperty("types", out var types)
                    ? types.EnumerateArray().Select(t => Node(t, name, null)).Where(t => t.Id is not null).ToDictionary(t => t.Id!)
                    : new Dictionary<string, SchemaNode>(),
            };
        }
        return new ApiSchema
        {
            Namespaces = namespaces,
            KnownPermissions = Strings(permissions, "known")!.ToHashSet(StringComparer.Ordinal),
            PrivilegedPermissions = Strings(permissions, "privileged")!.ToHashSet(StringComparer.Ordinal),
            Source = root.GetProperty("source").GetString()!,
        };
    }

    /// <summary>
    /// Functions Chromium has and Firefox's schemas lack (<c>Apis/Schema/chromium-only.json</c>, by namespace): kept with the
    /// functions Firefox marks unsupported, so each appears only where the runtime implements it for the chrome flavour.
    /// </summary>
    private static Dictionary<string, List<SchemaNode>> ChromiumOnlyFunctions()
    {
        using var stream = typeof(ApiSchema).Assembly.GetManifestResourceStream("ActorRuntime.Apis.Schema.chromium-only.json")
                           ?? throw new InvalidOperationException("chromium-only.json is not embedded in the assembly");
        using var document = JsonDocument.Parse(stream);
        var result = new Dictionary<string, List<SchemaNode>>(StringComparer.Ordinal);
        foreach (var ns in document.RootElement.GetProperty("namespaces").EnumerateArray())
        {
            var name = ns.GetProperty("namespace").GetString()!;
            result[name] = ns.GetProperty("functions").EnumerateArray().Select(f => Node(f, name, null)).ToList();
        }
        return result;
    }

    private static Dictionary<string, SchemaNode> WithChromiumOnly(Dictionary<string, SchemaNode> unsupported, List<SchemaNode>? chromiumOnly)
    {
        foreach (var function in chromiumOnly ?? []) unsupported.TryAdd(function.Name!, function);
        return unsupported;
    }

    private static Dictionary<string, SchemaNode> Members(JsonElement ns, string key, string namespaceName, bool unsupported = false)
    {
        var members = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (!ns.TryGetProperty(key, out var list)) return members;
        foreach (var member in list.EnumerateArray().Select(m => Node(m, namespaceName, null)))
            // A function defined once per manifest-version range keeps each definition; the first that applies is used.
            if (member.Unsupported == unsupported) members.TryAdd(member.Name!, member with { Unsupported = false });
        return members;
    }

    private static IReadOnlyList<string>? Strings(JsonElement element, string key) =>
        element.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString()).ToArray()
            : null;

    private static int? Int(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static double? Number(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? String(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Reads one node of the description (ours, generated: trusted, and only as deep as the schemas are).</summary>
    private static SchemaNode Node(JsonElement e, string ns, string? name)
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
            ? list.EnumerateArray().Select(p => Node(p, ns, String(p, "name"), callbackName: async)).ToArray()
            : null;
        var pattern = String(e, "pattern");
        return new SchemaNode
        {
            Namespace = ns,
            Name = name ?? String(e, "name"),
            Id = String(e, "id"),
            Kind = kind,
            Ref = reference,
            Choices = e.TryGetProperty("choices", out var choices) ? choices.EnumerateArray().Select(c => Node(c, ns, null)).ToArray() : null,
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
                ? properties.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Node(p.Value, ns, p.Name)).ToArray()
                : null,
            AdditionalProperties = e.TryGetProperty("additionalProperties", out var additional)
                ? additional.ValueKind == JsonValueKind.Object ? Node(additional, ns, null)
                : additional.ValueKind == JsonValueKind.True ? new SchemaNode { Namespace = ns, Kind = SchemaKind.Any } : null
                : null,
            PatternProperties = e.TryGetProperty("patternProperties", out var patterns)
                ? patterns.EnumerateObject().Select(p => (SchemaPatterns.Compile(p.Name), Node(p.Value, ns, null))).ToArray()
                : null,
            Items = e.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object ? Node(items, ns, null) : null,
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
                ? extra.EnumerateArray().Select(p => Node(p, ns, String(p, "name"))).ToArray()
                : null,
            Async = async,
            Returns = e.TryGetProperty("returns", out var returns) && returns.ValueKind == JsonValueKind.Object ? Node(returns, ns, null) : null,
            AllowAmbiguousOptionalArguments = Flag(e, "allowAmbiguousOptionalArguments"),
            RequireUserInput = Flag(e, "requireUserInput"),
            Functions = e.TryGetProperty("functions", out var functions) ? functions.EnumerateArray().Select(f => Node(f, ns, null)).Where(f => !f.Unsupported).ToArray() : null,
            Events = e.TryGetProperty("events", out var events) ? events.EnumerateArray().Select(f => Node(f, ns, null)).Where(f => !f.Unsupported).ToArray() : null,
        };
    }

    /// <summary>A parameter: the callback of an async function is optional unless the schema says otherwise (Firefox's rule).</summary>
    private static SchemaNode Node(JsonElement e, string ns, string? name, string? callbackName)
    {
        var node = Node(e, ns, name);
        if (callbackName is { Length: > 0 } && name == callbackName && !e.TryGetProperty("optional", out _))
            return node with { Optional = true, OptionalByDefault = true };
        return node;
    }
}
