using ActorRuntime.Storage;
using Microsoft.Data.Sqlite;

namespace ActorRuntime.Tests.Storage;

/// <summary>The checks <c>serve</c> makes of a SQLite storage file before it reports ready: a usable database, one cluster writing it.</summary>
public sealed class SqliteStartupChecksTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "actorruntime-tests", "sqlite-checks-" + Guid.NewGuid().ToString("N")[..8]);

    public SqliteStartupChecksTests() => Directory.CreateDirectory(_folder);

    /// <summary>A sound database of many pages (4 KiB each), closed.</summary>
    private string SoundDatabase()
    {
        var path = Path.Combine(_folder, "sound.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA page_size = 4096;
                CREATE TABLE journal (id INTEGER PRIMARY KEY, message BLOB);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO journal SELECT i, randomblob(100) FROM n;
                """;
            command.ExecuteNonQuery();
        }
        return path;
    }

    private string Variant(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void A_missing_empty_or_sound_database_passes()
    {
        Assert.Null(SqliteDatabaseCheck.Problem(Path.Combine(_folder, "missing.db")));
        Assert.Null(SqliteDatabaseCheck.Problem(Variant("empty.db", [])));
        Assert.Null(SqliteDatabaseCheck.Problem(SoundDatabase()));
    }

    [Fact]
    public void Garbage_a_database_cut_short_or_a_damaged_page_is_named_in_SQLites_words()
    {
        var sound = File.ReadAllBytes(SoundDatabase());
        Assert.Equal("SQLite Error 26: 'file is not a database'.", SqliteDatabaseCheck.Problem(Variant("text.db", "not a database at all"u8.ToArray())));
        Assert.Equal("SQLite Error 26: 'file is not a database'.", SqliteDatabaseCheck.Problem(Variant("garbage.db", Enumerable.Range(0, sound.Length).Select(i => (byte)(i * 7)).ToArray())));
        Assert.Equal("SQLite Error 11: 'database disk image is malformed'.", SqliteDatabaseCheck.Problem(Variant("cut.db", sound[..(sound.Length / 2)])));
        var damaged = (byte[])sound.Clone();
        Array.Fill(damaged, (byte)0xA5, 4096, 4096);
        Assert.Equal("SQLite Error 11: 'database disk image is malformed'.", SqliteDatabaseCheck.Problem(Variant("damaged.db", damaged)));
    }

    [Fact]
    public async Task Writers_see_each_other_while_they_run_and_not_once_they_are_gone()
    {
        var database = Path.Combine(_folder, "shared.db");
        using var first = await SqliteWriterRegistry.RegisterAsync(database, "akka.tcp://actorruntime@127.0.0.1:2551");
        Assert.Empty(first.OthersRunning());
        var second = await SqliteWriterRegistry.RegisterAsync(database, "akka.tcp://actorruntime@127.0.0.1:2552");
        Assert.Equal(["akka.tcp://actorruntime@127.0.0.1:2552"], first.OthersRunning());
        Assert.Equal(["akka.tcp://actorruntime@127.0.0.1:2551"], second.OthersRunning());
        second.Dispose();
        Assert.Empty(first.OthersRunning());
    }

    [Fact]
    public async Task A_registration_left_by_a_process_that_died_does_not_count_and_its_address_can_register_again()
    {
        var database = Path.Combine(_folder, "shared.db");
        var folder = SqliteWriterRegistry.DirectoryOf(database);
        Directory.CreateDirectory(folder);
        // What a killed process leaves: its file, held by nobody.
        var address = "akka.tcp://actorruntime@127.0.0.1:2553";
        File.WriteAllText(Path.Combine(folder, Uri.EscapeDataString(address) + ".lock"), "");
        using var survivor = await SqliteWriterRegistry.RegisterAsync(database, "akka.tcp://actorruntime@127.0.0.1:2551");
        Assert.Empty(survivor.OthersRunning());
        using var restarted = await SqliteWriterRegistry.RegisterAsync(database, address);
        Assert.Equal([address], survivor.OthersRunning());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
