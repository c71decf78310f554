using ActorRuntime.Apis.Schema;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>permissions</c>: what the extension holds (<c>getAll</c>, <c>contains</c>), the optional permissions it asks for
/// (<c>request</c>, answered by the host's policy <c>actorruntime.permissions.requests</c>, as a user would) or gives back
/// (<c>remove</c>); <c>onAdded</c>/<c>onRemoved</c> in every context, whose API surface follows what is held.
/// </summary>
internal static class PermissionsApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["permissions.getAll"] = new() { Function = call => call.Answer(Describe(call.Realm, ApiAccess.Granted(call.Realm.Extension).Permissions, ApiAccess.Granted(call.Realm.Extension).Origins)) };
        registry["permissions.contains"] = new() { Function = Contains };
        registry["permissions.request"] = new() { Function = Request };
        registry["permissions.remove"] = new() { Function = Remove };
    }



    /// <summary>The names in the <c>permissions</c> and <c>origins</c> lists of a checked <c>Permissions</c> object.</summary>
    private static (List<string> Permissions, List<string> Origins) Read(JsValue value)
    {
        static List<string> List(JsValue list)
        {
            var names = new List<string>();
            if (list is not ObjectInstance array || !array.IsArray()) return names;
            var length = (long)TypeConverter.ToNumber(array.Get("length"));
            for (long i = 0; i < length; i++) names.Add(TypeConverter.ToString(array.Get(i)));
            return names;
        }
        return value is ObjectInstance o ? (List(o.Get("permissions")), List(o.Get("origins"))) : ([], []);
    }

    private static ObjectInstance Describe(ContextRealm realm, IEnumerable<string> permissions, IEnumerable<string> origins)
    {
        var result = new JsObject(realm.Engine);
        result.FastSetDataProperty("permissions", new JsArray(realm.Engine, permissions.Order(StringComparer.Ordinal).Select(p => (JsValue)p).ToArray()));
        result.FastSetDataProperty("origins", new JsArray(realm.Engine, origins.Select(o => (JsValue)o).ToArray()));
        return result;
    }

    private static bool Holds(GrantedPermissions granted, string origin) =>
        granted.Origins.Contains(origin) || granted.Origins.Contains("<all_urls>") || granted.Origins.Contains("*://*/*");

    private static JsValue Contains(ApiCall call)
    {
        var granted = ApiAccess.Granted(call.Realm.Extension);
        var (permissions, origins) = Read(call[0]);
        return call.Answer(permissions.All(granted.Permissions.Contains) && origins.All(o => Holds(granted, o)));
    }

    private static JsValue Request(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var manifest = extension.Manifest;
        var granted = ApiAccess.Granted(extension);
        var chromium = extension.Flavor == Flavor.Chrome;
        var (permissions, origins) = Read(call[0]);
        foreach (var permission in permissions.Where(p => !granted.Permissions.Contains(p) && !manifest.OptionalPermissions.Contains(p)))
            return call.Fail(chromium ? "Only permissions specified in the manifest may be requested." : $"Cannot request permission {permission} since it was not declared in optional_permissions");
        foreach (var origin in origins.Where(o => !Holds(granted, o) && !manifest.OptionalHostPermissions.Contains(o)))
            return call.Fail(chromium ? "Only permissions specified in the manifest may be requested." : $"Cannot request origin permission for {origin} since it was not declared in the manifest");
        var newPermissions = permissions.Where(p => !granted.Permissions.Contains(p)).Distinct().ToList();
        var newOrigins = origins.Where(o => !Holds(granted, o)).Distinct().ToList();
        if (newPermissions.Count + newOrigins.Count == 0) return call.Answer(true);
        // The host's policy answers for the user the browser would ask.
        if (!extension.Options.GrantPermissionRequests) return call.Answer(false);
        granted.Permissions.UnionWith(newPermissions);
        granted.Origins.AddRange(newOrigins);
        granted.Publish();
        // The caller sees the new namespaces as soon as its promise settles; the other contexts on their next turn.
        ApiSurface.Refresh(call.Host);
        call.Answer(true);
        Changed(extension, "permissions.onAdded", newPermissions, newOrigins);
        return JsValue.Undefined;
    }

    private static JsValue Remove(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var manifest = extension.Manifest;
        var granted = ApiAccess.Granted(extension);
        var (permissions, origins) = Read(call[0]);
        var required = permissions.Where(p => manifest.Permissions.Contains(p)).Concat(origins.Where(manifest.HostPermissions.Contains)).ToList();
        // Chromium refuses to take back what the manifest requires; Firefox leaves it and removes the rest.
        if (required.Count > 0 && extension.Flavor == Flavor.Chrome) return call.Fail("You cannot remove required permissions.");
        var removedPermissions = permissions.Where(p => !required.Contains(p) && granted.Permissions.Remove(p)).ToList();
        var removedOrigins = origins.Where(o => !required.Contains(o) && granted.Origins.Remove(o)).ToList();
        granted.Publish();
        ApiSurface.Refresh(call.Host);
        call.Answer(true);
        if (removedPermissions.Count + removedOrigins.Count > 0) Changed(extension, "permissions.onRemoved", removedPermissions, removedOrigins);
        return JsValue.Undefined;
    }

    /// <summary>In every context, on its own turn: the surface follows what is held, then the event fires.</summary>
    private static void Changed(ExtensionKernel extension, string eventName, List<string> permissions, List<string> origins)
    {
        foreach (var realm in extension.Realms.Where(r => !r.IsDead && r.Info.Kind != ContextKind.WebPage).ToList())
            extension.Loop.Post(realm, () =>
            {
                if (realm.Host is { } host) ApiSurface.Refresh(host);
                realm.Event(eventName)?.Dispatch(Describe(realm, permissions, origins));
            });
    }
}
