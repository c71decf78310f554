using ActorRuntime.Kernel;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// <c>await browser.storage.local.set(...)</c> from a background, 100 in a row (per set): each resolves once its
/// journal event is durable. SQLite in a temporary file; PostgreSQL at the server named by
/// <c>ACTORRUNTIME_BENCH_POSTGRES</c> (a connection string).
/// </summary>
[MedianColumn]
public class StorageBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;
    private string? _database;

    [Params("sqlite", "postgresql")]
    public string Provider { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        string storage;
        if (Provider == "sqlite")
        {
            _database = Path.Combine(Path.GetTempPath(), "actorruntime-bench-" + Guid.NewGuid().ToString("N") + ".db");
            storage = $"provider = sqlite, sqlite.path = \"{_database}\"";
        }
        else
        {
            var connection = Environment.GetEnvironmentVariable("ACTORRUNTIME_BENCH_POSTGRES")
                             ?? throw new InvalidOperationException("set ACTORRUNTIME_BENCH_POSTGRES to a PostgreSQL connection string to run the postgresql case");
            storage = $"provider = postgresql, postgresql.connection-string = \"{connection}\"";
        }
        _runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), ConfigurationFactory.ParseString($"actorruntime.storage {{ {storage} }}"));
        _extension = _runtime.LoadAsync(BenchmarkExtensions.Write("var n = 0;")).GetAwaiter().GetResult();
        _extension.EvaluateAsync("background", "await browser.storage.local.set({ warm: 1 }); 0").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null && File.Exists(_database)) File.Delete(_database);
    }

    [Benchmark(OperationsPerInvoke = 100, Description = "storage.local.set, durable, 100 awaited in a row (per set)")]
    public Task<string> Set() => _extension.EvaluateAsync("background",
        "(async () => { for (let i = 0; i < 100; i++) await browser.storage.local.set({ ['k' + (i % 10)]: { n: ++n, at: i } }); return n; })()");
}
