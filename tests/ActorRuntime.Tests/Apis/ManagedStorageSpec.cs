using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>storage.managed</c>: read-only, answered from the policy a host script gives.</summary>
public class ManagedStorageSpec : RuntimeSpec
{
    private Task<LoadedExtension> LoadStorage(Flavor flavor) => Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);

    // Firefox MV2's chrome.* takes callbacks only: the promises are browser.*'s there.
    private const string Api = "const api = typeof browser == 'object' ? browser : chrome; ";

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Managed_storage_answers_the_hosts_policy(Flavor flavor)
    {
        var e = await LoadStorage(flavor);
        e.RunHostScript("host.setManagedStorage({ blockAds: true, level: 3, server: { url: 'https://corp.example' }, skipped: () => 1 })", "policy.js");
        Assert.Equal("""[{"blockAds":true,"level":3,"server":{"url":"https://corp.example"}},{"level":3,"missing":"default"},["blockAds","level","server"],0]""",
            await e.EvaluateAsync("background", Api + """
                [await api.storage.managed.get(), await api.storage.managed.get({ level: 1, missing: 'default' }),
                 await api.storage.managed.getKeys(), await api.storage.managed.getBytesInUse()]
                """));
        // The host may change its policy; the extension reads the new one.
        e.RunHostScript("host.setManagedStorage({ level: 4 })", "policy2.js");
        Assert.Equal("""{"level":4}""", await e.EvaluateAsync("background", Api + "await api.storage.managed.get('level')"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "storage.managed is read-only")]
    [InlineData(Flavor.Chrome, "This is a read-only store.")]
    public async Task Managed_storage_is_read_only_with_each_browsers_text(Flavor flavor, string error)
    {
        var e = await LoadStorage(flavor);
        e.RunHostScript("host.setManagedStorage({ level: 3 })", "policy.js");
        Assert.Equal($$"""["{{error}}","{{error}}","{{error}}",{"level":3}]""", await e.EvaluateAsync("background", Api + """
            const failure = p => p.then(() => 'stored', e => e.message);
            [await failure(api.storage.managed.set({ level: 9 })), await failure(api.storage.managed.remove('level')),
             await failure(api.storage.managed.clear()), await api.storage.managed.get()]
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "\"Managed storage manifest not found\"")]
    [InlineData(Flavor.Chrome, "{}")]
    public async Task Without_a_policy_Firefox_rejects_and_Chromium_answers_nothing(Flavor flavor, string answer)
    {
        var e = await LoadStorage(flavor);
        Assert.Equal(answer, await e.EvaluateAsync("background", Api + "await api.storage.managed.get().catch(e => e.message)"));
    }

    [Fact]
    public async Task The_host_gives_an_object_or_null()
    {
        var e = await LoadStorage(Flavor.Firefox);
        var failure = Assert.Throws<ScriptFailureException>(() => e.RunHostScript("host.setManagedStorage([1])", "bad.js"));
        Assert.Equal("Uncaught TypeError: host.setManagedStorage(policy): expected an object of items such as { blockAds: true }, or null (bad.js)", failure.Message);
        e.RunHostScript("host.setManagedStorage({ a: 1 }); host.setManagedStorage(null)", "none.js");
        Assert.Equal("\"Managed storage manifest not found\"", await e.EvaluateAsync("background", "await browser.storage.managed.get().catch(e => e.message)"));
    }
}
