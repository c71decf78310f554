namespace ActorRuntime.Apis.Schema;

/// <summary>
/// One namespace of the API description (<c>tabs</c>, <c>privacy.network</c>): Firefox's, with what Chromium adds to it
/// (members marked <see cref="SchemaNode.ChromiumOnly"/>, types in <see cref="ChromiumTypes"/>), or Chromium's alone.
/// </summary>
internal sealed class ApiNamespace
{
    public required string Name { get; init; }

    /// <summary>The first segment of the name, the property of <c>browser</c> it is under (<c>privacy</c> for <c>privacy.network</c>).</summary>
    public string RootName => _rootName ??= Name.Split('.')[0];

    private string? _rootName;

    /// <summary>The namespace is Chromium's alone (<c>sidePanel</c>): only the chrome flavour has it.</summary>
    public bool ChromiumOnly { get; init; }
    public IReadOnlyList<string>? Permissions { get; init; }
    public IReadOnlyList<string>? AllowedContexts { get; init; }
    public int MinManifestVersion { get; init; } = 2;
    public int MaxManifestVersion { get; init; } = 3;

    /// <summary>Chromium keeps it from service workers (<c>@chrome-disallow-service-workers</c>).</summary>
    public bool DisallowServiceWorkers { get; init; }
    public required IReadOnlyDictionary<string, SchemaNode> Functions { get; init; }
    public required IReadOnlyDictionary<string, SchemaNode> Events { get; init; }
    public required IReadOnlyDictionary<string, SchemaNode> Properties { get; init; }

    /// <summary>Firefox's types of the namespace.</summary>
    public required IReadOnlyDictionary<string, SchemaNode> Types { get; init; }

    /// <summary>Chromium's types of the namespace, as Chromium's members and types refer to them (before Firefox's of the same id).</summary>
    public IReadOnlyDictionary<string, SchemaNode> ChromiumTypes { get; init; } = new Dictionary<string, SchemaNode>();

    /// <summary>String enumerations with an id: browsers put them on the namespace as objects of constants (<c>runtime.OnInstalledReason</c>).</summary>
    public IEnumerable<SchemaNode> EnumTypes => Types.Values.Where(IsEnum);

    /// <summary>The chrome flavour's enumerations: Chromium's, and Firefox's that Chromium does not redefine.</summary>
    public IReadOnlyList<SchemaNode> ChromiumEnumTypes { get; private init; } = [];

    /// <summary>Chromium's constructors on the namespace (<c>new chrome.declarativeContent.PageStateMatcher({...})</c>).</summary>
    public IReadOnlyList<SchemaNode> Constructors { get; private init; } = [];

    private static bool IsEnum(SchemaNode type) => type is { Kind: SchemaKind.String, Enum: not null, Unsupported: false };

    /// <summary>Whether scripts can see it at all: a namespace of types only (<c>extensionTypes</c>) is not injected.</summary>
    public bool HasMembers => Functions.Count + Events.Count + Properties.Count + Constructors.Count > 0;

    /// <summary>As <see cref="HasMembers"/>, in a flavour: Firefox's have only the members of Firefox's description.</summary>
    public bool HasMembersFor(bool chromium) => chromium ? HasMembers : _hasFirefoxMembers;

    private bool _hasFirefoxMembers;

    /// <summary>The same namespace with its lists of Chromium's enumerations and constructors made (once, when the description is read).</summary>
    public ApiNamespace WithChromiumLists() => new()
    {
        Name = Name, ChromiumOnly = ChromiumOnly, Permissions = Permissions, AllowedContexts = AllowedContexts,
        MinManifestVersion = MinManifestVersion, MaxManifestVersion = MaxManifestVersion, DisallowServiceWorkers = DisallowServiceWorkers,
        Functions = Functions, Events = Events, Properties = Properties, Types = Types, ChromiumTypes = ChromiumTypes,
        // Chromium's values of an enumeration Firefox has too are seen where Firefox's are.
        ChromiumEnumTypes = ChromiumTypes.Values.Where(IsEnum)
            .Select(t => Types.TryGetValue(t.Id!, out var firefox) ? t with { AllowedContexts = firefox.AllowedContexts } : t)
            .Concat(EnumTypes.Where(t => !ChromiumTypes.ContainsKey(t.Id!))).ToArray(),
        Constructors = ChromiumTypes.Values.Where(t => t.Constructor).ToArray(),
        _hasFirefoxMembers = !ChromiumOnly && Functions.Values.Concat(Events.Values).Concat(Properties.Values).Any(m => !m.ChromiumOnly),
    };
}

/// <summary>
/// The API description the runtime builds every context's <c>browser</c> and <c>chrome</c> from: Firefox's
/// (<c>Apis/Schema/webext-api.json</c>, generated from Firefox's schemas) and what Chromium has beyond it
/// (<c>chromium-api.json</c>, generated from Chromium's published declarations); read once per process, on first use.
/// </summary>
internal sealed partial class ApiSchema
{
    /// <summary>Every namespace, Firefox's and Chromium's, by name.</summary>
    public required IReadOnlyDictionary<string, ApiNamespace> Namespaces { get; init; }

    /// <summary>The namespaces a flavour's browser has: Firefox's, or (chrome) Firefox's and Chromium's.</summary>
    public IReadOnlyList<ApiNamespace> NamespacesFor(bool chromium) => chromium ? _all : _firefox;

    private IReadOnlyList<ApiNamespace> _all = [];
    private IReadOnlyList<ApiNamespace> _firefox = [];

    /// <summary>Every permission name Firefox knows.</summary>
    public required IReadOnlySet<string> KnownPermissions { get; init; }

    /// <summary>The permissions Chromium's namespaces and members ask for that Firefox does not know (<c>sidePanel</c>).</summary>
    public required IReadOnlySet<string> ChromiumPermissions { get; init; }

    /// <summary>Whether the flavour's browser knows the permission.</summary>
    public bool Knows(string permission, bool chromium) => KnownPermissions.Contains(permission) || (chromium && ChromiumPermissions.Contains(permission));

    /// <summary>Permissions only privileged (Mozilla-signed) extensions get: never granted here.</summary>
    public required IReadOnlySet<string> PrivilegedPermissions { get; init; }

    /// <summary>The sources the descriptions were generated from, as their headers name them.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// The type <paramref name="reference"/> (<c>Tab</c>, or <c>extensionTypes.ImageDetails</c>) names, seen from
    /// <paramref name="fromNamespace"/>; from Chromium's description (<paramref name="chromium"/>), Chromium's type first.
    /// </summary>
    public SchemaNode Resolve(string fromNamespace, string reference, bool chromium = false)
    {
        var dot = reference.LastIndexOf('.');
        var (ns, id) = dot < 0 ? (fromNamespace, reference) : (reference[..dot], reference[(dot + 1)..]);
        if (Namespaces.TryGetValue(ns, out var space)
            && ((chromium && space.ChromiumTypes.TryGetValue(id, out var type)) || space.Types.TryGetValue(id, out type))) return type;
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
        if (Namespaces.TryGetValue(owner, out var ns)) return (events ? ns.Events : ns.Functions).GetValueOrDefault(member);
        var split = owner.LastIndexOf('.');
        if (split <= 0 || !Namespaces.TryGetValue(owner[..split], out var parent)) return null;
        // A declarative event's rule functions: declarativeContent.onPageChanged.addRules.
        if (!events && parent.Events.TryGetValue(owner[(split + 1)..], out var declarative))
            return declarative.Functions?.FirstOrDefault(m => m.Name == member);
        // A property whose type has members of its own: storage.local.
        if (!parent.Properties.TryGetValue(owner[(split + 1)..], out var property)) return null;
        var type = Target(property);
        return (events ? type.Events : type.Functions)?.FirstOrDefault(m => m.Name == member);
    }

    /// <summary>
    /// Types the chrome flavour reads as Chromium has them even where Firefox's members refer to them: Firefox's
    /// <c>runtime.getContexts</c> filter names context types, and Chromium's include <c>OFFSCREEN_DOCUMENT</c>.
    /// </summary>
    private static readonly HashSet<string> ChromiumValuesInChrome = new(StringComparer.Ordinal) { "runtime.ContextType" };

    /// <summary>Follows references to the type a node finally is; in the chrome flavour (<paramref name="chromiumFlavor"/>) a few shared types are Chromium's.</summary>
    public SchemaNode Target(SchemaNode node, bool chromiumFlavor = false)
    {
        // References form no cycles of references alone (a type refers to itself only through properties or items).
        for (var hops = 0; node.Kind == SchemaKind.Ref; hops++)
        {
            if (hops > 32) throw new InvalidOperationException($"the API description's reference {node.Ref} does not end");
            var chromium = node.ChromiumOnly
                           || (chromiumFlavor && ChromiumValuesInChrome.Contains(node.Ref!.Contains('.') ? node.Ref : node.Namespace + "." + node.Ref));
            node = Resolve(node.Namespace, node.Ref!, chromium);
        }
        return node;
    }
}
