using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary><c>run</c>'s browser steps: <c>--menus</c> prints the menu tree, <c>--menu-click</c> clicks an item; notifications on the console.</summary>
public class BrowserUiStepsSpec : IDisposable
{
    private readonly List<ExtensionFolder> _folders = new();
    private readonly List<string> _files = new();

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    private const string Background = """
        chrome.contextMenus.create({ id: 'root', title: 'Root' });
        chrome.contextMenus.create({ id: 'mark', title: 'Mark', type: 'checkbox', parentId: 'root', contexts: ['selection'] });
        chrome.contextMenus.onClicked.addListener((info, tab) => {
          console.log('clicked ' + JSON.stringify(info) + ' in ' + JSON.stringify(tab));
          chrome.notifications.create('note', { type: 'basic', iconUrl: 'i.png', title: 'Marked', message: info.selectionText || 'nothing selected' });
          return info.checked;
        });
        """;

    private ExtensionFolder Extension()
    {
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, Background, "\"permissions\": [\"contextMenus\", \"notifications\"],"));
        _folders.Add(folder);
        return folder;
    }

    [Fact]
    public async Task Menus_prints_the_tree_and_menu_click_fires_onClicked_as_Chromium_does()
    {
        var (code, output, error) = await Run("run", Extension().Path, "--flavor", "chrome", "--menus",
            "--menu-click", "mark", """{"selectionText":"some words","tab":{"id":4}}""", "--menus");
        Assert.Equal("", error);
        Assert.Equal("""
            [runtime] menus: [{"id":"root","title":"Root","contexts":["page"],"children":[{"id":"mark","title":"Mark","type":"checkbox","contexts":["selection"],"checked":false,"children":[]}]}]
            [background] clicked {"menuItemId":"mark","parentMenuItemId":"root","selectionText":"some words","editable":false,"wasChecked":false,"checked":true} in {"id":4}
            [runtime] notification note: Marked - some words
            [runtime] menu-click mark => [true]
            [runtime] menus: [{"id":"root","title":"Root","contexts":["page"],"children":[{"id":"mark","title":"Mark","type":"checkbox","contexts":["selection"],"checked":true,"children":[]}]}]

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Firefox_gives_a_plain_left_click_and_no_tab_when_the_host_names_none()
    {
        var (code, output, error) = await Run("run", Extension().Path, "--flavor", "firefox", "--menu-click", "mark");
        Assert.Equal("", error);
        Assert.Contains("""[background] clicked {"menuItemId":"mark","parentMenuItemId":"root","editable":false,"modifiers":[],"button":0,"wasChecked":false,"checked":true} in undefined""", output);
        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("nope", null, "error: --menu-click nope: the extension has no menu item with id \"nope\"\n")]
    [InlineData("root", null, "error: --menu-click root: menu item \"root\" opens a submenu: a user clicks the items in it\n")]
    [InlineData("mark", "[1]", "error: --menu-click mark [1]: expected a JSON object of click info, such as {\"pageUrl\":\"https://example.com/\"}\n")]
    public async Task A_click_a_user_could_not_make_fails_with_one_line(string id, string? info, string expected)
    {
        string[] click = info is null ? ["--menu-click", id] : ["--menu-click", id, info];
        var (code, _, error) = await Run(["run", Extension().Path, .. click]);
        Assert.Equal(expected, error);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task A_script_file_clicks_with_or_without_info()
    {
        var script = Path.Combine(Path.GetTempPath(), "actorruntime-tests", Guid.NewGuid().ToString("N") + ".txt");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.WriteAllText(script, """
            --menu-click mark {"selectionText": "first"}
            --menu-click mark
            --menus
            """);
        _files.Add(script);
        var (code, output, error) = await Run("run", Extension().Path, "--flavor", "chrome", "--script", script);
        Assert.Equal("", error);
        Assert.Contains("[runtime] notification note: Marked - first", output);
        Assert.Contains("[runtime] menu-click mark => [true]\n", output);
        Assert.Contains("[runtime] menu-click mark => [false]\n", output);
        Assert.Contains("[runtime] notification note: Marked - nothing selected", output);
        Assert.Contains("\"checked\":false,\"children\":[]}]}]", output);
        Assert.Equal(0, code);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
        foreach (var file in _files) File.Delete(file);
        GC.SuppressFinalize(this);
    }
}
