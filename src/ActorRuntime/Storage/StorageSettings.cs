using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Storage;

/// <summary>
/// Where <c>actorruntime.storage</c> keeps the journal and the snapshots: memory (lost when the process ends), or a
/// database through Akka.Persistence.Sql. The one description of it: <see cref="StorageSettings.PersistenceConfig"/>
/// renders it as HOCON for <see cref="ExtensionRuntime.Start"/>, and the Akka.Hosting path hands it to the
/// persistence builders (<c>WithSqlPersistence</c>, <c>WithInMemoryJournal</c>).
/// </summary>
internal abstract record PersistenceStore
{
    private PersistenceStore()
    {
    }

    /// <summary>Akka.Persistence's in-memory journal and snapshot store.</summary>
    public sealed record Memory : PersistenceStore
    {
        public static readonly Memory Instance = new();
    }

    /// <summary>Akka.Persistence.Sql's journal and snapshot store (plugin id <c>sql</c>) over one database, its tables made on first use.</summary>
    /// <param name="ProviderName">Linq2Db's name of the database kind: <c>SQLite.MS</c>, <c>PostgreSQL.15</c>.</param>
    public sealed record Sql(string ConnectionString, string ProviderName) : PersistenceStore;
}

/// <summary>
/// Turns <c>actorruntime.storage</c> into Akka.Persistence settings: SQLite in a file (the default, nothing to
/// install), PostgreSQL for clusters spread over machines, or memory (lost when the process ends: <c>run</c>, tests).
/// </summary>
internal static class StorageSettings
{
    /// <summary>The store <paramref name="config"/>'s <c>actorruntime.storage</c> names; reading it creates nothing.</summary>
    public static PersistenceStore Store(Config config)
    {
        var storage = ShippedConfig.Section(config, "storage");
        var provider = storage.GetString("provider");
        switch (provider)
        {
            case "memory":
                return PersistenceStore.Memory.Instance;
            case "sqlite":
                return new PersistenceStore.Sql($"Data Source={SqlitePath(config)}", "SQLite.MS");
            case "postgresql":
                var connection = storage.GetString("postgresql.connection-string");
                if (string.IsNullOrWhiteSpace(connection))
                    throw new ConfigurationException("actorruntime.storage.postgresql.connection-string: expected a PostgreSQL connection string when actorruntime.storage.provider = postgresql");
                return new PersistenceStore.Sql(connection, "PostgreSQL.15");
            default:
                throw new ConfigurationException($"actorruntime.storage.provider: expected sqlite, postgresql or memory, got \"{provider}\"");
        }
    }

    /// <summary>
    /// The persistence configuration for <paramref name="config"/>'s <c>actorruntime.storage</c> (<see cref="Store"/>
    /// as HOCON), to layer over it: for an actor system started without Akka.Hosting.
    /// </summary>
    public static Config PersistenceConfig(Config config) => Store(config) switch
    {
        PersistenceStore.Memory => ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """),
        PersistenceStore.Sql sql => SqlConfig(sql),
        var other => throw new InvalidOperationException($"no HOCON for {other}"),
    };

    /// <summary>
    /// The SQLite file <paramref name="config"/> names, as a full path (relative paths are taken from the working directory);
    /// by default <c>actorruntime/actorruntime.db</c> in the user's local data folder (made when missing, as on a fresh
    /// machine), outside any source tree.
    /// </summary>
    public static string SqlitePath(Config config)
    {
        var configured = ShippedConfig.Section(config, "storage").GetString("sqlite.path");
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
            throw new ConfigurationException("actorruntime.storage.sqlite.path: this user has no local data folder (no HOME); set the path of the database file");
        return Path.Combine(data, "actorruntime", "actorruntime.db");
    }

    /// <summary>Makes the folder of the SQLite file when <paramref name="config"/> stores in SQLite: a setup step, run before the actor system starts.</summary>
    public static void PrepareSqliteFolder(Config config)
    {
        if (ShippedConfig.Section(config, "storage").GetString("provider") == "sqlite")
            Directory.CreateDirectory(Path.GetDirectoryName(SqlitePath(config))!);
    }

    private static Config SqlConfig(PersistenceStore.Sql store)
    {
        var quoted = Serialization.Hocon.Quote(store.ConnectionString);
        var providerName = store.ProviderName;
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = {{quoted}}, provider-name = "{{providerName}}", auto-initialize = true }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = {{quoted}}, provider-name = "{{providerName}}", auto-initialize = true }
              }
            }
            """).WithFallback(PluginDefaults.Value);
    }

    // The plugin's own reference settings, shipped inside its assembly.
    private static readonly Lazy<Config> PluginDefaults = new(() =>
    {
        var assembly = typeof(Akka.Persistence.Sql.Journal.SqlWriteJournal).Assembly;
        var config = Config.Empty;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".conf", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            config = config.WithFallback(ConfigurationFactory.ParseString(reader.ReadToEnd()));
        }
        return config;
    });
}
