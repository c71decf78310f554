using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary><c>run</c>'s browser steps: tabs opened into the browser's window, and --action-click / --action on the toolbar button.</summary>
public class BrowserStepsSpec : IDisposable
{
    private readonly List<ExtensionFolder> _folders = new();

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    private ExtensionFolder Extension(string button)
    {
        var folder = new ExtensionFolder(new Dictionary<string, string>
        {
            ["manifest.json"] = $$"""
                { "manifest_version": 2, "name": "steps", "version": "1.0", "permissions": ["tabs"],
                  "background": { "scripts": ["background.js"] }, {{button}} }
                """,
            ["background.js"] = """
                browser.browserAction.onClicked.addListener(async tab => {
                  await browser.browserAction.setBadgeText({ text: String(tab.id), tabId: tab.id });
                  console.log('clicked in ' + tab.url);
                });
                """,
            ["popup.html"] = ExtensionFolder.Html(),
        });
        _folders.Add(folder);
        return folder;
    }

    [Fact]
    public async Task Action_click_fires_onClicked_in_the_active_tab_or_the_one_named_and_action_prints_the_button()
    {
        var folder = Extension("\"browser_action\": { \"default_title\": \"Steps\" }");
        var (code, output, error) = await Run("run", folder.Path, "--open", "tab:https://example.com/a", "--open", "tab:https://example.com/b",
            "--action-click", "--action", "--action-click", "1", "--action", "1", "--in", "background",
            "--eval", "(await browser.tabs.query({})).map(t => t.id + (t.active ? '*' : ''))");
        Assert.Equal("", error);
        Assert.Equal("""
            [background] clicked in https://example.com/b
            [runtime] browserAction.onClicked => [null]
            [runtime] action: {"title":"Steps","badge":"2","popup":null,"enabled":true}
            [background] clicked in https://example.com/a
            [runtime] browserAction.onClicked => [null]
            [runtime] action: {"title":"Steps","badge":"1","popup":null,"enabled":true}
            [background] => ["1","2*"]

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Action_click_opens_the_popup_which_later_steps_evaluate_in()
    {
        var folder = Extension("\"browser_action\": { \"default_popup\": \"popup.html\" }");
        var (code, output, error) = await Run("run", folder.Path, "--open", "tab:https://example.com/", "--action-click", "--eval", "location.pathname");
        Assert.Equal("", error);
        Assert.Equal("[runtime] browserAction click => opened popup\n[popup] => \"/popup.html\"\n", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_click_with_no_tab_or_a_tab_id_that_is_no_number_is_one_line_of_bad_input()
    {
        var folder = Extension("\"browser_action\": {}");
        var (code, _, error) = await Run("run", folder.Path, "--action-click");
        Assert.Equal((2, "error: cannot click the toolbar button: the browser has no tab open (open one first, e.g. with tab:<url>)\n"), (code, error));
        (code, _, error) = await Run("run", folder.Path, "--action-click", "first");
        Assert.Equal(2, code);
        Assert.Equal("error: --action-click first: expected a tab id (a number) or nothing (the active tab)\n", error);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
    }
}
