using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>permissions</c>: what is held, optional permissions requested (the host's policy answers) and removed, and the surface following them.</summary>
public class PermissionsSpec : RuntimeSpec
{
    // A request needs the user's input: a click on the toolbar button asks for what the test put in globalThis.ask.
    private static Dictionary<string, string> Extension()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, """
            browser.permissions.onAdded.addListener(p => console.log('added ' + JSON.stringify(p)));
            browser.permissions.onRemoved.addListener(p => console.log('removed ' + JSON.stringify(p)));
            browser.browserAction.onClicked.addListener(() => browser.permissions.request(globalThis.ask).then(String, e => e.message));
            """, "\"permissions\": [\"storage\", \"tabs\", \"https://example.com/*\"], \"optional_permissions\": [\"cookies\", \"https://optional.example/*\"],");
        files["popup.html"] = "<!doctype html><button id=ask>ask</button><script src=popup.js></script>";
        files["popup.js"] = "document.querySelector('#ask').onclick = () => { globalThis.asked = browser.permissions.request({ permissions: ['cookies'] }).then(String, e => e.message); };";
        return files;
    }

    private static async Task<string> Ask(LoadedExtension e, string permissions)
    {
        await e.EvaluateAsync("background", $"void (globalThis.ask = {permissions})");
        return await e.FireAsync("browserAction.onClicked", "[{}]");
    }

    [Fact]
    public async Task A_granted_request_adds_the_namespace_in_every_context_and_fires_onAdded()
    {
        var e = await Load(Extension());
        await e.OpenAsync("popup");
        Assert.Equal("[\"undefined\",{\"permissions\":[\"storage\",\"tabs\"],\"origins\":[\"https://example.com/*\"]},false]", await e.EvaluateAsync("popup",
            "[typeof browser.cookies, await browser.permissions.getAll(), await browser.permissions.contains({ permissions: ['cookies'] })]"));
        Assert.Equal("[\"true\"]", await Ask(e, "{ permissions: ['cookies'], origins: ['https://optional.example/*'] }"));
        await e.SettleAsync();
        Assert.Equal("\"function\"", await e.EvaluateAsync("popup", "typeof browser.cookies.getAll"));
        Assert.Contains("added {\"permissions\":[\"cookies\"],\"origins\":[\"https://optional.example/*\"]}", Lines("background"));
        Assert.Equal("[\"object\",\"function\",true]", await e.EvaluateAsync("background",
            "[typeof browser.cookies, typeof browser.cookies.getAll, await browser.permissions.contains({ permissions: ['cookies'] })]"));
        Assert.Equal("true", await e.EvaluateAsync("popup", "await browser.permissions.remove({ permissions: ['cookies'] })"));
        await e.SettleAsync();
        Assert.Contains("removed {\"permissions\":[\"cookies\"],\"origins\":[]}", Lines("background"));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof browser.cookies"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "Cannot request permission history since it was not declared in optional_permissions")]
    [InlineData(Flavor.Chrome, "Only permissions specified in the manifest may be requested.")]
    public async Task What_the_manifest_did_not_declare_cannot_be_requested(Flavor flavor, string message)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal($"[\"{message}\"]", await Ask(e, "{ permissions: ['history'] }"));
    }

    [Fact]
    public async Task A_denying_policy_answers_false_and_grants_nothing()
    {
        var e = await Load(Extension(), Options(Flavor.Firefox) with { GrantPermissionRequests = false });
        Assert.Equal("[\"false\"]", await Ask(e, "{ permissions: ['cookies'] }"));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof browser.cookies"));
    }

    [Fact]
    public async Task A_member_a_granted_permission_adds_appears_in_a_namespace_first_looked_up_after_the_grant()
    {
        var files = Extension();
        files["manifest.json"] = files["manifest.json"].Replace("\"optional_permissions\": [\"cookies\"", "\"optional_permissions\": [\"nativeMessaging\", \"cookies\"");
        var e = await Load(files);
        await e.OpenAsync("popup");
        // Contexts with the same access share the lists of what they see: the background's runtime, seen before the grant,
        // must not be what the popup sees after it (runtime.connectNative needs nativeMessaging).
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof browser.runtime.connectNative"));
        Assert.Equal("\"object\"", await e.EvaluateAsync("popup", "typeof browser.tabs"));
        Assert.Equal("[\"true\"]", await Ask(e, "{ permissions: ['nativeMessaging'] }"));
        Assert.Equal("\"function\"", await e.EvaluateAsync("popup", "typeof browser.runtime.connectNative"));
        Assert.Equal("true", await e.EvaluateAsync("popup", "await browser.permissions.remove({ permissions: ['nativeMessaging'] })"));
        await e.OpenAsync("options");
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("options", "typeof browser.runtime.connectNative"));
    }

    [Fact]
    public async Task Chromium_refuses_to_remove_required_permissions()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("\"You cannot remove required permissions.\"", await e.EvaluateAsync("background",
            "await chrome.permissions.remove({ permissions: ['tabs'] }).catch(e => e.message)"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "permissions.request may only be called from a user input handler")]
    [InlineData(Flavor.Chrome, "This function must be called during a user gesture")]
    public async Task A_request_outside_the_users_input_is_refused(Flavor flavor, string message)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal($"[\"{message}\",\"undefined\"]", await e.EvaluateAsync("background",
            "[await browser.permissions.request({ permissions: ['cookies'] }).catch(e => e.message), typeof browser.cookies]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "\"permissions.request may only be called from a user input handler\"")]
    [InlineData(Flavor.Chrome, "\"true\"")]
    public async Task A_click_in_a_page_is_the_users_input_and_only_Chromium_keeps_it_past_an_await(Flavor flavor, string afterAwait)
    {
        var e = await Load(Extension(), flavor);
        await e.OpenAsync("popup");
        await e.ActAsync("popup", new PageAction(PageActionKind.Click, "#ask", null));
        Assert.Equal("\"true\"", await e.EvaluateAsync("popup", "await asked"));
        // The same request a moment after the click, past an await: Firefox's handling has ended, Chromium's activation lasts.
        await e.EvaluateAsync("popup", "void (document.querySelector('#ask').onclick = () => { globalThis.asked = Promise.resolve().then(() => browser.permissions.request({ permissions: ['cookies'] })).then(String, e => e.message); })");
        await e.ActAsync("popup", new PageAction(PageActionKind.Click, "#ask", null));
        Assert.Equal(afterAwait, await e.EvaluateAsync("popup", "await asked"));
    }
}
