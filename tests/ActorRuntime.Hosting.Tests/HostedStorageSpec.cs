using ActorRuntime.Kernel;
using ActorRuntime.Storage;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorRuntime.Hosting.Tests;

/// <summary>
/// <c>actorruntime.storage</c> through the hosted path (<c>WithActorRuntime</c>, Akka.Hosting's persistence builders): a
/// hosted runtime keeps <c>storage.local</c> in the SQLite file it is given, over a restart, configured as the plain runtime
/// configures it, and explicit <c>akka.persistence.*</c> settings in the layered HOCON still win.
/// (The cluster's hand-over over one shared file is <see cref="InProcessClusterSpec"/>'s.)
/// </summary>
public sealed class HostedStorageSpec : IDisposable
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "actorruntime-hosted-storage-" + Guid.NewGuid().ToString("N")[..8]);

    private string Database => Path.Combine(_folder, "data", "hosted.db");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ActorRuntimeHostingOptions SqliteOptions() => new()
    {
        AskTimeout = TimeSpan.FromSeconds(20),
        StorageProvider = "sqlite",
        SqlitePath = Database,
    };

    private static async Task<IHost> StartAsync(ActorRuntimeHostingOptions options, Config? layered = null)
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddActorRuntimeServices(options);
                services.AddAkka(nameof(HostedStorageSpec), (builder, _) => builder.WithActorRuntime(options, layered));
            })
            .Build();
        await host.StartAsync(Cancel);
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync(Cancel);
        host.Dispose();
    }

    [Fact]
    public async Task Storage_local_is_kept_in_the_SQLite_file_and_is_there_after_the_host_restarts_over_it()
    {
        var options = SqliteOptions();
        var first = await StartAsync(options);
        var runtime = first.Services.GetRequiredService<IExtensionRuntime>();
        var id = await runtime.LoadAsync(Path.Combine(Examples, "form-popup"), cancellationToken: Cancel);
        Assert.Equal("\"stored\"", (await runtime.EvaluateAsync(id, "background", "await browser.storage.local.set({ kept: 'yes' }); 'stored'", cancellationToken: Cancel)).Json);
        await StopAsync(first);

        // The write is in the named file, in Akka.Persistence.Sql's journal (not in memory, not in the default database).
        Assert.True(JournalRows() > 0);

        var second = await StartAsync(options);
        try
        {
            runtime = second.Services.GetRequiredService<IExtensionRuntime>();
            id = await runtime.LoadAsync(Path.Combine(Examples, "form-popup"), cancellationToken: Cancel);
            Assert.Equal("\"yes\"", (await runtime.EvaluateAsync(id, "background", "(await browser.storage.local.get('kept')).kept", cancellationToken: Cancel)).Json);
        }
        finally
        {
            await StopAsync(second);
        }
    }

    [Fact]
    public async Task An_explicit_journal_plugin_in_the_layered_HOCON_wins_over_the_one_the_storage_provider_stands_for()
    {
        var layered = ConfigurationFactory.ParseString("""akka.persistence.journal.plugin = "akka.persistence.journal.inmem" """);
        var host = await StartAsync(SqliteOptions(), layered);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var config = system.Settings.Config;
            Assert.Equal("akka.persistence.journal.inmem", config.GetString("akka.persistence.journal.plugin"));
            // The rest of what actorruntime.storage stands for is still there.
            Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
            Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
            // Akka.Persistence resolves the default journal to the user's plugin.
            var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
            Assert.Equal("akka.persistence.journal.inmem", journal.Path.Name);
        }
        finally
        {
            await StopAsync(host);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    [InlineData("memory")]
    public async Task The_hosted_runtime_configures_the_journal_and_snapshot_store_as_the_plain_runtime_does(string provider)
    {
        var options = SqliteOptions();
        options.StorageProvider = provider;
        options.PostgreSqlConnectionString = "Host=127.0.0.1;Port=1;Database=never-connected";
        var plainConfig = ActorRuntime.Configuration.ShippedConfig.WithDefaults(ConfigurationFactory.ParseString(options.ToHocon()));
        var plain = StorageSettings.PersistenceConfig(plainConfig).WithFallback(plainConfig);
        var host = await StartAsync(options);
        try
        {
            var hosted = host.Services.GetRequiredService<ActorSystem>().Settings.Config;
            foreach (var kind in new[] { "journal", "snapshot-store" })
            {
                var plugin = plain.GetString($"akka.persistence.{kind}.plugin");
                Assert.Equal(plugin, hosted.GetString($"akka.persistence.{kind}.plugin"));
                if (provider == "memory") continue;
                // Every setting of the SQL plugin (tables, columns, connection): a database either path made, the other reads.
                Assert.Equal(Settings(plain.GetConfig(plugin)), Settings(hosted.GetConfig(plugin)));
            }
        }
        finally
        {
            await StopAsync(host);
        }
    }

    /// <summary>Each setting under <paramref name="config"/> as path = value, HOCON's on/off read as the booleans they are.</summary>
    private static SortedDictionary<string, string> Settings(Config config) =>
        new(config.AsEnumerable().ToDictionary(setting => setting.Key, setting => setting.Value.ToString() switch
        {
            "on" or "yes" => "true",
            "off" or "no" => "false",
            var value => value,
        }), StringComparer.Ordinal);

    private long JournalRows()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM journal";
        return (long)count.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
