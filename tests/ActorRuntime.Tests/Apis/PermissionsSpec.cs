using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>permissions</c>: what is held, optional permissions requested (the host's policy answers) and removed, and the surface following them.</summary>
public class PermissionsSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension() => Manifests.Standard(Manifests.PersistentScripts, """
        browser.permissions.onAdded.addListener(p => console.log('added ' + JSON.stringify(p)));
        browser.permissions.onRemoved.addListener(p => console.log('removed ' + JSON.stringify(p)));
        """, "\"permissions\": [\"storage\", \"tabs\", \"https://example.com/*\"], \"optional_permissions\": [\"cookies\", \"https://optional.example/*\"],");

    [Fact]
    public async Task A_granted_request_adds_the_namespace_in_every_context_and_fires_onAdded()
    {
        var e = await Load(Extension());
        await e.OpenAsync("popup");
        Assert.Equal("[\"undefined\",{\"permissions\":[\"storage\",\"tabs\"],\"origins\":[\"https://example.com/*\"]},false]", await e.EvaluateAsync("popup",
            "[typeof browser.cookies, await browser.permissions.getAll(), await browser.permissions.contains({ permissions: ['cookies'] })]"));
        // The namespace is there as soon as the request's promise settles.
        Assert.Equal("\"function\"", await e.EvaluateAsync("popup",
            "await browser.permissions.request({ permissions: ['cookies'], origins: ['https://optional.example/*'] }) && typeof browser.cookies.getAll"));
        await e.SettleAsync();
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
        Assert.Equal($"\"{message}\"", await e.EvaluateAsync("background", "await browser.permissions.request({ permissions: ['history'] }).catch(e => e.message)"));
    }

    [Fact]
    public async Task A_denying_policy_answers_false_and_grants_nothing()
    {
        var e = await Load(Extension(), Options(Flavor.Firefox) with { GrantPermissionRequests = false });
        Assert.Equal("[false,\"undefined\"]", await e.EvaluateAsync("background",
            "[await browser.permissions.request({ permissions: ['cookies'] }), typeof browser.cookies]"));
    }

    [Fact]
    public async Task Chromium_refuses_to_remove_required_permissions()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("\"You cannot remove required permissions.\"", await e.EvaluateAsync("background",
            "await chrome.permissions.remove({ permissions: ['tabs'] }).catch(e => e.message)"));
    }
}
