using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using ActorRuntime.Storage;
using Akka.Configuration;

namespace ActorRuntime.Tests.Configuration;

/// <summary>Settings are read from HOCON only: the shipped file is the one source of defaults, and reading has no side effects.</summary>
public class SettingsFromHoconTests
{
    [Fact]
    public void The_defaults_are_the_shipped_files_values()
    {
        var shipped = RuntimeOptions.DefaultConfig.GetConfig("actorruntime");
        var defaults = RuntimeOptions.Default;
        Assert.Equal(shipped.GetTimeSpan("ask-timeout"), defaults.AskTimeout);
        Assert.Equal(shipped.GetTimeSpan("settle-timeout"), defaults.SettleTimeout);
        Assert.Equal(shipped.GetTimeSpan("script.timeout"), defaults.Limits.Timeout);
        Assert.Equal(shipped.GetInt("script.max-timers"), defaults.Limits.MaxTimers);
        Assert.Equal(shipped.GetTimeSpan("script.cpu-share.window"), defaults.Limits.CpuShare.Window);
        Assert.Equal(shipped.GetTimeSpan("event-page.chrome.idle-timeout"), defaults.EventPages.ChromeIdleTimeout);
        Assert.Equal(shipped.GetInt("messaging.max-depth"), defaults.MaxMessageDepth);
        Assert.Equal(ScriptLimits.Default, defaults.Limits);
        Assert.Equal(RuntimeOptions.Default, RuntimeOptions.FromConfig(Config.Empty) with { Console = defaults.Console });
    }

    [Fact]
    public void A_partial_configuration_changes_its_keys_and_keeps_the_shipped_rest()
    {
        var options = RuntimeOptions.FromConfig(ConfigurationFactory.ParseString("actorruntime { flavor = chrome, script.timeout = 7s, event-page.firefox.idle-timeout = 2s }"));
        Assert.Equal(Flavor.Chrome, options.Flavor);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Limits.Timeout);
        Assert.Equal(ScriptLimits.Default.MaxTimers, options.Limits.MaxTimers);
        Assert.Equal(TimeSpan.FromSeconds(2), options.EventPages.FirefoxIdleTimeout);
        Assert.Equal(RuntimeOptions.Default.EventPages.FirefoxSuspendTimeout, options.EventPages.FirefoxSuspendTimeout);
    }

    [Fact]
    public void A_bad_value_is_one_line_naming_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => RuntimeOptions.FromConfig(ConfigurationFactory.ParseString("actorruntime.script.cpu-share.defer-above = 2")));
        Assert.Equal("actorruntime.script.cpu-share.defer-above: expected a fraction of a thread above 0 and at most 1, got 2", error.Message);
    }

    [Fact]
    public void Reading_storage_settings_creates_nothing_and_the_setup_step_makes_the_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "actorruntime-settings-" + Guid.NewGuid().ToString("N"));
        var config = ConfigurationFactory.ParseString($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{Path.Combine(folder, "x.db")}\" }}");
        try
        {
            StorageSettings.PersistenceConfig(config);
            Assert.Equal(Path.Combine(folder, "x.db"), StorageSettings.SqlitePath(config));
            Assert.False(Directory.Exists(folder));
            StorageSettings.PrepareSqliteFolder(config);
            Assert.True(Directory.Exists(folder));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("C:\\data\\x.db")]
    [InlineData("a \"quoted\" dir/x.db")]
    [InlineData("line\nbreak\ttab")]
    [InlineData("Host=db;Password=p@ss'<>&+;")]
    [InlineData("√©ñ €")]
    public void Values_written_into_HOCON_read_back_as_they_were(string value)
    {
        var config = ConfigurationFactory.ParseString("a.b = " + ActorRuntime.Serialization.Hocon.Quote(value));
        Assert.Equal(value, config.GetString("a.b"));
    }

    [Fact]
    public void The_default_database_is_in_the_users_data_folder_not_the_working_directory()
    {
        var expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "actorruntime", "actorruntime.db");
        Assert.Equal(expected, StorageSettings.SqlitePath(RuntimeOptions.DefaultConfig));
        Assert.False(expected.StartsWith(Environment.CurrentDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Fact]
    public void The_storage_provider_names_one_store_that_both_the_HOCON_and_the_hosting_builders_are_made_from()
    {
        Config Storage(string hocon) => ConfigurationFactory.ParseString("actorruntime.storage { " + hocon + " }").WithFallback(RuntimeOptions.DefaultConfig);
        var path = Path.Combine(Path.GetTempPath(), "x.db");
        Assert.Equal(new PersistenceStore.Sql($"Data Source={path}", "SQLite.MS"), StorageSettings.Store(Storage($"provider = sqlite, sqlite.path = {Serialization.Hocon.Quote(path)}")));
        Assert.Equal(new PersistenceStore.Sql("Host=db;Database=a", "PostgreSQL.15"),
            StorageSettings.Store(Storage("provider = postgresql, postgresql.connection-string = \"Host=db;Database=a\"")));
        Assert.Equal(PersistenceStore.Memory.Instance, StorageSettings.Store(Storage("provider = memory")));

        var rendered = StorageSettings.PersistenceConfig(Storage("provider = postgresql, postgresql.connection-string = \"Host=db;Database=a\""));
        Assert.Equal("akka.persistence.journal.sql", rendered.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("Host=db;Database=a", rendered.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal("PostgreSQL.15", rendered.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.Equal("akka.persistence.journal.inmem", StorageSettings.PersistenceConfig(Storage("provider = memory")).GetString("akka.persistence.journal.plugin"));

        Assert.Equal("actorruntime.storage.provider: expected sqlite, postgresql or memory, got \"mysql\"",
            Assert.Throws<ConfigurationException>(() => StorageSettings.Store(Storage("provider = mysql"))).Message);
        Assert.Equal("actorruntime.storage.postgresql.connection-string: expected a PostgreSQL connection string when actorruntime.storage.provider = postgresql",
            Assert.Throws<ConfigurationException>(() => StorageSettings.Store(Storage("provider = postgresql"))).Message);
    }
}
