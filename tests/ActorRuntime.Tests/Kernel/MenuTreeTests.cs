using ActorRuntime.Kernel;

namespace ActorRuntime.Tests.Kernel;

/// <summary>The menu tree as a plain state machine: moves, removals, radio groups and the runtime's own limits.</summary>
public class MenuTreeTests
{
    private static readonly MenuRules Firefox = new(Chromium: false, LazyBackground: false, BrowserUiLimits.Default);
    private static readonly MenuRules Chromium = new(Chromium: true, LazyBackground: false, BrowserUiLimits.Default);

    private static MenuItemChanges Item(string id, string? parent = null, string type = MenuItem.Normal, bool? isChecked = null) => new()
    {
        Id = MenuItemId.Named(id),
        ParentId = parent is null ? null : MenuItemId.Named(parent),
        Type = type,
        Title = id,
        Checked = isChecked,
    };

    [Fact]
    public void Removing_an_item_forgets_its_whole_submenu()
    {
        var tree = new MenuTree();
        Assert.Null(tree.Create(Item("a"), Firefox));
        Assert.Null(tree.Create(Item("b", "a"), Firefox));
        Assert.Null(tree.Create(Item("c", "b"), Firefox));
        Assert.Null(tree.Create(Item("d"), Firefox));
        Assert.Null(tree.Remove(MenuItemId.Named("a"), Firefox));
        Assert.Equal(1, tree.Count);
        Assert.False(tree.Contains(MenuItemId.Named("c")));
        Assert.Equal("Cannot find menu item with id c", tree.Remove(MenuItemId.Named("c"), Firefox));
    }

    [Fact]
    public void A_move_keeps_the_whole_submenu_within_the_depth_limit()
    {
        var rules = Firefox with { Limits = BrowserUiLimits.Default with { MaxMenuDepth = 3 } };
        var tree = new MenuTree();
        tree.Create(Item("a"), rules);
        tree.Create(Item("b", "a"), rules);
        tree.Create(Item("x"), rules);
        tree.Create(Item("y", "x"), rules);
        // x's submenu is two levels high: under b (level 2) it would reach level 4.
        Assert.Equal("menu items may nest at most 3 levels deep (actorruntime.menus.max-depth)",
            tree.Update(MenuItemId.Named("x"), new MenuItemChanges { ParentId = MenuItemId.Named("b") }, rules));
        Assert.Null(tree.Update(MenuItemId.Named("x"), new MenuItemChanges { ParentId = MenuItemId.Named("a") }, rules));
        Assert.Equal("""[{"id":"a","title":"a","contexts":["all"],"children":[{"id":"b","title":"b","contexts":["all"],"children":[]},{"id":"x","title":"x","contexts":["all"],"children":[{"id":"y","title":"y","contexts":["all"],"children":[]}]}]}]""",
            tree.ToJson());
    }

    [Fact]
    public void What_one_item_holds_is_bounded()
    {
        var rules = Firefox with { Limits = BrowserUiLimits.Default with { MaxMenuItemBytes = 64 } };
        var tree = new MenuTree();
        Assert.Null(tree.Create(Item("short"), rules));
        Assert.Equal("menu item \"long\" holds more than 64 bytes of id, title and URL patterns (actorruntime.menus.max-item-size)",
            tree.Create(Item("long") with { Title = new string('t', 40) }, rules));
        Assert.StartsWith("menu item \"short\" holds more than 64 bytes",
            tree.Update(MenuItemId.Named("short"), new MenuItemChanges { DocumentUrlPatterns = ["https://" + new string('p', 30) + ".com/*"] }, rules));
    }

    [Fact]
    public void Chromium_keeps_one_radio_item_checked_in_each_group_when_one_goes()
    {
        var tree = new MenuTree();
        tree.Create(Item("r1", type: MenuItem.Radio), Chromium);
        tree.Create(Item("r2", type: MenuItem.Radio, isChecked: true), Chromium);
        tree.Remove(MenuItemId.Named("r2"), Chromium);
        Assert.Contains("\"id\":\"r1\",\"title\":\"r1\",\"type\":\"radio\",\"contexts\":[\"page\"],\"checked\":true", tree.ToJson());
    }

    [Fact]
    public void Firefox_leaves_radio_groups_as_the_extension_set_them_until_a_click()
    {
        var tree = new MenuTree();
        tree.Create(Item("r1", type: MenuItem.Radio, isChecked: true), Firefox);
        tree.Create(Item("r2", type: MenuItem.Radio, isChecked: true), Firefox);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(tree.ToJson(), "\"checked\":true"));
        var click = tree.Click(MenuItemId.Named("r1"));
        Assert.Equal((true, true), (click.WasChecked, click.Checked));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(tree.ToJson(), "\"checked\":true"));
    }

    [Fact]
    public void An_item_under_a_hidden_parent_cannot_be_clicked()
    {
        var tree = new MenuTree();
        tree.Create(Item("p") with { Visible = false }, Firefox);
        tree.Create(Item("c", "p"), Firefox);
        Assert.Equal("menu item \"c\" is not visible (its parent \"p\" is hidden)", tree.Click(MenuItemId.Named("c")).Problem);
    }

    [Fact]
    public void A_generated_id_and_the_same_digits_as_a_string_are_two_items()
    {
        var tree = new MenuTree();
        var generated = tree.NextGeneratedId();
        Assert.Null(tree.Create(new MenuItemChanges { Id = generated, Title = "generated" }, Firefox));
        Assert.Null(tree.Create(new MenuItemChanges { Id = MenuItemId.Named("1"), Title = "named" }, Firefox));
        Assert.Equal("""[{"id":1,"title":"generated","contexts":["all"],"children":[]},{"id":"1","title":"named","contexts":["all"],"children":[]}]""", tree.ToJson());
    }
}
