using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorRuntime.SchemaGenerator;

/// <summary>
/// Builds the API description from Firefox's schema files: the namespaces scripts can see, with what a browser decides
/// with (members, parameter and return types, events, permissions, contexts, manifest versions) and nothing else
/// (no descriptions); <c>$extend</c> and <c>$import</c> resolved; only the types something reaches.
/// </summary>
internal static class ApiDescriptionBuilder
{
    // Not part of any extension's surface: `manifest` only types manifest.json (its types are kept where an API
    // reaches them), `test` exists only in Firefox's own test automation, `experiments` declares privileged APIs.
    private static readonly HashSet<string> NotInjected = ["manifest", "test", "experiments"];

    // The manifest types that list permission names, by how Firefox grants them.
    private const string Privileged = "PermissionPrivileged";
    private const string OptionalOnly = "OptionalOnlyPermission";
    private static readonly string[] PermissionTypes =
        ["Permission", "PermissionNoPrompt", "OptionalPermission", "OptionalPermissionNoPrompt", Privileged, OptionalOnly];

    public static string Build(JsonObject files, string source)
    {
        var entries = files.SelectMany(file => file.Value as JsonArray ?? []).OfType<JsonObject>().ToList();
        var manifestTypes = ManifestTypes(entries);
        var namespaces = Merge(entries.Where(e => !NotInjected.Contains(Name(e))));
        ResolveImports(namespaces);
        var all = new SortedDictionary<string, JsonObject>(namespaces, StringComparer.Ordinal)
        {
            ["manifest"] = new JsonObject { ["namespace"] = "manifest", ["types"] = new JsonArray(manifestTypes.Values.Select(t => (JsonNode)t.DeepClone()).ToArray()) },
        };
        ResolveTypeImports(all);
        KeepReachableTypes(all);
        foreach (var ns in all.Values) Strip(ns);

        var text = new StringBuilder();
        text.Append("{\"source\":").Append(JsonSerializer.Serialize(source)).Append(",\n");
        text.Append("\"license\":\"MPL-2.0; see webext-api.NOTICE.md\",\n");
        text.Append("\"permissions\":").Append(PermissionClasses(manifestTypes).ToJsonString(Compact)).Append(",\n");
        text.Append("\"namespaces\":[\n");
        text.AppendJoin(",\n", all.Values.Where(ns => ns.Count > 1).Select(ns => ns.ToJsonString(Compact)));
        text.Append("\n]}\n");
        return text.ToString();
    }

    // Patterns stay readable (`+`, not `\u002B`): the file is only ever read as JSON.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Name(JsonObject entry) => entry["namespace"]!.GetValue<string>();

    /// <summary>The manifest namespace's types, each <c>$extend</c> of another file's merged into the type it extends.</summary>
    private static Dictionary<string, JsonObject> ManifestTypes(List<JsonObject> entries)
    {
        var manifest = entries.Where(e => Name(e) == "manifest").SelectMany(e => e["types"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var types = manifest.Where(t => t["id"] is not null).ToDictionary(t => t["id"]!.GetValue<string>(), t => (JsonObject)t.DeepClone());
        foreach (var extension in manifest.Where(t => t["$extend"] is not null))
        {
            var target = types[extension["$extend"]!.GetValue<string>()];
            if (extension["choices"] is JsonArray choices)
            {
                var into = target["choices"] as JsonArray ?? (JsonArray)(target["choices"] = new JsonArray());
                foreach (var choice in choices) into.Add(choice!.DeepClone());
            }
            if (extension["properties"] is JsonObject properties)
            {
                var into = target["properties"] as JsonObject ?? (JsonObject)(target["properties"] = new JsonObject());
                foreach (var (name, value) in properties) into[name] = value!.DeepClone();
            }
        }
        return types;
    }

    /// <summary>Permission names by class: every name Firefox knows, the privileged ones, those only optional.</summary>
    private static JsonObject PermissionClasses(Dictionary<string, JsonObject> types)
    {
        SortedSet<string> Names(string typeId)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([typeId]);
            var seen = new HashSet<string>();
            while (pending.Count > 0)
            {
                var id = pending.Pop();
                if (!seen.Add(id) || !types.TryGetValue(id, out var type)) continue;
                foreach (var choice in (type["choices"] as JsonArray ?? [type]).OfType<JsonObject>())
                {
                    if (choice["$ref"] is { } reference) pending.Push(reference.GetValue<string>());
                    foreach (var value in choice["enum"] as JsonArray ?? []) names.Add(EnumName(value!));
                }
            }
            return names;
        }
        var known = new SortedSet<string>(PermissionTypes.SelectMany(Names), StringComparer.Ordinal);
        return new JsonObject
        {
            ["known"] = new JsonArray(known.Select(n => (JsonNode)n).ToArray()),
            ["privileged"] = new JsonArray(Names(Privileged).Select(n => (JsonNode)n).ToArray()),
            ["optionalOnly"] = new JsonArray(Names(OptionalOnly).Select(n => (JsonNode)n).ToArray()),
        };
    }

    private static string EnumName(JsonNode value) => value is JsonObject named ? named["name"]!.GetValue<string>() : value.ToString();

    private static readonly string[] MemberLists = ["functions", "events"];

    /// <summary>
    /// One object per namespace from the entries of every file that adds to it. A member without contexts of its own gets
    /// its entry's <c>defaultContexts</c>, so what an entry said of its members survives the merge.
    /// </summary>
    private static Dictionary<string, JsonObject> Merge(IEnumerable<JsonObject> entries)
    {
        var merged = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var original in entries)
        {
            var entry = (JsonObject)original.DeepClone();
            if (entry["defaultContexts"] is JsonArray defaults)
            {
                foreach (var member in MemberLists.SelectMany(list => entry[list] as JsonArray ?? []).OfType<JsonObject>())
                    member["allowedContexts"] ??= defaults.DeepClone();
                foreach (var (_, property) in entry["properties"] as JsonObject ?? [])
                    if (property is JsonObject p) p["allowedContexts"] ??= defaults.DeepClone();
                entry.Remove("defaultContexts");
            }
            if (!merged.TryGetValue(Name(entry), out var into))
            {
                merged[Name(entry)] = entry;
                continue;
            }
            foreach (var list in MemberLists.Append("types"))
                if (entry[list] is JsonArray items)
                {
                    var target = into[list] as JsonArray ?? (JsonArray)(into[list] = new JsonArray());
                    foreach (var item in items) target.Add(item!.DeepClone());
                }
            if (entry["properties"] is JsonObject properties)
            {
                var target = into["properties"] as JsonObject ?? (JsonObject)(into["properties"] = new JsonObject());
                foreach (var (name, value) in properties) target[name] = value!.DeepClone();
            }
            if (entry["allowedContexts"] is JsonArray contexts)
            {
                var target = into["allowedContexts"] as JsonArray ?? (JsonArray)(into["allowedContexts"] = new JsonArray());
                foreach (var context in contexts.Select(c => c!.GetValue<string>()).Where(c => !target.Any(t => t!.GetValue<string>() == c)).ToList())
                    target.Add(context);
            }
        }
        return merged;
    }

    /// <summary><c>$import</c>: a namespace that is another's under a second name (contextMenus, browserAction) gets its members and types.</summary>
    private static void ResolveImports(Dictionary<string, JsonObject> namespaces)
    {
        foreach (var ns in namespaces.Values.Where(n => n["$import"] is not null).ToList())
        {
            var from = namespaces[ns["$import"]!.GetValue<string>()];
            ns.Remove("$import");
            foreach (var list in MemberLists.Append("types"))
            {
                if (from[list] is not JsonArray items) continue;
                var target = ns[list] as JsonArray ?? (JsonArray)(ns[list] = new JsonArray());
                var own = target.OfType<JsonObject>().Select(i => (string?)(i["name"] ?? i["id"])).ToHashSet();
                foreach (var item in items.OfType<JsonObject>().Where(i => !own.Contains((string?)(i["name"] ?? i["id"]))))
                    target.Add(item.DeepClone());
            }
            if (from["properties"] is JsonObject properties)
            {
                var target = ns["properties"] as JsonObject ?? (JsonObject)(ns["properties"] = new JsonObject());
                foreach (var (name, value) in properties.Where(p => !target.ContainsKey(p.Key)).ToList()) target[name] = value!.DeepClone();
            }
        }
    }

    /// <summary>
    /// <c>$import</c> on an object type (<c>browserAction.setBadgeText</c>'s details import <c>Details</c>): the imported
    /// type's properties, pattern properties and additional properties are copied in, the node's own winning.
    /// </summary>
    private static void ResolveTypeImports(SortedDictionary<string, JsonObject> namespaces)
    {
        var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, ns) in namespaces)
            foreach (var type in (ns["types"] as JsonArray ?? []).OfType<JsonObject>().Where(t => t["id"] is not null))
                byId.TryAdd(name + "." + type["id"], type);
        foreach (var (name, ns) in namespaces)
        {
            var pending = new Stack<JsonNode>([ns]);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (node is JsonArray array)
                {
                    foreach (var item in array) if (item is not null) pending.Push(item);
                    continue;
                }
                if (node is not JsonObject obj) continue;
                // A type imported by one of its own imports is resolved first: the chain is followed to its end.
                for (var hops = 0; obj["$import"] is JsonValue import && hops < 8; hops++)
                {
                    var reference = import.GetValue<string>();
                    obj.Remove("$import");
                    if (!byId.TryGetValue(reference.Contains('.') ? reference : name + "." + reference, out var imported)) continue;
                    foreach (var key in new[] { "properties", "patternProperties" })
                    {
                        if (imported[key] is not JsonObject from) continue;
                        var into = obj[key] as JsonObject ?? (JsonObject)(obj[key] = new JsonObject());
                        foreach (var (property, value) in from.Where(p => !into.ContainsKey(p.Key)).ToList()) into[property] = value!.DeepClone();
                    }
                    if (obj["additionalProperties"] is null && imported["additionalProperties"] is { } additional) obj["additionalProperties"] = additional.DeepClone();
                    if (imported["$import"] is { } further) obj["$import"] = further.DeepClone();
                }
                foreach (var (_, value) in obj) if (value is not null) pending.Push(value);
            }
        }
    }

    /// <summary>Drops the types nothing reaches from a member of a namespace a script can see (most of the manifest's).</summary>
    private static void KeepReachableTypes(SortedDictionary<string, JsonObject> namespaces)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Namespace, JsonNode Node)>();
        foreach (var (name, ns) in namespaces.Where(n => n.Key != "manifest"))
        {
            foreach (var list in MemberLists) pending.Push((name, ns[list] ?? new JsonArray()));
            pending.Push((name, ns["properties"] ?? new JsonObject()));
            // Enumerations are injected as objects of constants, reached or not.
            foreach (var type in (ns["types"] as JsonArray ?? []).OfType<JsonObject>().Where(t => t["enum"] is not null || t["functions"] is not null))
                reached.Add(name + "." + type["id"]);
        }
        var byId = namespaces.SelectMany(ns => (ns.Value["types"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(t => t["id"] is not null).Select(t => (Id: ns.Key + "." + t["id"], Type: t)))
            .GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First().Type);
        foreach (var id in reached.ToList()) pending.Push((id[..id.LastIndexOf('.')], byId[id]));
        while (pending.Count > 0)
        {
            var (ns, node) = pending.Pop();
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (value is null) continue;
                        if (key is "$ref" or "$import" && value is JsonValue)
                        {
                            var target = value.GetValue<string>();
                            var id = target.Contains('.') ? target : ns + "." + target;
                            if (byId.TryGetValue(id, out var type) && reached.Add(id)) pending.Push((id[..id.LastIndexOf('.')], type));
                        }
                        else pending.Push((ns, value));
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array) if (item is not null) pending.Push((ns, item));
                    break;
            }
        }
        foreach (var (name, ns) in namespaces)
        {
            if (ns["types"] is not JsonArray types) continue;
            foreach (var type in types.OfType<JsonObject>().Where(t => t["id"] is null || !reached.Contains(name + "." + t["id"])).ToList())
                types.Remove(type);
            if (types.Count == 0) ns.Remove("types");
        }
    }

    /// <summary>Removes what only documents (descriptions), and writes enumerations as plain strings.</summary>
    private static void Strip(JsonNode root)
    {
        var pending = new Stack<JsonNode>([root]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    // Only the documenting strings: an object's properties may have a property named "description".
                    foreach (var key in new[] { "description", "nocompile" })
                        if (obj[key] is JsonValue) obj.Remove(key);
                    if (obj["enum"] is JsonArray values)
                        obj["enum"] = new JsonArray(values.Select(v => v is JsonObject ? JsonValue.Create(EnumName(v)) : v!.DeepClone()).ToArray());
                    foreach (var (_, value) in obj) if (value is not null) pending.Push(value);
                    break;
                case JsonArray array:
                    foreach (var item in array) if (item is not null) pending.Push(item);
                    break;
            }
        }
    }
}
