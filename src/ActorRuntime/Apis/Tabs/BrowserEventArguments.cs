using ActorRuntime.Browsing;
using ActorRuntime.Kernel;

namespace ActorRuntime.Apis.Tabs;

/// <summary>The browser's changes as the events extensions hear: their names, and their arguments as one extension may see them.</summary>
internal static class BrowserEventArguments
{
    /// <summary>
    /// The events a change is, by name, with their arguments as a JSON array made only when asked for (null when this
    /// extension does not hear it): the tabs or windows event, and the webNavigation events of a navigation.
    /// </summary>
    public static IEnumerable<(string Name, Func<string?> Json)> Events(BrowserEvent change, ExtensionKernel extension)
    {
        if (Name(change) is { } name) yield return (name, () => Json(change, extension));
        foreach (var navigation in Navigation.Events(change, extension)) yield return navigation;
    }

    private static string? Name(BrowserEvent change) => change switch
    {
        TabCreated => "tabs.onCreated",
        TabUpdated => "tabs.onUpdated",
        TabActivated => "tabs.onActivated",
        TabHighlighted => "tabs.onHighlighted",
        TabMoved => "tabs.onMoved",
        TabDetached => "tabs.onDetached",
        TabAttached => "tabs.onAttached",
        TabRemoved => "tabs.onRemoved",
        WindowCreated => "windows.onCreated",
        WindowRemoved => "windows.onRemoved",
        WindowFocusChanged => "windows.onFocusChanged",
        _ => null,
    };

    /// <summary>Whether the change happened in the private profile.</summary>
    public static bool IsPrivate(BrowserEvent change) => change switch
    {
        TabCreated created => created.Tab.Incognito,
        TabUpdated updated => updated.Tab.Incognito,
        TabRemoved removed => removed.Tab.Incognito,
        WindowCreated created => created.Window.Incognito,
        _ => change.Incognito,
    };

    /// <summary>The event's arguments as a JSON array for <paramref name="extension"/>; null when it does not hear this change.</summary>
    private static string? Json(BrowserEvent change, ExtensionKernel extension)
    {
        if (IsPrivate(change) && !TabJson.SeesPrivate(extension))
            // Focus moving to a window it cannot see is focus leaving every window it can.
            return change is WindowFocusChanged ? "[-1]" : null;
        // What of a tab's update the extension may see, worked out once: nothing is no event for it.
        var changeInfo = change is TabUpdated update ? ChangeInfo(update, extension) : null;
        if (change is TabUpdated && changeInfo is null) return null;
        var chromium = extension.Flavor == Flavor.Chrome;
        return TabJson.Json(json =>
        {
            json.WriteStartArray();
            switch (change)
            {
                case TabCreated created:
                    TabJson.WriteTab(json, extension, created.Tab);
                    break;
                case TabUpdated updated:
                    json.WriteNumberValue(updated.Tab.Id);
                    json.WriteStartObject();
                    foreach (var (key, write) in changeInfo!) write(json, key);
                    json.WriteEndObject();
                    TabJson.WriteTab(json, extension, updated.Tab);
                    break;
                case TabActivated activated:
                    json.WriteStartObject();
                    json.WriteNumber("tabId", activated.TabId);
                    json.WriteNumber("windowId", activated.WindowId);
                    // Firefox tells which tab was active before.
                    if (!chromium && activated.PreviousTabId is { } previous) json.WriteNumber("previousTabId", previous);
                    json.WriteEndObject();
                    break;
                case TabHighlighted highlighted:
                    json.WriteStartObject();
                    json.WriteNumber("windowId", highlighted.WindowId);
                    json.WriteStartArray("tabIds");
                    foreach (var id in highlighted.TabIds) json.WriteNumberValue(id);
                    json.WriteEndArray();
                    json.WriteEndObject();
                    break;
                case TabMoved moved:
                    json.WriteNumberValue(moved.TabId);
                    json.WriteStartObject();
                    json.WriteNumber("windowId", moved.WindowId);
                    json.WriteNumber("fromIndex", moved.FromIndex);
                    json.WriteNumber("toIndex", moved.ToIndex);
                    json.WriteEndObject();
                    break;
                case TabDetached detached:
                    json.WriteNumberValue(detached.TabId);
                    json.WriteStartObject();
                    json.WriteNumber("oldWindowId", detached.OldWindowId);
                    json.WriteNumber("oldPosition", detached.OldPosition);
                    json.WriteEndObject();
                    break;
                case TabAttached attached:
                    json.WriteNumberValue(attached.TabId);
                    json.WriteStartObject();
                    json.WriteNumber("newWindowId", attached.NewWindowId);
                    json.WriteNumber("newPosition", attached.NewPosition);
                    json.WriteEndObject();
                    break;
                case TabRemoved removed:
                    json.WriteNumberValue(removed.Tab.Id);
                    json.WriteStartObject();
                    json.WriteNumber("windowId", removed.Tab.WindowId);
                    json.WriteBoolean("isWindowClosing", removed.IsWindowClosing);
                    json.WriteEndObject();
                    break;
                case WindowCreated created:
                    TabJson.WriteWindow(json, extension, created.Window, withTabs: false);
                    break;
                case WindowRemoved removed:
                    json.WriteNumberValue(removed.WindowId);
                    break;
                case WindowFocusChanged focus:
                    json.WriteNumberValue(focus.WindowId);
                    break;
            }
            json.WriteEndArray();
        });
    }

    /// <summary>
    /// <c>changeInfo</c>: each changed property the extension may see, with its writer; null when it may see none of them
    /// (a title change of a tab it may not see is no event for it).
    /// </summary>
    private static List<(string Key, Action<System.Text.Json.Utf8JsonWriter, string> Write)>? ChangeInfo(TabUpdated update, ExtensionKernel extension)
    {
        var tab = update.Tab;
        var reveals = TabJson.Reveals(extension, tab);
        var entries = new List<(string, Action<System.Text.Json.Utf8JsonWriter, string>)>();
        foreach (var key in update.Changes)
        {
            switch (key)
            {
                case "status": entries.Add((key, (json, name) => json.WriteString(name, tab.Status))); break;
                case "url" when reveals: entries.Add((key, (json, name) => json.WriteString(name, tab.Url))); break;
                case "title" when reveals: entries.Add((key, (json, name) => json.WriteString(name, tab.Title))); break;
                case "pinned": entries.Add((key, (json, name) => json.WriteBoolean(name, tab.Pinned))); break;
                case "discarded": entries.Add((key, (json, name) => json.WriteBoolean(name, tab.Discarded))); break;
                case "autoDiscardable": entries.Add((key, (json, name) => json.WriteBoolean(name, tab.AutoDiscardable))); break;
                case "mutedInfo":
                    entries.Add((key, (json, name) =>
                    {
                        json.WriteStartObject(name);
                        json.WriteBoolean("muted", tab.Muted);
                        json.WriteEndObject();
                    }));
                    break;
            }
        }
        return entries.Count == 0 ? null : entries;
    }
}
