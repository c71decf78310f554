using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;
using Akka.Configuration;

namespace ActorRuntime.Tests.Storage;

/// <summary><c>browser.storage</c> persisted in a real PostgreSQL server.</summary>
public sealed class PostgresStorageSpec(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Stored_data_survives_a_restart_and_quotas_apply()
    {
        using var folder = new ExtensionFolder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "")), "pg-" + Guid.NewGuid().ToString("N")[..8]);
        var config = ConfigurationFactory.ParseString($"actorruntime.storage {{ provider = postgresql, postgresql.connection-string = \"{postgres.ConnectionString}\" }}");
        var options = RuntimeOptions.Default with { Flavor = Flavor.Chrome, AskTimeout = TimeSpan.FromSeconds(30) };
        await using (var first = ExtensionRuntime.Start(options, config))
        {
            var e = await first.LoadAsync(folder.Path);
            Assert.Equal("\"QUOTA_BYTES_PER_ITEM quota exceeded\"", await e.EvaluateAsync("background",
                "await browser.storage.sync.set({ big: 'x'.repeat(9000) }).then(() => 'stored', e => e.message)"));
            await e.EvaluateAsync("background", "await browser.storage.local.set({ n: 1, list: [1, 2] }); await browser.storage.local.set({ n: 2 }); 0");
        }
        await using var second = ExtensionRuntime.Start(options, config);
        var again = await second.LoadAsync(folder.Path);
        Assert.Equal("""[{"n":2,"list":[1,2]},{}]""", await again.EvaluateAsync("background", "[await browser.storage.local.get(), await browser.storage.sync.get()]"));
    }
}
