using System.Text.Json;
using ActorRuntime.Kernel;

namespace ActorRuntime.Apis;

/// <summary>
/// A click on one of the extension's menu items, as the host fires it (<c>menus.onClicked</c> or
/// <c>contextMenus.onClicked</c> through <see cref="IExtensionRuntime.FireAsync"/>, <c>run --menu-click</c>): the item must
/// exist and be one a user could click; the browser's part happens first (a checkbox toggles, a radio item is selected);
/// the info is completed as the flavour's browser gives it at least, and the event fires under the flavour's name.
/// </summary>
internal static class MenuClicks
{
    public const string MenusOnClicked = "menus.onClicked";
    public const string ContextMenusOnClicked = "contextMenus.onClicked";

    public static bool IsClickEvent(string name) => name is MenusOnClicked or ContextMenusOnClicked;

    /// <summary>
    /// The name an event is kept under in a context: in Firefox <c>contextMenus</c> is the very object <c>menus</c> is, so
    /// its events are <c>menus</c>' (a listener added through either hears every click).
    /// </summary>
    public static string EventKey(Flavor flavor, string name) =>
        flavor != Flavor.Chrome && name.StartsWith("contextMenus.", StringComparison.Ordinal) ? "menus" + name["contextMenus".Length..] : name;

    /// <summary>The event a click fires in the flavour: Chromium's <c>contextMenus.onClicked</c>, Firefox's <c>menus.onClicked</c> (which <c>contextMenus</c> shares).</summary>
    public static string ClickEvent(Flavor flavor) => flavor == Flavor.Chrome ? ContextMenusOnClicked : MenusOnClicked;

    /// <summary>
    /// The arguments the click fires with (<c>[info]</c> or <c>[info, tab]</c>), from the host's <c>[{menuItemId, ...}, tab?]</c>;
    /// or why it cannot happen, in one line. The item's checked state changes here, as the browser changes it before firing.
    /// </summary>
    public static (string? ArgumentsJson, string? Problem) Complete(ExtensionKernel extension, string argumentsJson)
    {
        using var document = JsonDocument.Parse(argumentsJson, new JsonDocumentOptions { MaxDepth = extension.Options.MaxMessageDepth });
        var arguments = document.RootElement;
        if (arguments.GetArrayLength() == 0 || arguments[0].ValueKind != JsonValueKind.Object
            || !arguments[0].TryGetProperty("menuItemId", out var given) || MenuItemId.From(given) is not { } asked)
            return (null, "a menu click is fired with [info, tab?], info.menuItemId the id of one of the extension's menu items (a string, or a generated number)");
        var info = arguments[0];
        var tree = extension.HostIfAny?.MenusIfAny;
        if (tree is null) return (null, $"the extension has no menu item with id {Quoted(asked)}: it created none");
        var click = tree.Click(Resolve(tree, asked));
        if (click.Problem is { } problem) return (null, problem);
        var chromium = extension.Flavor == Flavor.Chrome;
        JsonElement? tab = arguments.GetArrayLength() > 1 && arguments[1].ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? arguments[1]
            : info.TryGetProperty("tab", out var inInfo) && inInfo.ValueKind == JsonValueKind.Object ? inInfo
            : null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WritePropertyName("menuItemId");
            click.Id.Write(writer);
            if (click.ParentId is { } parent)
            {
                writer.WritePropertyName("parentMenuItemId");
                parent.Write(writer);
            }
            // What the host says of where the menu was opened (pageUrl, selectionText, linkUrl, editable...), as given.
            foreach (var property in info.EnumerateObject())
            {
                if (property.Name is "menuItemId" or "parentMenuItemId" or "wasChecked" or "checked" or "tab") continue;
                property.WriteTo(writer);
            }
            // The least each browser gives: editable, and Firefox's mouse button and modifier keys of a plain left click.
            if (!info.TryGetProperty("editable", out _)) writer.WriteBoolean("editable", false);
            if (!chromium)
            {
                if (!info.TryGetProperty("modifiers", out _))
                {
                    writer.WriteStartArray("modifiers");
                    writer.WriteEndArray();
                }
                if (!info.TryGetProperty("button", out _)) writer.WriteNumber("button", 0);
            }
            if (click.Checkable)
            {
                writer.WriteBoolean("wasChecked", click.WasChecked);
                writer.WriteBoolean("checked", click.Checked);
            }
            writer.WriteEndObject();
            var tabJson = tab?.GetRawText() ?? CurrentTabJson(extension);
            if (tabJson is not null) writer.WriteRawValue(tabJson);
            writer.WriteEndArray();
        }
        return (System.Text.Encoding.UTF8.GetString(buffer.ToArray()), null);
    }

    /// <summary>
    /// The tab the menu was opened in (the focused window's active tab), as the <c>tabs.Tab</c> JSON the click's second
    /// argument is; the user invoked the extension there, so with <c>activeTab</c> it may now see and script it.
    /// </summary>
    private static string? CurrentTabJson(ExtensionKernel extension)
    {
        if (extension.Browser.ActiveTab(incognito: false) is not { } tab) return null;
        if (extension.Manifest.Permissions.Contains("activeTab")) extension.Browser.GrantActiveTab(extension.Package.Id, tab.Id);
        return Tabs.TabJson.Json(json => Tabs.TabJson.WriteTab(json, extension, extension.Browser.Tab(tab.Id) ?? tab));
    }

    /// <summary>The item a host's click names: the id as given; else the same digits as a generated number, or a number's digits as a string id.</summary>
    private static MenuItemId Resolve(MenuTree tree, MenuItemId asked)
    {
        if (tree.Contains(asked)) return asked;
        if (asked.Text is { } text && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && tree.Contains(MenuItemId.Generated(number))) return MenuItemId.Generated(number);
        if (asked.Text is null && tree.Contains(MenuItemId.Named(asked.ToString()))) return MenuItemId.Named(asked.ToString());
        return asked;
    }

    /// <summary>The item a completed click's arguments name.</summary>
    public static MenuItemId? ClickedId(string argumentsJson, int maxDepth)
    {
        using var document = JsonDocument.Parse(argumentsJson, new JsonDocumentOptions { MaxDepth = maxDepth });
        var arguments = document.RootElement;
        return arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0 && arguments[0].ValueKind == JsonValueKind.Object
               && arguments[0].TryGetProperty("menuItemId", out var id) ? MenuItemId.From(id) : null;
    }

    private static string Quoted(MenuItemId id) => id.Text is null ? id.ToString() : JsonSerializer.Serialize(id.Text);
}
