using System.Globalization;
using System.Text.Json;

namespace ActorRuntime.Kernel;

/// <summary>
/// A menu item's id: the string the extension gave, or the number the browser generated for an item created without one
/// (browsers keep them apart: the number 1 and the string "1" are two ids).
/// </summary>
internal readonly record struct MenuItemId
{
    private MenuItemId(string? text, long number)
    {
        Text = text;
        Number = number;
    }

    /// <summary>The extension's string, or null for a generated id.</summary>
    public string? Text { get; }

    public long Number { get; }

    public static MenuItemId Named(string text) => new(text, 0);

    public static MenuItemId Generated(long number) => new(null, number);

    /// <summary>As browsers print it in their errors: the string, or the number's digits.</summary>
    public override string ToString() => Text ?? Number.ToString(CultureInfo.InvariantCulture);

    public void Write(Utf8JsonWriter writer)
    {
        if (Text is not null) writer.WriteStringValue(Text);
        else writer.WriteNumberValue(Number);
    }

    /// <summary>The id a JSON value names (a string, or an integral number); null for anything else.</summary>
    public static MenuItemId? From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Named(value.GetString()!),
        JsonValueKind.Number when value.TryGetInt64(out var number) => Generated(number),
        _ => null,
    };
}

/// <summary>What a create or update sets; null leaves a property as it is (on create: at the browser's default).</summary>
internal sealed record MenuItemChanges
{
    public MenuItemId? Id { get; init; }
    public MenuItemId? ParentId { get; init; }
    public string? Type { get; init; }
    public string? Title { get; init; }
    public bool? Checked { get; init; }
    public bool? Enabled { get; init; }
    public bool? Visible { get; init; }
    public IReadOnlyList<string>? Contexts { get; init; }
    public IReadOnlyList<string>? DocumentUrlPatterns { get; init; }
    public IReadOnlyList<string>? TargetUrlPatterns { get; init; }

    /// <summary>An <c>onclick</c> function was given (MV2's per-item listener).</summary>
    public bool HasOnClick { get; init; }
}

/// <summary>
/// The rules of the flavour's browser for one call: Chromium's or Firefox's checks and texts, and whether the
/// extension's background is lazy (an event page or a service worker: ids are required, <c>onclick</c> is refused).
/// </summary>
internal readonly record struct MenuRules(bool Chromium, bool LazyBackground, BrowserUiLimits Limits);

/// <summary>One item of an extension's menu tree.</summary>
internal sealed class MenuItem(MenuItemId id)
{
    public const string Normal = "normal";
    public const string Checkbox = "checkbox";
    public const string Radio = "radio";
    public const string Separator = "separator";

    public MenuItemId Id { get; } = id;
    public MenuItem? Parent { get; set; }

    /// <summary>Its submenu's items, in order; null while it has none (most items).</summary>
    public List<MenuItem>? Children { get; set; }

    public string Type { get; set; } = Normal;
    public string? Title { get; set; }
    public IReadOnlyList<string> Contexts { get; set; } = [];
    public bool Checked { get; set; }
    public bool Enabled { get; set; } = true;
    public bool Visible { get; set; } = true;
    public IReadOnlyList<string>? DocumentUrlPatterns { get; set; }
    public IReadOnlyList<string>? TargetUrlPatterns { get; set; }

    public bool IsCheckable => Type is Checkbox or Radio;

    public bool HasChildren => Children is { Count: > 0 };

    /// <summary>How deep it sits: a top-level item is level 1.</summary>
    public int Level
    {
        get
        {
            var level = 1;
            for (var parent = Parent; parent is not null; parent = parent.Parent) level++;
            return level;
        }
    }

    /// <summary>Levels from this item down to its deepest descendant (1 without children).</summary>
    public int Height => HasChildren ? 1 + Children!.Max(c => c.Height) : 1;

    /// <summary>Whether <paramref name="other"/> is this item or below it.</summary>
    public bool IsAncestorOrSelfOf(MenuItem other)
    {
        for (MenuItem? item = other; item is not null; item = item.Parent)
            if (ReferenceEquals(item, this)) return true;
        return false;
    }

    /// <summary>What it holds, as the runtime keeps it (2 bytes a character): id, title, URL patterns.</summary>
    public static long SizeOf(MenuItemId id, string? title, IReadOnlyList<string>? documentUrlPatterns, IReadOnlyList<string>? targetUrlPatterns) =>
        2L * ((id.Text?.Length ?? 0) + (title?.Length ?? 0) + (documentUrlPatterns?.Sum(p => (long)p.Length) ?? 0) + (targetUrlPatterns?.Sum(p => (long)p.Length) ?? 0));

    /// <summary>The item and its submenu as <c>--menus</c> prints them; optional keys only where they say something.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("id");
        Id.Write(writer);
        if (Title is null) writer.WriteNull("title");
        else writer.WriteString("title", Title);
        if (Type != Normal) writer.WriteString("type", Type);
        writer.WriteStartArray("contexts");
        foreach (var context in Contexts) writer.WriteStringValue(context);
        writer.WriteEndArray();
        if (IsCheckable) writer.WriteBoolean("checked", Checked);
        if (!Enabled) writer.WriteBoolean("enabled", false);
        if (!Visible) writer.WriteBoolean("visible", false);
        WritePatterns(writer, "documentUrlPatterns", DocumentUrlPatterns);
        WritePatterns(writer, "targetUrlPatterns", TargetUrlPatterns);
        writer.WriteStartArray("children");
        foreach (var child in Children ?? []) child.Write(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePatterns(Utf8JsonWriter writer, string name, IReadOnlyList<string>? patterns)
    {
        if (patterns is null) return;
        writer.WriteStartArray(name);
        foreach (var pattern in patterns) writer.WriteStringValue(pattern);
        writer.WriteEndArray();
    }
}

/// <summary>What a click on a menu item did: the click's facts for <c>onClicked</c>'s info, or why a user could not click it.</summary>
internal sealed record MenuClick(string? Problem, MenuItemId Id = default, MenuItemId? ParentId = null, bool Checkable = false,
    bool WasChecked = false, bool Checked = false);
