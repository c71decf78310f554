using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// Chromium's declarativeContent css matchers: every tab's document watches the rules' selectors and reports those that
/// match it, again after its DOM changes; a rule shows the button in the tabs whose document (and URL) fit it.
/// </summary>
public class DeclarativeContentCssSpec : RuntimeSpec
{
    private const string PasswordPage = "<!DOCTYPE html><html><body><form><input type='password' name='secret'></form></body></html>";
    private const string PlainPage = "<!DOCTYPE html><html><body><p>nothing to log into</p></body></html>";

    private static Dictionary<string, string> Extension(string rules) => new()
    {
        ["manifest.json"] = """
            { "manifest_version": 3, "name": "css rules", "version": "1.0", "permissions": ["declarativeContent", "tabs"],
              "background": { "scripts": ["background.js"] }, "action": { "default_title": "Rules" } }
            """,
        ["background.js"] = $$"""
            chrome.action.disable();
            chrome.runtime.onInstalled.addListener(() => {
              chrome.declarativeContent.onPageChanged.addRules({{rules}});
            });
            """,
    };

    private const string PasswordRule = """
        [{ id: 'password', conditions: [new chrome.declarativeContent.PageStateMatcher({ css: ["input[type='password']"] })],
           actions: [new chrome.declarativeContent.ShowAction()] }]
        """;

    [Fact]
    public async Task A_css_rule_shows_the_button_in_the_tabs_whose_page_has_a_matching_element()
    {
        var e = await Load(Extension(PasswordRule), Flavor.Chrome);
        await e.OpenAsync("tab:https://login.example/", pageHtml: PasswordPage);
        await e.OpenAsync("tab:https://blog.example/", pageHtml: PlainPage);
        await e.SettleAsync();
        Assert.True(e.Action(1).Enabled);
        Assert.False(e.Action(2).Enabled);
        Assert.Equal("the button is disabled in that tab", (await e.ClickActionAsync(2)).IgnoredBecause);
    }

    [Fact]
    public async Task A_page_adding_or_removing_a_matching_element_later_flips_the_button_after_the_mutation()
    {
        var e = await Load(Extension(PasswordRule), Flavor.Chrome);
        var label = await e.OpenAsync("tab:https://blog.example/", pageHtml: """
            <!DOCTYPE html><html><body><script>
              setTimeout(() => { const field = document.createElement('input'); field.type = 'password'; document.body.append(field); }, 1000);
            </script></body></html>
            """);
        await e.SettleAsync();
        Assert.False(e.Action(1).Enabled);
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(999));
        Assert.False(e.Action(1).Enabled);
        // The page's own script adds the field: the document is checked again after the mutation.
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.True(e.Action(1).Enabled);
        // An attribute change counts too: the field is no password field any more.
        await e.EvaluateAsync(label, "document.querySelector('input').type = 'text'");
        await e.SettleAsync();
        Assert.False(e.Action(1).Enabled);
        await e.EvaluateAsync(label, "document.querySelector('input').type = 'password'");
        await e.SettleAsync();
        Assert.True(e.Action(1).Enabled);
        await e.EvaluateAsync(label, "document.querySelector('input').remove()");
        await e.SettleAsync();
        Assert.False(e.Action(1).Enabled);
    }

    [Fact]
    public async Task Removing_the_rule_hides_the_button_and_rules_added_later_are_checked_in_the_open_tabs()
    {
        var e = await Load(Extension(PasswordRule), Flavor.Chrome);
        await e.OpenAsync("tab:https://login.example/", pageHtml: PasswordPage);
        await e.SettleAsync();
        Assert.True(e.Action(1).Enabled);
        await e.EvaluateAsync("background", "await chrome.declarativeContent.onPageChanged.removeRules(['password'])");
        await e.SettleAsync();
        Assert.False(e.Action(1).Enabled);
        await e.EvaluateAsync("background", """
            await chrome.declarativeContent.onPageChanged.addRules([{ conditions: [new chrome.declarativeContent.PageStateMatcher({ css: ['form'] })],
              actions: [new chrome.declarativeContent.ShowAction()] }])
            """);
        await e.SettleAsync();
        Assert.True(e.Action(1).Enabled);
    }

    [Fact]
    public async Task A_navigation_drops_what_the_document_it_left_matched()
    {
        var e = await Load(Extension(PasswordRule), Flavor.Chrome);
        await e.OpenAsync("tab:https://login.example/", pageHtml: PasswordPage);
        await e.SettleAsync();
        Assert.True(e.Action(1).Enabled);
        // The new page is the runtime's empty one: no password field in it.
        await e.EvaluateAsync("background", "await chrome.tabs.update(1, { url: 'https://login.example/done' })");
        await e.SettleAsync();
        Assert.False(e.Action(1).Enabled);
    }

    [Fact]
    public async Task A_matcher_with_page_url_and_css_needs_both()
    {
        var e = await Load(Extension("""
            [{ conditions: [new chrome.declarativeContent.PageStateMatcher({ pageUrl: { hostSuffix: 'login.example' }, css: ["input[type='password']"] })],
               actions: [new chrome.declarativeContent.ShowAction()] }]
            """), Flavor.Chrome);
        await e.OpenAsync("tab:https://www.login.example/", pageHtml: PasswordPage);
        await e.OpenAsync("tab:https://elsewhere.example/", pageHtml: PasswordPage);
        await e.OpenAsync("tab:https://www.login.example/about", pageHtml: PlainPage);
        await e.SettleAsync();
        Assert.True(e.Action(1).Enabled);
        Assert.False(e.Action(2).Enabled);
        Assert.False(e.Action(3).Enabled);
    }

    [Fact]
    public async Task A_tab_without_content_scripts_gets_a_document_to_watch_the_selectors_in()
    {
        var e = await Load(Extension("""
            [{ conditions: [new chrome.declarativeContent.PageStateMatcher({ css: ['body'] })], actions: [new chrome.declarativeContent.ShowAction()] },
             { conditions: [new chrome.declarativeContent.PageStateMatcher({ css: ['video'] })], actions: [new chrome.declarativeContent.SetIcon({ imageData: {} })] }]
            """), Flavor.Chrome);
        var id = await e.EvaluateAsync("background", "(await chrome.tabs.create({ url: 'https://news.example/' })).id");
        await e.SettleAsync();
        var look = e.Action(int.Parse(id));
        Assert.True(look.Enabled);
        // The page the runtime makes for the tab has no video: the other rule's icon is not set.
        Assert.NotEqual("imageData", look.Icon);
    }

    [Fact]
    public async Task Selectors_that_are_not_compound_are_refused_as_chromium_refuses_them()
    {
        var e = await Load(Extension("[]"), Flavor.Chrome);
        Assert.Equal("\"Element of 'css' array must be a list of valid compound selectors: form input\"", await e.EvaluateAsync("background",
            "(() => { try { new chrome.declarativeContent.PageStateMatcher({ css: ['form input'] }); return 'made'; } catch (e) { return e.message; } })()"));
        Assert.Equal("\"Element of 'css' array must be a list of valid compound selectors: input[\"", await e.EvaluateAsync("background",
            "(() => { try { new chrome.declarativeContent.PageStateMatcher({ css: ['input['] }); return 'made'; } catch (e) { return e.message; } })()"));
        Assert.Equal("\"made\"", await e.EvaluateAsync("background",
            "new chrome.declarativeContent.PageStateMatcher({ css: ['input.login:not(.hidden)', 'video, audio'] }) && 'made'"));
        Assert.Equal("\"Attribute 'css' has an invalid type\"", await e.EvaluateAsync("background", """
            await chrome.declarativeContent.onPageChanged.addRules([{ conditions: [{ instanceType: 'declarativeContent.PageStateMatcher', css: 'input' }],
              actions: [new chrome.declarativeContent.ShowAction()] }]).then(() => 'added', e => e.message)
            """));
    }

    [Fact]
    public async Task The_selectors_an_extension_watches_are_bounded()
    {
        var e = await Load(Extension("[]"), Flavor.Chrome);
        // A matcher built by hand reaches addRules, which refuses it.
        var tooMany = await e.EvaluateAsync("background", """
            await chrome.declarativeContent.onPageChanged.addRules([{
              conditions: [{ instanceType: 'declarativeContent.PageStateMatcher', css: Array.from({ length: 101 }, (_, i) => '.c' + i) }],
              actions: [new chrome.declarativeContent.ShowAction()] }]).then(() => 'added', e => e.message)
            """);
        Assert.Contains("actorruntime.declarative-content.max-css-selectors", tooMany);
        var tooLong = await e.EvaluateAsync("background", """
            await chrome.declarativeContent.onPageChanged.addRules([{
              conditions: [{ instanceType: 'declarativeContent.PageStateMatcher', css: ['.' + 'a'.repeat(1000)] }],
              actions: [new chrome.declarativeContent.ShowAction()] }]).then(() => 'added', e => e.message)
            """);
        Assert.Contains("actorruntime.declarative-content.max-selector-length", tooLong);
        Assert.Equal("0", await e.EvaluateAsync("background", "(await chrome.declarativeContent.onPageChanged.getRules()).length"));
    }

    [Fact]
    public async Task The_PageStateMatcher_constructor_refuses_a_css_list_past_the_limits_naming_the_key()
    {
        var e = await Load(Extension("[]"), Flavor.Chrome);
        var tooLong = await e.EvaluateAsync("background",
            "(() => { try { new chrome.declarativeContent.PageStateMatcher({ css: ['.' + 'a'.repeat(1000)] }); return 'made'; } catch (e) { return e.message; } })()");
        Assert.Contains("longer than the", tooLong);
        Assert.Contains("(actorruntime.declarative-content.max-selector-length)", tooLong);
        var tooMany = await e.EvaluateAsync("background",
            "(() => { try { new chrome.declarativeContent.PageStateMatcher({ css: Array.from({ length: 101 }, (_, i) => '.c' + i) }); return 'made'; } catch (e) { return e.message; } })()");
        Assert.Contains("(actorruntime.declarative-content.max-css-selectors)", tooMany);
    }
}
