using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorRuntime.SchemaGenerator.ChromeTypes;

/// <summary>
/// Writes what Chromium's extension API has that Firefox's description lacks, from chrome-types' declarations: whole
/// namespaces, and the members (functions, events, properties, enumerations, constructors) of namespaces both have, with
/// the types they reach; in the description's own form, for the chrome flavour only. Only what an unpacked extension on
/// a desktop Chromium can get: namespaces and members of Chrome Apps, of other channels than stable, of force-installed
/// extensions and of ChromeOS alone are left out.
/// </summary>
internal static class ChromiumDescriptionBuilder
{
    /// <summary>
    /// The namespaces Chromium gives content scripts as well as extension pages. chrome-types does not say which contexts a
    /// namespace is for; Chromium's features files do (<c>chrome/common/extensions/api/_api_features.json</c>: <c>"dom"</c>,
    /// contexts <c>blessed_extension</c> and <c>content_script</c>). Only namespaces Firefox lacks need it here.
    /// </summary>
    private static readonly HashSet<string> ContentScriptNamespaces = ["dom"];

    private static readonly string[] DesktopPlatforms = ["linux", "mac", "win"];

    public static string Build(IReadOnlyList<DtsNamespace> chromium, JsonObject firefox, string source)
    {
        var typesByNamespace = chromium.ToDictionary(ns => ns.Name, ns => ns.Declarations
            .Where(d => d.Kind is DtsKind.Type or DtsKind.Interface or DtsKind.Class)
            .GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal), StringComparer.Ordinal);
        var firefoxNamespaces = (firefox["namespaces"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(ns => ns["namespace"]!.GetValue<string>(), ns => ns, StringComparer.Ordinal);
        var nodes = new ChromiumNodes(typesByNamespace);
        var entries = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var permissions = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var ns in chromium.Where(ns => Available(ns.Doc)))
        {
            firefoxNamespaces.TryGetValue(ns.Name, out var shared);
            var entry = new JsonObject { ["namespace"] = ns.Name };
            if (shared is null)
            {
                Restrictions(ns.Doc, entry);
                var parent = firefoxNamespaces.GetValueOrDefault(ns.Name.Split('.')[0]);
                if (ContentScriptNamespaces.Contains(ns.Name)) entry["allowedContexts"] = new JsonArray("content");
                // A namespace under one of Firefox's (devtools.recorder) is seen where its parent is.
                else if (parent?["allowedContexts"] is JsonArray contexts) entry["allowedContexts"] = contexts.DeepClone();
                permissions.UnionWith(ns.Doc.Values("chrome-permission"));
            }
            var firefoxMembers = FirefoxMembers(shared);
            var functions = new JsonArray();
            var events = new JsonArray();
            var properties = new JsonObject();
            foreach (var group in ns.Declarations.Where(d => d.Kind is DtsKind.Function or DtsKind.Const).GroupBy(d => d.Name))
            {
                var first = group.First();
                if (!Available(first.Doc) || firefoxMembers.Contains(first.Name)) continue;
                // A property named like one of Firefox's namespaces under this one (privacy.network) is that namespace.
                if (firefoxNamespaces.ContainsKey(ns.Name + "." + first.Name)) continue;
                JsonObject member;
                if (first.Kind == DtsKind.Function)
                    functions.Add(member = nodes.Function(ns.Name, first.Name, group.Select(d => (DtsFunctionType)d.Type).ToList()));
                else if (nodes.Event(ns.Name, first.Name, first.Type) is { } ev) events.Add(member = ev);
                else properties[first.Name] = member = nodes.Property(ns.Name, first.Type);
                Restrictions(first.Doc, member);
                if (shared is null && entry["allowedContexts"] is JsonArray inherited) member["allowedContexts"] = inherited.DeepClone();
                permissions.UnionWith(first.Doc.Values("chrome-permission"));
            }
            if (functions.Count > 0) entry["functions"] = functions;
            if (events.Count > 0) entry["events"] = events;
            if (properties.Count > 0) entry["properties"] = properties;
            // Enumerations and constructors are members too: the namespace's own when Firefox lacks them (or an
            // enumeration's values), the others only as something reaches them.
            foreach (var type in typesByNamespace[ns.Name].Values.Where(t => Available(t.Doc)))
            {
                var node = nodes.TypeDeclaration(ns.Name, type);
                if (IsMember(node) && (shared is null || LacksType(shared, node))) nodes.Reached.Add(ns.Name + "." + type.Name);
            }
            entries[ns.Name] = entry;
        }

        AddReachedTypes(nodes, typesByNamespace, entries);
        var known = new JsonArray(permissions.Select(p => (JsonNode)p).ToArray());
        var text = new StringBuilder();
        text.Append("{\"source\":").Append(JsonSerializer.Serialize(source)).Append(",\n");
        text.Append("\"license\":\"Apache-2.0; see chromium-api.NOTICE.md\",\n");
        text.Append("\"permissions\":").Append(new JsonObject { ["known"] = known }.ToJsonString(Compact)).Append(",\n");
        text.Append("\"namespaces\":[\n");
        text.AppendJoin(",\n", entries.Values.Where(e => e.Count > 1).Select(e => e.ToJsonString(Compact)));
        text.Append("\n]}\n");
        return text.ToString();
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether a desktop Chromium gives an unpacked extension what carries these tags.</summary>
    private static bool Available(DtsDoc doc) =>
        !doc.Has("chrome-platform-apps")
        && doc.Value("chrome-channel") is null or "stable"
        && doc.Value("chrome-install-location") is null
        && (!doc.Has("chrome-platform") || doc.Values("chrome-platform").Any(DesktopPlatforms.Contains));

    /// <summary>The tags that decide who sees a namespace or member: permissions (any one), manifest keys, manifest versions, service workers.</summary>
    private static void Restrictions(DtsDoc doc, JsonObject node)
    {
        var permissions = doc.Values("chrome-permission").Concat(doc.Values("chrome-manifest").Select(key => "manifest:" + key)).ToList();
        if (permissions.Count > 0) node["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)p).ToArray());
        if (ManifestVersion(doc.Value("chrome-min-manifest")) is { } min) node["min_manifest_version"] = min;
        if (ManifestVersion(doc.Value("chrome-max-manifest")) is { } max) node["max_manifest_version"] = max;
        if (doc.Has("chrome-disallow-service-workers")) node["disallowServiceWorkers"] = true;
    }

    private static int? ManifestVersion(string? tag) =>
        tag is { Length: > 2 } && tag.StartsWith("MV", StringComparison.Ordinal) && int.TryParse(tag[2..], out var version) ? version : null;

    /// <summary>The names of the members of Firefox's namespace scripts can see: unsupported functions are Chromium's to add.</summary>
    private static HashSet<string> FirefoxMembers(JsonObject? ns)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (ns is null) return names;
        foreach (var list in new[] { "functions", "events" })
            foreach (var member in (ns[list] as JsonArray ?? []).OfType<JsonObject>())
                if (member["unsupported"]?.GetValue<bool>() != true) names.Add(member["name"]!.GetValue<string>());
        foreach (var (name, _) in ns["properties"] as JsonObject ?? []) names.Add(name);
        return names;
    }

    /// <summary>What a namespace shows of a type: an enumeration's constants, a class's constructor.</summary>
    private static bool IsMember(JsonObject type) =>
        type["constructor"] is not null || (type["type"]?.GetValue<string>() == "string" && type["enum"] is JsonArray);

    /// <summary>Whether Firefox's namespace lacks the type, or (an enumeration) some of its values.</summary>
    private static bool LacksType(JsonObject firefox, JsonObject type)
    {
        var id = type["id"]!.GetValue<string>();
        var theirs = (firefox["types"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(t => t["id"]?.GetValue<string>() == id);
        if (theirs is null) return true;
        if (type["enum"] is not JsonArray values) return false;
        var known = (theirs["enum"] as JsonArray ?? []).Select(v => v!.ToJsonString()).ToHashSet();
        return values.Any(v => !known.Contains(v!.ToJsonString()));
    }

    /// <summary>Every type something written refers to, and those they refer to, each in its namespace's entry.</summary>
    private static void AddReachedTypes(ChromiumNodes nodes, Dictionary<string, Dictionary<string, DtsDeclaration>> typesByNamespace,
        SortedDictionary<string, JsonObject> entries)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (nodes.Reached.Except(written).OrderBy(r => r, StringComparer.Ordinal).FirstOrDefault() is { } reference)
        {
            written.Add(reference);
            var dot = reference.LastIndexOf('.');
            var (ns, id) = (reference[..dot], reference[(dot + 1)..]);
            var node = nodes.TypeDeclaration(ns, typesByNamespace[ns][id]);
            if (!entries.TryGetValue(ns, out var entry)) entries[ns] = entry = new JsonObject { ["namespace"] = ns };
            var types = entry["types"] as JsonArray ?? (JsonArray)(entry["types"] = new JsonArray());
            types.Add(node);
        }
        foreach (var entry in entries.Values)
            if (entry["types"] is JsonArray types)
                entry["types"] = new JsonArray(types.OfType<JsonObject>().OrderBy(t => t["id"]!.GetValue<string>(), StringComparer.Ordinal)
                    .Select(t => (JsonNode)t.DeepClone()).ToArray());
    }
}
