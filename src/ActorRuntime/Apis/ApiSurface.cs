using ActorRuntime.Apis.Schema;
using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis;

/// <summary>What the API layer keeps per context.</summary>
internal sealed class ApiRealmState(ContextRealm realm, ApiAccess access)
{
    public ApiAccess Access { get; } = access;
    public LastError LastError { get; } = LastError.Create(realm);

    /// <summary>The context's <c>browser</c> (and a different <c>chrome</c>, where it is one), with the form each answers in.</summary>
    public List<(ObjectInstance Root, string Name, ApiSurface.Form Form)> Roots { get; } = new();

    /// <summary>The namespaces the roots were given, to tell what a change of permissions adds or takes away.</summary>
    public HashSet<string> RootNames { get; } = new(StringComparer.Ordinal);

    /// <summary>MV2's <c>onclick</c> handlers this context gave its menu items (<c>menus.create</c>); null while it gave none.</summary>
    public Dictionary<MenuItemId, JsValue>? MenuOnClick { get; set; }
}

/// <summary>
/// Builds a context's <c>browser</c> and <c>chrome</c> from the API description: every namespace and member the context
/// may see (its kind, manifest version and permissions), each made the first time a script looks it up. Functions check
/// their arguments as the flavour's browser does and answer in its promise or callback form; events are event objects;
/// constants, enumerations and objects with members of their own (<c>storage.local</c>) come from the schema too.
/// </summary>
internal static class ApiSurface
{
    /// <summary>How a root's asynchronous functions answer when no callback is given.</summary>
    internal enum Form { Promises, CallbacksOnly }

    public static void Install(IContextHost host)
    {
        var realm = host.Realm;
        var state = new ApiRealmState(realm, ApiAccess.For(realm));
        realm.ApiState = state;
        var names = RootNames(state.Access);
        var chromium = realm.Extension.Flavor == Flavor.Chrome;
        ObjectInstance browser = Root(host, state, chromium ? "chrome" : "browser", Form.Promises, names);
        // Chromium (148+): browser is chrome, with promises. Firefox: chrome is browser in MV3; in MV2 it takes callbacks only.
        var chrome = chromium || state.Access.ManifestVersion >= 3
            ? browser
            : Root(host, state, "chrome", Form.CallbacksOnly, names);
        realm.Global.FastSetProperty("browser", new PropertyDescriptor(browser, PropertyFlag.Configurable | PropertyFlag.Writable));
        realm.Global.FastSetProperty("chrome", new PropertyDescriptor(chrome, PropertyFlag.Configurable | PropertyFlag.Writable));
        state.Roots.Add((browser, chromium ? "chrome" : "browser", Form.Promises));
        if (!ReferenceEquals(chrome, browser)) state.Roots.Add((chrome, "chrome", Form.CallbacksOnly));
        state.RootNames.UnionWith(names.Keys);
    }

    /// <summary>
    /// After the extension's permissions changed: namespaces now allowed appear on the context's roots, those no longer
    /// allowed go (as Firefox injects and revokes them).
    /// </summary>
    public static void Refresh(IContextHost host)
    {
        if (host.Realm.ApiState is not ApiRealmState state) return;
        var now = RootNames(state.Access).Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (root, rootName, form) in state.Roots)
        {
            foreach (var added in now.Except(state.RootNames))
                // Defined, not forced: a script that froze its browser object keeps it as it made it.
                root.DefineOwnProperty(added, new PropertyDescriptor(Namespace(host, state, rootName, form, added), PropertyFlag.ConfigurableEnumerableWritable));
            foreach (var removed in state.RootNames.Except(now)) root.Delete(removed);
        }
        state.RootNames.Clear();
        state.RootNames.UnionWith(now);
    }

    /// <summary>The first segments of the namespaces the context may see (<c>privacy</c> for <c>privacy.network</c>).</summary>
    private static Dictionary<string, int> RootNames(ApiAccess access)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var ns in ApiSchema.Instance.NamespacesFor(access.IsChromium))
        {
            // A root already there (privacy for privacy.network) needs no second look.
            if (names.ContainsKey(ns.RootName) || !access.Allows(ns)) continue;
            names.Add(ns.RootName, names.Count);
        }
        return names;
    }

    private static LazyMembers Root(IContextHost host, ApiRealmState state, string rootName, Form form, Dictionary<string, int> names)
    {
        var order = names.OrderBy(n => n.Value).Select(n => n.Key).ToArray();
        return new LazyMembers(host.Realm.Engine, host.Realm.Engine.Intrinsics.Object.PrototypeObject, names,
            (root, index) => root.FastSetProperty(order[index], new PropertyDescriptor(
                Namespace(host, state, rootName, form, order[index]), PropertyFlag.ConfigurableEnumerableWritable)));
    }

    /// <summary>One member to make on first lookup: a value, or an accessor.</summary>
    private sealed record Member(string Name, Func<PropertyDescriptor> Make)
    {
        public static Member Value(string name, Func<JsValue> make) =>
            new(name, () => new PropertyDescriptor(make(), PropertyFlag.ConfigurableEnumerableWritable));
    }

    /// <summary>The object for namespace <paramref name="path"/>: its own members (when it may see them) and its sub-namespaces.</summary>
    private static ObjectInstance Namespace(IContextHost host, ApiRealmState state, string rootName, Form form, string path)
    {
        var schema = ApiSchema.Instance;
        var members = new List<Member>();
        var chromium = state.Access.IsChromium;
        if (schema.Namespaces.TryGetValue(path, out var ns) && state.Access.Allows(ns))
        {
            AddMembers(host, state, rootName, form, path, ns.Functions.Values, ns.Events.Values, ns.Properties.Values,
                chromium ? ns.ChromiumEnumTypes : ns.EnumTypes, members);
            if (chromium)
                foreach (var type in ns.Constructors)
                    members.Add(Member.Value(type.Id!, () => SchemaConstructors.Make(host.Realm, path + "." + type.Id, type)));
        }
        var prefix = path + ".";
        foreach (var sub in schema.NamespacesFor(chromium).Where(n => n.Name.StartsWith(prefix, StringComparison.Ordinal) && state.Access.Allows(n)))
        {
            var next = sub.Name[prefix.Length..].Split('.')[0];
            if (members.All(m => m.Name != next))
                members.Add(Member.Value(next, () => Namespace(host, state, rootName, form, prefix + next)));
        }
        return Lazily(host.Realm, members);
    }

    private static LazyMembers Lazily(ContextRealm realm, List<Member> members)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in members) index.TryAdd(member.Name, index.Count);
        var engine = realm.Engine;
        return new LazyMembers(engine, engine.Intrinsics.Object.PrototypeObject, index,
            (target, i) => target.FastSetProperty(members[i].Name, members[i].Make()));
    }

    private static void AddMembers(IContextHost host, ApiRealmState state, string rootName, Form form, string path,
        IEnumerable<SchemaNode> functions, IEnumerable<SchemaNode> events, IEnumerable<SchemaNode> properties, IEnumerable<SchemaNode> enums,
        List<Member> members, bool inherited = false)
    {
        var realm = host.Realm;
        // A member without contexts of its own inherits its parent's (the generator gave namespace members their defaults).
        bool Allows(SchemaNode member)
        {
            var allowed = inherited && member.AllowedContexts is null ? state.Access.AllowsAnywhere(member) : state.Access.Allows(member);
            return allowed && (ApiImplementations.Find(path + "." + member.Name)?.OnlyIn is not { } flavors || flavors.Contains(realm.Extension.Flavor));
        }
        foreach (var function in functions.Where(Allows))
        {
            var name = path + "." + function.Name;
            members.Add(Member.Value(function.Name!, () => ApiCalls.Function(host, state, rootName, form, name, function)));
        }
        foreach (var ev in events.Where(Allows))
        {
            var name = path + "." + ev.Name;
            if (ev.Declarative)
            {
                // Chromium's declarative events (declarativeContent.onPageChanged) take rules through functions of their own.
                members.Add(Member.Value(ev.Name!, () =>
                {
                    var rules = new List<Member>();
                    AddMembers(host, state, rootName, form, name, ev.Functions ?? [], [], [], [], rules, inherited: true);
                    return Lazily(realm, rules);
                }));
                continue;
            }
            // Firefox's contextMenus is menus: both names give one event object.
            var key = MenuClicks.EventKey(realm.Extension.Flavor, name);
            members.Add(Member.Value(ev.Name!, () => realm.GetOrDefineEvent(key, ApiCalls.EventRules(realm, key, ev)).Target));
        }
        foreach (var property in properties.Where(Allows))
        {
            var name = path + "." + property.Name;
            if (Property(host, state, rootName, form, name, property) is { } member) members.Add(member);
        }
        // Types have no contexts of their own: like any entry without them, they are not injected into content scripts.
        foreach (var type in enums.Where(state.Access.Allows))
            members.Add(Member.Value(type.Id!, () => EnumObject(realm, type)));
    }

    /// <summary>A property: a constant, an implemented value or accessor, or an object of the members its type declares; null when none applies.</summary>
    private static Member? Property(IContextHost host, ApiRealmState state, string rootName, Form form, string name, SchemaNode property)
    {
        var realm = host.Realm;
        var key = property.Name!;
        // The runtime's own value first: a flavour's browser may differ from Firefox's constant (storage quotas).
        if (ApiImplementations.Find(name) is { } implementation)
        {
            if (implementation.Value is { } value) return Member.Value(key, () => value(host));
            if (implementation.Getter is { } getter)
                return new Member(key, () => new GetSetPropertyDescriptor(
                    new ClrFunction(realm.Engine, "get " + key, (_, _) => getter(host)), JsValue.Undefined, enumerable: true, configurable: true));
        }
        if (property.Value is { } constant) return Member.Value(key, () => new Jint.Native.Json.JsonParser(realm.Engine).Parse(constant.GetRawText()));
        var type = ApiSchema.Instance.Target(property);
        if (type.Functions is null && type.Events is null) return null;
        return Member.Value(key, () =>
        {
            var members = new List<Member>();
            // The members of the property's type are where the property is (storage.local.get in a content script).
            AddMembers(host, state, rootName, form, name, type.Functions ?? [], type.Events ?? [], property.Properties ?? [], [], members, inherited: true);
            return Lazily(realm, members);
        });
    }

    /// <summary>
    /// An enumeration as browsers expose it: an object of its values under constant names (<c>OnInstalledReason.INSTALL</c>;
    /// Chromium writes camelCase and dashes as underscores: <c>MAIN_FRAME</c>).
    /// </summary>
    private static ObjectInstance EnumObject(ContextRealm realm, SchemaNode type)
    {
        var result = new JsObject(realm.Engine);
        var chromium = realm.Extension.Flavor == Flavor.Chrome;
        foreach (var value in type.Enum!)
            result.FastSetDataProperty(chromium ? ChromiumConstantName(value) : value.ToUpperInvariant(), value);
        return result;
    }

    private static string ChromiumConstantName(string value)
    {
        var name = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '-' or '.' or ' ') name.Append('_');
            else
            {
                if (char.IsUpper(c) && i > 0 && char.IsLower(value[i - 1])) name.Append('_');
                name.Append(char.ToUpperInvariant(c));
            }
        }
        return name.ToString();
    }
}
