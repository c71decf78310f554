using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ActorRuntime.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the storage specs: the one named by <c>ACTORRUNTIME_TEST_POSTGRES</c> (a
/// connection string), or else a throwaway cluster this fixture creates with the machine's PostgreSQL
/// binaries (initdb, pg_ctl) on a free loopback port and removes afterwards.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _dataDirectory;
    private string? _binaries;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("ACTORRUNTIME_TEST_POSTGRES") is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }
        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package (.ci/run does) or set ACTORRUNTIME_TEST_POSTGRES");
        _dataDirectory = Path.Combine(Path.GetTempPath(), "actorruntime-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dataDirectory);
        if (IsRoot) Run("chown", "postgres:postgres " + _dataDirectory, asPostgres: false);
        var port = FreePort();
        Run(Path.Combine(_binaries, "initdb"), $"-D {_dataDirectory} -A trust -U actorruntime --no-sync", asPostgres: IsRoot);
        Run(Path.Combine(_binaries, "pg_ctl"),
            $"-D {_dataDirectory} -l {_dataDirectory}/server.log -w -o \"-p {port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off\" start",
            asPostgres: IsRoot);
        var admin = $"Host=127.0.0.1;Port={port};Username=actorruntime;Database=postgres";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE actorruntime", connection);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=actorruntime;Database=actorruntime";
    }

    public Task DisposeAsync()
    {
        if (_dataDirectory is null || _binaries is null) return Task.CompletedTask;
        NpgsqlConnection.ClearAllPools();
        Run(Path.Combine(_binaries, "pg_ctl"), $"-D {_dataDirectory} -m immediate -w stop", asPostgres: IsRoot);
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")) : []);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    private static int FreePort() => TestPorts.Free();

    // initdb refuses to run as root: as root, the server's own account runs it.
    private static void Run(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) throw new TimeoutException($"{program} did not finish within 60 s");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}
