using ActorRuntime.Tests.Support;
using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace ActorRuntime.Tests.Storage;

/// <summary>
/// <c>browser.storage</c> over a real SQLite file that fails under it: every promise settles, a failed write rejects
/// only its own promise with the reason, the storage comes back when the store does, and snapshots replace older ones.
/// </summary>
public sealed class StorageFailureSpec : RuntimeSpec, IDisposable
{
    // A file per test: the tests break their database in different ways.
    private readonly string _database;

    public StorageFailureSpec() : this(Path.Combine(Path.GetTempPath(), "actorruntime-tests", "storage-failure-" + Guid.NewGuid().ToString("N") + ".db"))
    {
    }

    private StorageFailureSpec(string database) : base($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{database}\" }}") => _database = database;

    private static Dictionary<string, string> Extension() => new(Manifests.Standard(Manifests.PersistentScripts, ""));

    /// <summary>Runs <paramref name="sql"/> on the database from outside the runtime, as another program (or a failing disk) would.</summary>
    private List<string> Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        return rows;
    }

    [Fact]
    public async Task A_failed_write_rejects_only_its_own_promise_and_the_calls_in_flight_beside_it_complete()
    {
        var e = await Load(Extension());
        await e.EvaluateAsync("background", "await browser.storage.local.set({ a: 1 }); 0");
        // The store refuses any event carrying "poison", as a full disk would refuse a write.
        Sql("CREATE TRIGGER refuse_poison BEFORE INSERT ON journal WHEN instr(CAST(NEW.message AS TEXT), 'poison') > 0 BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END");

        // Sent together: the failing write stops the storage actor with the two calls behind it still waiting.
        Assert.Equal("""[["stored","storage.local.set failed: SQLite Error 19: 'simulated disk failure'.","stored",{"a":1,"b":2,"c":3}],{"a":1,"b":2,"c":3}]""",
            await e.EvaluateAsync("background", """
                const local = browser.storage.local;
                const outcomes = await Promise.allSettled([local.set({ b: 2 }), local.set({ bad: 'poison' }), local.set({ c: 3 }), local.get()]);
                [outcomes.map(o => o.status === 'fulfilled' ? o.value ?? 'stored' : o.reason.message), await local.get()]
                """));
        Assert.Equal("2", await e.EvaluateAsync("background", "1 + 1"));
        Assert.Equal("""{"a":1,"b":2,"c":3,"d":4}""", await e.EvaluateAsync("background", "await browser.storage.local.set({ d: 4 }); await browser.storage.local.get()"));
        // Four events stored (a, b, c, d), the refused one nowhere.
        Assert.Equal(["4|0"], Sql("SELECT count(*), count(*) FILTER (WHERE instr(CAST(message AS TEXT), 'poison') > 0) FROM journal"));
    }

    [Fact]
    public async Task A_failed_write_reaches_a_chrome_callback_as_runtime_lastError()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background", "await chrome.storage.local.set({ a: 1 }); 0");
        Sql("CREATE TRIGGER refuse_poison BEFORE INSERT ON journal WHEN instr(CAST(NEW.message AS TEXT), 'poison') > 0 BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END");
        Assert.Equal("""["storage.local.set failed: SQLite Error 19: 'simulated disk failure'.",{"a":1}]""", await e.EvaluateAsync("background", """
            [await new Promise(resolve => chrome.storage.local.set({ bad: 'poison' }, () => resolve(chrome.runtime.lastError?.message))),
             await new Promise(resolve => chrome.storage.local.get(null, resolve))]
            """));
    }

    [Fact]
    public async Task Storage_that_cannot_be_read_refuses_each_call_with_the_reason_and_comes_back_when_the_store_does()
    {
        var e = await Load(Extension());
        await e.EvaluateAsync("background", "await browser.storage.local.set({ a: 1 }); 0");
        Sql("ALTER TABLE journal RENAME TO journal_away");
        const string calls = """
            const local = browser.storage.local;
            [await local.set({ b: 2 }).then(() => 'stored', e => e.message), await local.get().catch(e => e.message), await local.get().catch(e => e.message), 1 + 1]
            """;
        const string unavailable = "storage.local.get failed: storage is unavailable: SQLite Error 1: 'no such table: journal'.";
        // Each call that finds the data unreadable costs one attempt to read it, not one per retry: the reason would not change.
        Assert.Equal($"[\"storage.local.set failed: SQLite Error 1: 'no such table: journal'.\",\"{unavailable}\",\"{unavailable}\",2]",
            await EventFilter.Warning(contains: "reading stored data failed").ExpectAsync(2, () => e.EvaluateAsync("background", calls)));

        Sql("ALTER TABLE journal_away RENAME TO journal");
        Assert.Equal("""["stored",{"a":1,"b":2},{"a":1,"b":2},2]""", await e.EvaluateAsync("background", calls));
    }

    [Fact]
    public async Task A_store_overwritten_with_garbage_while_running_answers_every_call_with_the_reason()
    {
        var e = await Load(Extension());
        await e.EvaluateAsync("background", "await browser.storage.local.set({ a: 1 }); 0");
        SqliteConnection.ClearAllPools();
        File.WriteAllBytes(_database, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        Assert.Equal("[\"storage.local.set failed: SQLite Error 26: 'file is not a database'.\"," +
            "\"storage.sync.get failed: storage is unavailable: SQLite Error 26: 'file is not a database'.\",2]",
            await e.EvaluateAsync("background", """
                [await browser.storage.local.set({ b: 2 }).then(() => 'stored', e => e.message), await browser.storage.sync.get().catch(e => e.message), 1 + 1]
                """));
    }

    [Fact]
    public async Task A_snapshot_replaces_the_older_ones_and_the_events_it_covers()
    {
        var name = "snapshots-" + Guid.NewGuid().ToString("N")[..8];
        var e = await Load(Extension(), name: name);
        // 460 events: snapshots after the 200th and the 400th; 20 keys, each rewritten 23 times (last by events 441-460).
        await e.EvaluateAsync("background", "for (let i = 0; i < 460; i++) await browser.storage.local.set({ ['k' + (i % 20)]: 'v'.repeat(1000) + i }); 0");

        var id = "storage-" + name;
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(["400"], Sql($"SELECT sequence_number FROM snapshot WHERE persistence_id = '{id}'"));
            Assert.Equal(["0|60"], Sql($"SELECT (SELECT count(*) FROM journal WHERE persistence_id = '{id}' AND sequence_number < 400), " +
                $"(SELECT count(*) FROM journal WHERE persistence_id = '{id}' AND deleted = 0)"));
        }, TimeSpan.FromSeconds(20));

        // A fresh runtime recovers every key's latest value from the one snapshot and the events after it.
        var config = ConfigurationFactory.ParseString($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{_database}\" }}");
        await using var restarted = ExtensionRuntime.Start(Options(Flavor.Mdn), config);
        var again = await restarted.LoadAsync(Path.Combine(Path.GetTempPath(), "actorruntime-tests", name));
        Assert.Equal("true", await again.EvaluateAsync("background", """
            const all = await browser.storage.local.get();
            Object.keys(all).length === 20 && Array.from({ length: 20 }, (_, j) => all['k' + j] === 'v'.repeat(1000) + (440 + j)).every(Boolean)
            """));
    }

    public new void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        if (File.Exists(_database)) File.Delete(_database);
    }
}
