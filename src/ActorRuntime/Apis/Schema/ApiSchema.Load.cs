using System.Text.Json;
using static ActorRuntime.Apis.Schema.SchemaReader;

namespace ActorRuntime.Apis.Schema;

internal sealed partial class ApiSchema
{
    private static readonly Lazy<ApiSchema> Loaded = new(Load);

    public static ApiSchema Instance => Loaded.Value;

    private static JsonDocument Embedded(string file)
    {
        using var stream = typeof(ApiSchema).Assembly.GetManifestResourceStream("ActorRuntime.Apis.Schema." + file)
                           ?? throw new InvalidOperationException($"the API description ({file}) is not embedded in the assembly");
        return JsonDocument.Parse(stream);
    }

    /// <summary>
    /// Firefox's description, then Chromium's: a namespace Firefox lacks is added whole; to one both have, Chromium's
    /// members are added where Firefox has none by that name, and its types kept apart (Chromium's members refer to them).
    /// </summary>
    private static ApiSchema Load()
    {
        using var firefox = Embedded("webext-api.json");
        using var chromium = Embedded("chromium-api.json");
        var namespaces = new Dictionary<string, ApiNamespace>(StringComparer.Ordinal);
        foreach (var ns in firefox.RootElement.GetProperty("namespaces").EnumerateArray())
        {
            var read = Read(ns, chromiumOnly: false);
            namespaces[read.Name] = read;
        }
        foreach (var ns in chromium.RootElement.GetProperty("namespaces").EnumerateArray())
        {
            var added = Read(ns, chromiumOnly: true);
            namespaces[added.Name] = namespaces.TryGetValue(added.Name, out var shared) ? Merge(shared, added) : added;
        }
        foreach (var name in namespaces.Keys.ToList()) namespaces[name] = namespaces[name].WithChromiumLists();
        var permissions = firefox.RootElement.GetProperty("permissions");
        var known = Strings(permissions, "known")!.ToHashSet(StringComparer.Ordinal);
        return new ApiSchema
        {
            Namespaces = namespaces,
            _all = namespaces.Values.ToArray(),
            _firefox = namespaces.Values.Where(ns => !ns.ChromiumOnly).ToArray(),
            KnownPermissions = known,
            ChromiumPermissions = Strings(chromium.RootElement.GetProperty("permissions"), "known")!.Where(p => !known.Contains(p)).ToHashSet(StringComparer.Ordinal),
            PrivilegedPermissions = Strings(permissions, "privileged")!.ToHashSet(StringComparer.Ordinal),
            Source = firefox.RootElement.GetProperty("source").GetString()! + "; " + chromium.RootElement.GetProperty("source").GetString()!,
        };
    }

    private static ApiNamespace Read(JsonElement ns, bool chromiumOnly)
    {
        var name = ns.GetProperty("namespace").GetString()!;
        var types = ns.TryGetProperty("types", out var list)
            ? list.EnumerateArray().Select(t => Node(t, name, null, chromiumOnly)).Where(t => t.Id is not null).ToDictionary(t => t.Id!)
            : new Dictionary<string, SchemaNode>();
        return new ApiNamespace
        {
            Name = name,
            ChromiumOnly = chromiumOnly,
            Permissions = Strings(ns, "permissions"),
            AllowedContexts = Strings(ns, "allowedContexts"),
            MinManifestVersion = Int(ns, "min_manifest_version") ?? 2,
            MaxManifestVersion = Int(ns, "max_manifest_version") ?? 3,
            DisallowServiceWorkers = Flag(ns, "disallowServiceWorkers"),
            Functions = Members(ns, "functions", name, chromiumOnly),
            Events = Members(ns, "events", name, chromiumOnly),
            Properties = ns.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().ToDictionary(p => p.Name, p => Node(p.Value, name, p.Name, chromiumOnly))
                : new Dictionary<string, SchemaNode>(),
            // Chromium's types are looked up before Firefox's, from Chromium's nodes only.
            Types = chromiumOnly ? new Dictionary<string, SchemaNode>() : types,
            ChromiumTypes = chromiumOnly ? types : new Dictionary<string, SchemaNode>(),
        };
    }

    /// <summary>Firefox's namespace with Chromium's additions: its own members win; its rules (permissions, contexts) stay.</summary>
    private static ApiNamespace Merge(ApiNamespace firefox, ApiNamespace chromium)
    {
        static Dictionary<string, SchemaNode> Both(IReadOnlyDictionary<string, SchemaNode> first, IReadOnlyDictionary<string, SchemaNode> second)
        {
            var both = new Dictionary<string, SchemaNode>(first, StringComparer.Ordinal);
            foreach (var (name, node) in second) both.TryAdd(name, node);
            return both;
        }
        return new ApiNamespace
        {
            Name = firefox.Name,
            Permissions = firefox.Permissions,
            AllowedContexts = firefox.AllowedContexts,
            MinManifestVersion = firefox.MinManifestVersion,
            MaxManifestVersion = firefox.MaxManifestVersion,
            Functions = Both(firefox.Functions, chromium.Functions),
            Events = Both(firefox.Events, chromium.Events),
            Properties = Both(firefox.Properties, chromium.Properties),
            Types = firefox.Types,
            ChromiumTypes = chromium.ChromiumTypes,
        };
    }

    private static Dictionary<string, SchemaNode> Members(JsonElement ns, string key, string namespaceName, bool chromiumOnly)
    {
        var members = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (!ns.TryGetProperty(key, out var list)) return members;
        // Firefox's unsupported functions are left out: where Chromium has one (runtime.requestUpdateCheck), its description adds it.
        foreach (var member in list.EnumerateArray().Select(m => Node(m, namespaceName, null, chromiumOnly)).Where(m => !m.Unsupported))
            members.TryAdd(member.Name!, member);
        return members;
    }
}
