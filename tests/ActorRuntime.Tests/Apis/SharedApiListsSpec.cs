using ActorRuntime.Kernel;
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

    [Fact]
    public async Task Contexts_sharing_a_root_list_see_only_what_their_own_permissions_allow()
    {
        const string seen = "[typeof browser.idle, typeof browser.alarms]";
        var idle = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("""["object","undefined"]""", await idle.EvaluateAsync("background", seen));
        var alarms = await Load(Manifests.Standard(Manifests.PersistentScripts, "", "\"permissions\": [\"alarms\"],"), Flavor.Firefox);
        Assert.Equal("""["undefined","object"]""", await alarms.EvaluateAsync("background", seen));
        // The same permissions again: the same list, the same answer; and the first extension's popup as its background.
        var idleAgain = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("""["object","undefined"]""", await idleAgain.EvaluateAsync("background", seen));
        await idle.OpenAsync("popup");
        Assert.Equal("""["object","undefined"]""", await idle.EvaluateAsync("popup", seen));
    }

    [Fact]
    public void An_access_signature_tells_apart_what_reads_the_same_when_joined()
    {
        IReadOnlySet<string> none = new HashSet<string>();
        var manifest = ActorRuntime.Manifest.ExtensionPackage.Load(Folder(Extension()).Path).Manifest;
        string Signature(IReadOnlyList<string> keys, IReadOnlySet<string> granted) =>
            new ActorRuntime.Apis.Schema.ApiAccess(manifest with { Keys = keys }, isContentScript: false, () => granted).NamespaceSignature();

        // A manifest key may hold any character: two keys must not read as one key holding their join.
        Assert.NotEqual(Signature(["action", "x"], none), Signature(["action\nx"], none));
        Assert.NotEqual(Signature(["a"], new HashSet<string> { "b" }), Signature(["a", "b"], none));
        Assert.Equal(Signature(["b", "a"], new HashSet<string> { "tabs", "idle" }), Signature(["a", "b"], new HashSet<string> { "idle", "tabs" }));
    }

    [Fact]
    public void A_manifests_grant_is_worked_out_once_and_signs_as_the_same_permissions_given_anew()
    {
        var manifest = ActorRuntime.Manifest.ExtensionPackage.Load(Folder(Manifests.Standard(Manifests.PersistentScripts, "", "\"permissions\": [\"idle\", \"alarms\"],")).Path).Manifest;
        var kept = ActorRuntime.Apis.Schema.ApiAccess.GrantedBy(manifest, Flavor.Firefox);
        Assert.Same(kept, ActorRuntime.Apis.Schema.ApiAccess.GrantedBy(manifest, Flavor.Mdn));
        Assert.NotSame(kept, ActorRuntime.Apis.Schema.ApiAccess.GrantedBy(manifest, Flavor.Chrome));
        Assert.Equal(["alarms", "idle"], kept.Order(StringComparer.Ordinal));
        string Signature(IReadOnlySet<string> granted) =>
            new ActorRuntime.Apis.Schema.ApiAccess(manifest, isContentScript: false, () => granted).NamespaceSignature();
        // The kept part of the signature reads as the one made from an equal set; another set signs otherwise.
        Assert.Equal(Signature(new HashSet<string> { "idle", "alarms" }), Signature(kept));
        Assert.NotEqual(Signature(new HashSet<string> { "alarms" }), Signature(kept));
    }

    [Fact]
    public void The_index_by_access_starts_afresh_when_full_without_dropping_the_shared_lists()
    {
        var lists = new SharedApiLists(maxLists: 2);
        var shared = lists.Share("list a", () => new object());
        var made = 0;
        for (var access = 0; access < 5; access++) lists.ShareByAccess("access " + access, () => made++);
        Assert.Equal(5, made);
        // The index was full twice and started afresh; the list is still the one kept, not made again.
        Assert.Same(shared, lists.Share("list a", () => new object()));
        Assert.Equal(4, lists.ShareByAccess("access 4", () => -1));
        Assert.Equal(-1, lists.ShareByAccess("access 0", () => -1));
    }
}
