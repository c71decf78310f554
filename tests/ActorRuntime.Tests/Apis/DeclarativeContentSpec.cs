using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>Chromium's declarativeContent: rules whose page matchers fit a tab's URL show the toolbar button there, as the tab navigates.</summary>
public class DeclarativeContentSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension() => new()
    {
        ["manifest.json"] = """
            { "manifest_version": 3, "name": "rules", "version": "1.0", "permissions": ["declarativeContent"],
              "background": { "scripts": ["background.js"] }, "action": { "default_title": "Rules" } }
            """,
        ["background.js"] = """
            chrome.action.disable();
            chrome.runtime.onInstalled.addListener(() => {
              chrome.declarativeContent.onPageChanged.removeRules(undefined, () => {
                chrome.declarativeContent.onPageChanged.addRules([{
                  id: 'docs',
                  conditions: [new chrome.declarativeContent.PageStateMatcher({ pageUrl: { hostEquals: 'example.com', pathPrefix: '/docs' } })],
                  actions: [new chrome.declarativeContent.ShowAction()],
                }, {
                  conditions: [new chrome.declarativeContent.PageStateMatcher({ pageUrl: { hostSuffix: 'other.example' }, css: ['video'] })],
                  actions: [new chrome.declarativeContent.ShowAction()],
                }]);
              });
            });
            """,
    };

    [Fact]
    public async Task A_matching_rule_enables_the_disabled_button_in_its_tab_as_the_tab_navigates()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/docs/intro");
        await e.OpenAsync("tab:https://other.example/");
        Assert.True(e.Action(1).Enabled);
        // The css matcher needs a video in the tab's document, which has none.
        Assert.False(e.Action(2).Enabled);
        Assert.Equal("the button is disabled in that tab", (await e.ClickActionAsync(2)).IgnoredBecause);
        await e.EvaluateAsync("background", "await chrome.tabs.update(1, { url: 'https://example.com/blog' })");
        Assert.False(e.Action(1).Enabled);
        Assert.Equal("[[\"docs\",100],[\"_1_\",100]]", await e.EvaluateAsync("background",
            "(await chrome.declarativeContent.onPageChanged.getRules()).map(r => [r.id, r.priority])"));
        Assert.Equal("\"Duplicate rule ID: docs\"", await e.EvaluateAsync("background",
            "await chrome.declarativeContent.onPageChanged.addRules([{ id: 'docs', conditions: [], actions: [] }]).then(() => 'ok', e => e.message)"));
        await e.EvaluateAsync("background", "await chrome.declarativeContent.onPageChanged.removeRules(['docs'])");
        await e.EvaluateAsync("background", "await chrome.tabs.update(1, { url: 'https://example.com/docs/again' })");
        Assert.False(e.Action(1).Enabled);
    }
}
