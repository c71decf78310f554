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
    private string? _signature;
    private object? _signedFor;

    public ApiAccess Access { get; } = access;

    /// <summary>
    /// <see cref="ApiAccess.NamespaceSignature"/>, made again only once the extension's permissions changed (the
    /// permissions API replaces what it holds): everything that decides which members this context sees, as text.
    /// </summary>
    public string Signature
    {
        get
        {
            var granted = realm.Extension.HostIfAny?.Granted;
            if (_signature is null || !ReferenceEquals(granted, _signedFor)) (_signature, _signedFor) = (Access.NamespaceSignature(), granted);
            return _signature;
        }
    }

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
        var names = SharedRootNames(host, state);
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

    /// <summary>
    /// <see cref="RootNames"/>, worked out once per runtime for every context whose access has the same signature (most
    /// contexts of an extension, and of extensions asking for the same permissions); read only by its users.
    /// </summary>
    private static Dictionary<string, int> SharedRootNames(IContextHost host, ApiRealmState state) =>
        host.Realm.Extension.Options.SharedApiLists is { } lists
            ? lists.ShareByAccess("root names\n" + state.Signature, () => RootNames(state.Access))
            : RootNames(state.Access);

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
        var (index, shared) = (names, order);
        if (host.Realm.Extension.Options.SharedApiLists is { } lists)
            (index, shared) = lists.Share("\0root\n" + string.Join('\n', order), (names, order));
        return new LazyMembers(host.Realm.Engine, host.Realm.Engine.Intrinsics.Object.PrototypeObject, index,
            (root, i) => root.FastSetProperty(shared[i], new PropertyDescriptor(
                Namespace(host, state, rootName, form, shared[i]), PropertyFlag.ConfigurableEnumerableWritable)));
    }

    /// <summary>What a member is made from on first lookup.</summary>
    private enum MemberKind { Function, Event, DeclarativeEvent, ImplementedValue, ImplementedGetter, Constant, TypedObject, EnumType, Constructor, SubNamespace }

    /// <summary>
    /// One member to make on first lookup: its kind, the schema entry it comes from and its full name. Plain data (no
    /// closure per member): a namespace keeps one list of these and one function that makes any of them.
    /// </summary>
    private sealed record Member(string Name, MemberKind Kind, SchemaNode? Node, string FullName);

    /// <summary>The object for namespace <paramref name="path"/>: its own members (when it may see them) and its sub-namespaces.</summary>
    private static ObjectInstance Namespace(IContextHost host, ApiRealmState state, string rootName, Form form, string path) =>
        Lazily(host, state, rootName, form, "namespace " + path, () => NamespaceMembers(host, state, path));

    private static List<Member> NamespaceMembers(IContextHost host, ApiRealmState state, string path)
    {
        var schema = ApiSchema.Instance;
        var members = new List<Member>();
        var chromium = state.Access.IsChromium;
        if (schema.Namespaces.TryGetValue(path, out var ns) && state.Access.Allows(ns))
        {
            AddMembers(host, state, path, ns.Functions.Values, ns.Events.Values, ns.Properties.Values,
                chromium ? ns.ChromiumEnumTypes : ns.EnumTypes, members);
            if (chromium)
                foreach (var type in ns.Constructors)
                    members.Add(new(type.Id!, MemberKind.Constructor, type, path + "." + type.Id));
        }
        var prefix = path + ".";
        foreach (var sub in schema.NamespacesFor(chromium))
        {
            if (!sub.Name.StartsWith(prefix, StringComparison.Ordinal) || !state.Access.Allows(sub)) continue;
            var rest = sub.Name.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            var next = (dot < 0 ? rest : rest[..dot]).ToString();
            if (members.TrueForAll(m => m.Name != next)) members.Add(new(next, MemberKind.SubNamespace, null, prefix + next));
        }
        return members;
    }

    /// <summary>
    /// An object of the members <paramref name="list"/> gives (<paramref name="what"/> names them: a namespace, or the
    /// members of a property's type), each made on first lookup. The list is worked out once per runtime for every
    /// context of the same flavour and access signature, and kept once for every list alike.
    /// </summary>
    private static LazyMembers Lazily(IContextHost host, ApiRealmState state, string rootName, Form form, string what, Func<List<Member>> list)
    {
        var extension = host.Realm.Extension;
        var (index, members) = extension.Options.SharedApiLists is { } lists
            ? lists.ShareByAccess(extension.Flavor + "\n" + state.Signature + "\n" + what, () => SharedTable(lists, state, list()))
            : Table(list());
        var engine = host.Realm.Engine;
        return new LazyMembers(engine, engine.Intrinsics.Object.PrototypeObject, index,
            (target, i) => target.FastSetProperty(members[i].Name, Make(host, state, rootName, form, members[i])));
    }

    private static (Dictionary<string, int> Index, Member[] Members) Table(List<Member> list)
    {
        var index = new Dictionary<string, int>(list.Count, StringComparer.Ordinal);
        foreach (var member in list) index.TryAdd(member.Name, index.Count);
        return (index, list.ToArray());
    }

    /// <summary>The table of <paramref name="list"/>, one for every list alike (whatever access made it).</summary>
    private static (Dictionary<string, int> Index, Member[] Members) SharedTable(SharedApiLists lists, ApiRealmState state, List<Member> list)
    {
        // The key says the whole list: every member's kind, full name and schema entry (by its place in the schema's
        // own lists, which a name and kind fix for one flavour: enum types differ between Chromium and Firefox).
        var key = new System.Text.StringBuilder(state.Access.IsChromium ? "chromium\n" : "firefox\n");
        foreach (var member in list) key.Append((int)member.Kind).Append(' ').Append(member.FullName).Append(' ').Append(member.Name).Append('\n');
        return lists.Share(key.ToString(), () => Table(list));
    }

    private static PropertyDescriptor Make(IContextHost host, ApiRealmState state, string rootName, Form form, Member member)
    {
        var realm = host.Realm;
        var node = member.Node!;
        JsValue value;
        switch (member.Kind)
        {
            case MemberKind.Function:
                value = ApiCalls.Function(host, state, rootName, form, member.FullName, node);
                break;
            case MemberKind.DeclarativeEvent:
            {
                // Chromium's declarative events (declarativeContent.onPageChanged) take rules through functions of their own.
                value = Lazily(host, state, rootName, form, "rules of " + member.FullName, () =>
                {
                    var rules = new List<Member>();
                    AddMembers(host, state, member.FullName, node.Functions ?? [], [], [], [], rules, inherited: true);
                    return rules;
                });
                break;
            }
            case MemberKind.Event:
            {
                // Firefox's contextMenus is menus: both names give one event object.
                var key = MenuClicks.EventKey(realm.Extension.Flavor, member.FullName);
                value = realm.GetOrDefineEvent(key, ApiCalls.EventRules(realm, key, node)).Target;
                break;
            }
            case MemberKind.ImplementedValue:
                value = ApiImplementations.Find(member.FullName)!.Value!(host);
                break;
            case MemberKind.ImplementedGetter:
                var getter = ApiImplementations.Find(member.FullName)!.Getter!;
                return new GetSetPropertyDescriptor(
                    new ClrFunction(realm.Engine, "get " + member.Name, (_, _) => getter(host)), JsValue.Undefined, enumerable: true, configurable: true);
            case MemberKind.Constant:
                value = new Jint.Native.Json.JsonParser(realm.Engine).Parse(node.Value!.Value.GetRawText());
                break;
            case MemberKind.TypedObject:
            {
                value = Lazily(host, state, rootName, form, "members of " + member.FullName, () =>
                {
                    var type = ApiSchema.Instance.Target(node);
                    var members = new List<Member>();
                    // The members of the property's type are where the property is (storage.local.get in a content script).
                    AddMembers(host, state, member.FullName, type.Functions ?? [], type.Events ?? [], node.Properties ?? [], [], members, inherited: true);
                    return members;
                });
                break;
            }
            case MemberKind.EnumType:
                value = EnumObject(realm, node);
                break;
            case MemberKind.Constructor:
                value = SchemaConstructors.Make(realm, member.FullName, node);
                break;
            default:
                value = Namespace(host, state, rootName, form, member.FullName);
                break;
        }
        return new PropertyDescriptor(value, PropertyFlag.ConfigurableEnumerableWritable);
    }

    private static void AddMembers(IContextHost host, ApiRealmState state, string path,
        IEnumerable<SchemaNode> functions, IEnumerable<SchemaNode> events, IEnumerable<SchemaNode> properties, IEnumerable<SchemaNode> enums,
        List<Member> members, bool inherited = false)
    {
        var flavor = host.Realm.Extension.Flavor;
        // A member without contexts of its own inherits its parent's (the generator gave namespace members their defaults).
        bool Allows(SchemaNode member, string fullName)
        {
            var allowed = inherited && member.AllowedContexts is null ? state.Access.AllowsAnywhere(member) : state.Access.Allows(member);
            return allowed && (ApiImplementations.Find(fullName)?.OnlyIn is not { } flavors || flavors.Contains(flavor));
        }
        foreach (var function in functions)
        {
            var name = path + "." + function.Name;
            if (Allows(function, name)) members.Add(new(function.Name!, MemberKind.Function, function, name));
        }
        foreach (var ev in events)
        {
            var name = path + "." + ev.Name;
            if (Allows(ev, name)) members.Add(new(ev.Name!, ev.Declarative ? MemberKind.DeclarativeEvent : MemberKind.Event, ev, name));
        }
        foreach (var property in properties)
        {
            var name = path + "." + property.Name;
            if (Allows(property, name) && Property(name, property) is { } kind) members.Add(new(property.Name!, kind, property, name));
        }
        // Types have no contexts of their own: like any entry without them, they are not injected into content scripts.
        foreach (var type in enums.Where(state.Access.Allows))
            members.Add(new(type.Id!, MemberKind.EnumType, type, path + "." + type.Id));
    }

    /// <summary>What a property is made from: a constant, an implemented value or accessor, or an object of the members its type declares; null when none applies.</summary>
    private static MemberKind? Property(string name, SchemaNode property)
    {
        // The runtime's own value first: a flavour's browser may differ from Firefox's constant (storage quotas).
        if (ApiImplementations.Find(name) is { } implementation)
        {
            if (implementation.Value is not null) return MemberKind.ImplementedValue;
            if (implementation.Getter is not null) return MemberKind.ImplementedGetter;
        }
        if (property.Value is not null) return MemberKind.Constant;
        var type = ApiSchema.Instance.Target(property);
        return type.Functions is null && type.Events is null ? null : MemberKind.TypedObject;
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
