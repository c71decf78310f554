using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// The runtime shares each namespace's member list between contexts (<c>actorruntime.api.shared-surface-lists</c>); a
/// list made for one flavour never serves another, whose schema entries differ (Chromium's enum types).
/// </summary>
public class SharedApiListsSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension() =>
        new(Manifests.Standard(Manifests.PersistentScripts, "", "\"permissions\": [\"idle\"],"));

    [Fact]
    public async Task An_enum_type_keeps_its_own_flavours_values_whichever_flavour_made_the_namespace_first()
    {
        const string states = "typeof chrome.idle.IdleState === 'object' ? Object.values(chrome.idle.IdleState).join(',') : typeof chrome.idle.IdleState";
        var firefox = await Load(Extension(), Flavor.Firefox);
        var firefoxStates = await firefox.EvaluateAsync("background", states);
        var chrome = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("\"active,idle,locked\"", await chrome.EvaluateAsync("background", states));
        Assert.DoesNotContain("locked", firefoxStates);
        var firefoxAgain = await Load(Extension(), Flavor.Firefox);
        Assert.Equal(firefoxStates, await firefoxAgain.EvaluateAsync("background", states));
    }
}
