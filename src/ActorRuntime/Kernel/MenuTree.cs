using System.Text.Json;
using ActorRuntime.Manifest;

namespace ActorRuntime.Kernel;

/// <summary>
/// One extension's menu items (<c>menus</c> / <c>contextMenus</c>): kept with the extension, not with a context, so they
/// outlive a suspended event page as browsers keep them. Each operation checks what the flavour's browser checks, in its
/// order, and answers with its error text (null when it did what was asked), plus the runtime's own limits. Written on the
/// extension's turns and read by the host (a click, a listing) from other threads: every member takes the tree's lock.
/// </summary>
internal sealed class MenuTree
{
    private readonly Dictionary<MenuItemId, MenuItem> _items = new();
    private readonly List<MenuItem> _roots = new();
    private long _lastGenerated;

    // The browsers' defaults, shared by every item that keeps them (a suspended extension's tree is all it holds of its menus).
    private static readonly string[] PageOnly = ["page"];
    private static readonly string[] Everywhere = ["all"];

    private object Gate => _items;

    public int Count
    {
        get
        {
            lock (Gate) return _items.Count;
        }
    }

    /// <summary>The next id for an item created without one (1, 2, ... as both browsers number them).</summary>
    public MenuItemId NextGeneratedId()
    {
        lock (Gate) return MenuItemId.Generated(++_lastGenerated);
    }

    public bool Contains(MenuItemId id)
    {
        lock (Gate) return _items.ContainsKey(id);
    }

    public string? Create(MenuItemChanges item, MenuRules rules)
    {
        lock (Gate)
        {
            if (CreateProblem(item, rules, out var parent) is { } problem) return problem;
            var created = new MenuItem(item.Id!.Value)
            {
                Type = item.Type ?? MenuItem.Normal,
                Title = item.Title,
                Checked = item.Checked ?? false,
                Enabled = item.Enabled ?? true,
                Visible = item.Visible ?? true,
                // Chromium's default is the page; Firefox's everything, and a child without contexts takes its parent's.
                Contexts = item.Contexts is { } contexts ? Distinct(contexts)
                    : rules.Chromium ? PageOnly : parent?.Contexts ?? Everywhere,
                DocumentUrlPatterns = item.DocumentUrlPatterns?.ToArray(),
                TargetUrlPatterns = item.TargetUrlPatterns?.ToArray(),
            };
            Attach(created, parent);
            _items[created.Id] = created;
            // Chromium's menu manager: a checked top-level radio item unchecks its group; otherwise its group is sanitized.
            if (rules.Chromium && created.Type == MenuItem.Radio)
            {
                if (parent is null && created.Checked) SelectRadio(created);
                else SanitizeRadios(Siblings(created));
            }
            return null;
        }
    }

    private string? CreateProblem(MenuItemChanges item, MenuRules rules, out MenuItem? parent)
    {
        parent = null;
        var limits = rules.Limits;
        if (item.Id is not { } id)
            return rules.Chromium
                ? "Extensions using event pages or Service Workers must pass an id parameter to chrome.contextMenus.create"
                : "menus.create requires an id for non-persistent background scripts.";
        if (rules.Chromium)
        {
            if (_items.Count >= limits.MaxMenuItems) return $"An extension can create a maximum of {limits.MaxMenuItems} menu items.";
            if (_items.ContainsKey(id)) return $"Cannot create item with duplicate id {id}";
            if (rules.LazyBackground && item.HasOnClick)
                return "Extensions using event pages or Service Workers cannot pass an onclick parameter to chrome.contextMenus.create. " +
                       "Instead, use the chrome.contextMenus.onClicked event.";
            if (item.Contexts?.Contains("launcher") == true) return "Only packaged apps are allowed to use 'launcher' context";
            if (string.IsNullOrEmpty(item.Title) && item.Type != MenuItem.Separator) return "All menu items except for separators must have a title";
        }
        else
        {
            if (_items.ContainsKey(id)) return rules.LazyBackground ? $"The menu id {id} already exists in menus.create." : $"ID already exists: {id}";
            if (_items.Count >= limits.MaxMenuItems) return TooMany(limits);
        }
        if (PatternProblem(item, rules) is { } pattern) return pattern;
        if (item.ParentId is { } parentId && ParentProblem(parentId, rules, out parent) is { } missing) return missing;
        if ((parent?.Level ?? 0) + 1 > limits.MaxMenuDepth) return TooDeep(limits);
        if (MenuItem.SizeOf(id, item.Title, item.DocumentUrlPatterns, item.TargetUrlPatterns) > limits.MaxMenuItemBytes) return TooLarge(id, limits);
        return null;
    }

    public string? Update(MenuItemId id, MenuItemChanges changes, MenuRules rules)
    {
        lock (Gate)
        {
            if (!_items.TryGetValue(id, out var item)) return $"Cannot find menu item with id {id}";
            var type = changes.Type ?? item.Type;
            MenuItem? parent = null;
            if (rules.Chromium)
            {
                if (changes.Title == "" && type != MenuItem.Separator) return "All menu items except for separators must have a title";
                if (changes.Checked == true && type is not (MenuItem.Checkbox or MenuItem.Radio)) return "Only items with type \"radio\" or \"checkbox\" can be checked";
                if (changes.Contexts?.Contains("launcher") == true) return "Only packaged apps are allowed to use 'launcher' context";
                if (changes.ParentId is { } parentId)
                {
                    if (ParentProblem(parentId, rules, out parent) is { } missing) return missing;
                    // Chromium's menu manager refuses the move without saying why.
                    if (item.IsAncestorOrSelfOf(parent!)) return "";
                }
                if (PatternProblem(changes, rules) is { } pattern) return pattern;
            }
            else
            {
                if (changes.ParentId is { } parentId)
                {
                    if (ParentProblem(parentId, rules, out parent) is { } missing) return missing;
                    if (item.IsAncestorOrSelfOf(parent!)) return "MenuItem cannot be an ancestor (or self) of its new parent.";
                }
                if (PatternProblem(changes, rules) is { } pattern) return pattern;
            }
            var limits = rules.Limits;
            if (parent is not null && parent.Level + item.Height > limits.MaxMenuDepth) return TooDeep(limits);
            if (MenuItem.SizeOf(id, changes.Title ?? item.Title, changes.DocumentUrlPatterns ?? item.DocumentUrlPatterns,
                    changes.TargetUrlPatterns ?? item.TargetUrlPatterns) > limits.MaxMenuItemBytes) return TooLarge(id, limits);
            Apply(item, changes, parent, rules);
            return null;
        }
    }

    private void Apply(MenuItem item, MenuItemChanges changes, MenuItem? parent, MenuRules rules)
    {
        var formerSiblings = Siblings(item);
        item.Type = changes.Type ?? item.Type;
        if (changes.Title is { } title) item.Title = title;
        // Chromium keeps an unchecked radio item checked: a radio group always has one item checked.
        if (changes.Checked is { } isChecked && (!rules.Chromium || item.Type == MenuItem.Checkbox || isChecked)) item.Checked = isChecked;
        if (changes.Enabled is { } enabled) item.Enabled = enabled;
        if (changes.Visible is { } visible) item.Visible = visible;
        if (changes.Contexts is { } contexts) item.Contexts = Distinct(contexts);
        else if (!rules.Chromium && parent is not null) item.Contexts = parent.Contexts;
        if (changes.DocumentUrlPatterns is { } documentPatterns) item.DocumentUrlPatterns = documentPatterns.ToArray();
        if (changes.TargetUrlPatterns is { } targetPatterns) item.TargetUrlPatterns = targetPatterns.ToArray();
        if (parent is not null)
        {
            Detach(item);
            Attach(item, parent);
            // Chromium's menu manager sanitizes both radio groups a move touches.
            if (rules.Chromium)
            {
                SanitizeRadios(formerSiblings);
                SanitizeRadios(Siblings(item));
            }
        }
        // Then a checked radio item unchecks the rest of its group.
        if (rules.Chromium && item.Type == MenuItem.Radio && item.Checked) SelectRadio(item);
    }

    public string? Remove(MenuItemId id, MenuRules rules)
    {
        lock (Gate)
        {
            if (!_items.TryGetValue(id, out var item)) return $"Cannot find menu item with id {id}";
            var siblings = Siblings(item);
            Detach(item);
            Forget(item);
            if (rules.Chromium) SanitizeRadios(siblings);
            return null;
        }
    }

    public void RemoveAll()
    {
        lock (Gate)
        {
            _items.Clear();
            _roots.Clear();
        }
    }

    /// <summary>
    /// A user's click on the item, as the browser handles it before firing <c>onClicked</c>: a checkbox toggles, a radio
    /// item is checked and the rest of its group unchecked. An item a user could not click is refused with the reason.
    /// </summary>
    public MenuClick Click(MenuItemId id)
    {
        lock (Gate)
        {
            if (!_items.TryGetValue(id, out var item)) return new MenuClick($"the extension has no menu item with id {Quoted(id)}");
            if (item.Type == MenuItem.Separator) return new MenuClick($"menu item {Quoted(id)} is a separator: a user cannot click it");
            if (item.HasChildren) return new MenuClick($"menu item {Quoted(id)} opens a submenu: a user clicks the items in it");
            for (MenuItem? shown = item; shown is not null; shown = shown.Parent)
            {
                if (!shown.Visible) return new MenuClick($"menu item {Quoted(id)} is not visible{(shown == item ? "" : $" (its parent {Quoted(shown.Id)} is hidden)")}");
                if (!shown.Enabled) return new MenuClick($"menu item {Quoted(id)} is disabled{(shown == item ? "" : $" (its parent {Quoted(shown.Id)} is disabled)")}");
            }
            var wasChecked = item.Checked;
            if (item.Type == MenuItem.Checkbox) item.Checked = !wasChecked;
            else if (item.Type == MenuItem.Radio) SelectRadio(item);
            return new MenuClick(null, id, item.Parent?.Id, item.IsCheckable, wasChecked, item.Checked);
        }
    }

    private static string Quoted(MenuItemId id) => id.Text is null ? id.ToString() : JsonSerializer.Serialize(id.Text);

    /// <summary>The tree as <c>--menus</c> prints it: a JSON array of the top-level items, each with its children.</summary>
    public string ToJson()
    {
        lock (Gate)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartArray();
                foreach (var root in _roots) root.Write(writer);
                writer.WriteEndArray();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    private string? ParentProblem(MenuItemId parentId, MenuRules rules, out MenuItem? parent)
    {
        if (!_items.TryGetValue(parentId, out parent)) return $"Cannot find menu item with id {parentId}";
        if (rules.Chromium && parent.Type != MenuItem.Normal) return "Parent items must have type \"normal\"";
        return null;
    }

    private static string? PatternProblem(MenuItemChanges item, MenuRules rules)
    {
        foreach (var pattern in (item.DocumentUrlPatterns ?? []).Concat(item.TargetUrlPatterns ?? []))
            if (pattern != "<all_urls>" && MatchPattern.Problem(pattern) is not null)
                return rules.Chromium ? $"Invalid url pattern '{pattern}'" : $"Invalid url pattern: {pattern}";
        return null;
    }

    private static string TooMany(BrowserUiLimits limits) =>
        $"menus.create: the extension already has {limits.MaxMenuItems} menu items, the most it may ({BrowserUiLimits.MaxMenuItemsKey})";

    private static string TooDeep(BrowserUiLimits limits) =>
        $"menu items may nest at most {limits.MaxMenuDepth} levels deep ({BrowserUiLimits.MaxMenuDepthKey})";

    private static string TooLarge(MenuItemId id, BrowserUiLimits limits) =>
        $"menu item {Quoted(id)} holds more than {FileLimits.Bytes(limits.MaxMenuItemBytes)} of id, title and URL patterns ({BrowserUiLimits.MaxMenuItemBytesKey})";

    private static string[] Distinct(IReadOnlyList<string> values) => values.Distinct(StringComparer.Ordinal).ToArray();

    private List<MenuItem> Siblings(MenuItem item) => item.Parent is { } parent ? parent.Children ??= new() : _roots;

    private void Attach(MenuItem item, MenuItem? parent)
    {
        item.Parent = parent;
        (parent is null ? _roots : parent.Children ??= new()).Add(item);
    }

    private void Detach(MenuItem item)
    {
        var siblings = Siblings(item);
        siblings.Remove(item);
        if (item.Parent is { } parent && siblings.Count == 0) parent.Children = null;
        item.Parent = null;
    }

    /// <summary>Forgets the item and everything below it (an explicit stack: the tree is bounded, but no walk should need the .NET stack's depth).</summary>
    private void Forget(MenuItem item)
    {
        var pending = new Stack<MenuItem>();
        pending.Push(item);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            _items.Remove(next.Id);
            foreach (var child in next.Children ?? []) pending.Push(child);
        }
    }

    /// <summary>Checks a radio item and unchecks the radio items next to it: a group is a run of radio items among siblings.</summary>
    private void SelectRadio(MenuItem item)
    {
        var siblings = Siblings(item);
        var at = siblings.IndexOf(item);
        for (var i = at - 1; i >= 0 && siblings[i].Type == MenuItem.Radio; i--) siblings[i].Checked = false;
        for (var i = at + 1; i < siblings.Count && siblings[i].Type == MenuItem.Radio; i++) siblings[i].Checked = false;
        item.Checked = true;
    }

    /// <summary>Chromium's rule after every change: in each radio group the item checked last stays checked, or the first when none is.</summary>
    private static void SanitizeRadios(List<MenuItem> siblings)
    {
        for (var i = 0; i < siblings.Count;)
        {
            if (siblings[i].Type != MenuItem.Radio)
            {
                i++;
                continue;
            }
            var start = i;
            MenuItem? lastChecked = null;
            for (; i < siblings.Count && siblings[i].Type == MenuItem.Radio; i++)
            {
                if (siblings[i].Checked) lastChecked = siblings[i];
                siblings[i].Checked = false;
            }
            (lastChecked ?? siblings[start]).Checked = true;
        }
    }
}
