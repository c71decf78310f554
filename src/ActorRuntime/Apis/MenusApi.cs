using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>menus</c> and its alias <c>contextMenus</c>: the extension's menu tree (<c>create</c>, <c>update</c>, <c>remove</c>,
/// <c>removeAll</c>), kept with the extension through suspensions, with each flavour's ids, defaults and errors. Nothing
/// shows the menu: the host clicks an item (<see cref="MenuClicks"/>) and <c>onClicked</c> fires as the browser fires it.
/// </summary>
internal static class MenusApi
{
    private static readonly IReadOnlyList<Flavor> FirefoxOnly = [Flavor.Mdn, Flavor.Firefox];

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        foreach (var ns in new[] { "menus", "contextMenus" })
        {
            registry[ns + ".create"] = new() { Function = Create };
            registry[ns + ".update"] = new() { Function = Update };
            registry[ns + ".remove"] = new() { Function = Remove };
            registry[ns + ".removeAll"] = new() { Function = RemoveAll };
            // No menu is ever shown here: there is nothing to rebuild.
            registry[ns + ".refresh"] = new() { Function = call => call.Answer(JsValue.Undefined), OnlyIn = FirefoxOnly };
        }
        // Firefox's own members, which Chromium's contextMenus does not have.
        foreach (var member in new[] { "overrideContext", "getTargetElement", "onShown", "onHidden" })
            registry["contextMenus." + member] = new() { OnlyIn = FirefoxOnly };
    }

    /// <summary>Whether the extension's background is lazy (an event page or a service worker): ids are then required, <c>onclick</c> refused.</summary>
    private static bool LazyBackground(ExtensionKernel extension) =>
        extension.Manifest.Background is { } background && (background.IsEventPage || background.Kind == BackgroundKind.ServiceWorker);

    private static MenuRules Rules(ExtensionKernel extension) =>
        new(extension.Flavor == Flavor.Chrome, LazyBackground(extension), extension.Options.BrowserUi);

    private static string Namespace(ApiCall call) => call.Name[..call.Name.IndexOf('.')];

    /// <summary><c>create(createProperties, callback)</c>: returns the id at once; the callback runs later, with lastError on failure.</summary>
    private static JsValue Create(ApiCall call)
    {
        var realm = call.Realm;
        var extension = realm.Extension;
        var rules = Rules(extension);
        var properties = call[0] as ObjectInstance;
        var onclick = Property(properties, "onclick") is { } handler && handler.IsCallable() ? handler : null;
        // Firefox refuses onclick in the child, at once, where there is no persistent background.
        if (onclick is not null && rules.LazyBackground && !rules.Chromium)
            throw new JavaScriptException(realm.Engine.Intrinsics.Error,
                $"Property \"onclick\" cannot be used in {Namespace(call)}.create, replace with an \"onClicked\" event listener.");
        var tree = extension.Host.Menus;
        var changes = Read(properties) with { HasOnClick = onclick is not null };
        JsValue returned;
        if (changes.Id is { } given) returned = given.Text!;
        else if (rules.Chromium)
        {
            // Chromium's bindings number the item before the browser looks at it, and return that number even when the browser refuses it.
            var generated = tree.NextGeneratedId();
            returned = generated.Number;
            if (!rules.LazyBackground) changes = changes with { Id = generated };
        }
        else if (!rules.LazyBackground)
        {
            var generated = tree.NextGeneratedId();
            changes = changes with { Id = generated };
            returned = generated.Number;
        }
        else returned = JsValue.Null;
        var problem = tree.Create(changes, rules);
        if (problem is null && onclick is not null) SetOnClick(realm, changes.Id!.Value, onclick);
        var callback = call[1];
        var reply = ApiReply.Create(realm, callback.IsCallable() ? callback : null, promiseAllowed: false);
        reply.Later(r =>
        {
            if (problem is null) r.Resolve(JsValue.Undefined);
            else r.Reject(problem);
        });
        return returned;
    }

    private static JsValue Update(ApiCall call)
    {
        var realm = call.Realm;
        var rules = Rules(realm.Extension);
        var properties = call[1] as ObjectInstance;
        var onclick = Property(properties, "onclick");
        if (onclick is not null && onclick.IsCallable() && rules.LazyBackground && !rules.Chromium)
            throw new JavaScriptException(realm.Engine.Intrinsics.Error,
                $"Property \"onclick\" cannot be used in {Namespace(call)}.update, replace with an \"onClicked\" event listener.");
        var id = Id(call[0]);
        var problem = realm.Extension.Host.Menus.Update(id, Read(properties) with { Id = null }, rules);
        if (problem is not null) return call.Fail(problem);
        if (onclick is not null && onclick.IsCallable()) SetOnClick(realm, id, onclick);
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue Remove(ApiCall call)
    {
        var realm = call.Realm;
        var id = Id(call[0]);
        var problem = realm.Extension.Host.Menus.Remove(id, Rules(realm.Extension));
        if (problem is not null) return call.Fail(problem);
        if (realm.ApiState is ApiRealmState { MenuOnClick: { } handlers }) handlers.Remove(id);
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue RemoveAll(ApiCall call)
    {
        var realm = call.Realm;
        // Nothing to empty when the extension never made an item: no tree is made for it.
        realm.Extension.HostIfAny?.MenusIfAny?.RemoveAll();
        if (realm.ApiState is ApiRealmState state) state.MenuOnClick = null;
        return call.Answer(JsValue.Undefined);
    }

    /// <summary>
    /// The extension was reloaded (unloaded and loaded again): browsers take its menu items away, except that Chromium
    /// stores an event page's or service worker's items and restores them at the load.
    /// </summary>
    public static void Reloaded(ExtensionKernel extension)
    {
        if (extension.Flavor == Flavor.Chrome && LazyBackground(extension)) return;
        extension.HostIfAny?.MenusIfAny?.RemoveAll();
    }

    /// <summary>An id argument the schema checked: a string the extension gave, or an integer the browser generated.</summary>
    private static MenuItemId Id(JsValue value) =>
        value.IsString() ? MenuItemId.Named(value.AsString()) : MenuItemId.Generated((long)TypeConverter.ToNumber(value));

    /// <summary>A property the extension set (a checked object holds null for one it left out, in Firefox's form).</summary>
    private static JsValue? Property(ObjectInstance? properties, string name) =>
        properties?.Get(name) is { } value && !value.IsNull() && !value.IsUndefined() ? value : null;

    private static MenuItemChanges Read(ObjectInstance? properties)
    {
        string? Text(string name) => Property(properties, name) is { } value ? TypeConverter.ToString(value) : null;
        bool? Flag(string name) => Property(properties, name) is { } value ? TypeConverter.ToBoolean(value) : null;
        IReadOnlyList<string>? Strings(string name)
        {
            if (Property(properties, name) is not ObjectInstance array) return null;
            var length = (long)TypeConverter.ToNumber(array.Get("length"));
            var items = new List<string>();
            for (long i = 0; i < length; i++) items.Add(TypeConverter.ToString(array.Get(i)));
            return items;
        }
        return new MenuItemChanges
        {
            Id = Text("id") is { } id ? MenuItemId.Named(id) : null,
            ParentId = Property(properties, "parentId") is { } parent ? Id(parent) : null,
            Type = Text("type"),
            Title = Text("title"),
            Checked = Flag("checked"),
            Enabled = Flag("enabled"),
            Visible = Flag("visible"),
            Contexts = Strings("contexts"),
            DocumentUrlPatterns = Strings("documentUrlPatterns"),
            TargetUrlPatterns = Strings("targetUrlPatterns"),
        };
    }

    /// <summary>MV2's <c>onclick</c>: kept by the context that set it (it goes when the context closes, as in browsers).</summary>
    private static void SetOnClick(ContextRealm realm, MenuItemId id, JsValue handler)
    {
        if (realm.ApiState is not ApiRealmState state) return;
        (state.MenuOnClick ??= new())[id] = handler;
    }

    /// <summary>
    /// The <c>onclick</c> this context set for the item a click fired with (<paramref name="argumentsJson"/>, as
    /// <see cref="MenuClicks"/> completed it), or null: called with the click's arguments before <c>onClicked</c>'s listeners.
    /// </summary>
    public static JsValue? OnClickFor(ContextRealm realm, string eventName, string argumentsJson)
    {
        if (realm.ApiState is not ApiRealmState { MenuOnClick: { Count: > 0 } handlers } || !MenuClicks.IsClickEvent(eventName)) return null;
        return MenuClicks.ClickedId(argumentsJson, realm.Extension.Options.MaxMessageDepth) is { } id ? handlers.GetValueOrDefault(id) : null;
    }
}
