using ActorRuntime.Kernel;
using System.Diagnostics;
using ActorRuntime.Storage;
using Akka.Configuration;
using Microsoft.Extensions.Hosting;

namespace ActorRuntime.Host;

/// <summary>A storage problem that stops <c>serve</c> before it joins a cluster; the message is the one error line.</summary>
internal sealed class StorageStartupException(string message) : Exception(message);

/// <summary>
/// <c>serve</c>'s storage checks, all before it reports ready. With SQLite: an existing file must be a sound, writable
/// database (checked before the node joins anything), and once the node is a member, every other process writing the
/// file must be a member of the same cluster. The nodes of one cluster share the file safely (sharding runs each
/// extension's storage on one node at a time); two clusters would each run the same extensions against it and refuse
/// each other's writes. A node that finds a stranger leaves and exits with one error line.
/// </summary>
internal sealed class StorageStartupCheck
{
    // How often the other writers are looked at again while waiting for them to show up as members.
    private static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(250);

    private readonly string? _sqlitePath;
    private readonly TimeSpan _memberCheckTimeout;
    private volatile string? _refusal;

    private StorageStartupCheck(string? sqlitePath, TimeSpan memberCheckTimeout)
    {
        _sqlitePath = sqlitePath;
        _memberCheckTimeout = memberCheckTimeout;
    }

    /// <summary>Checks the database <paramref name="layered"/> (over the defaults) names; throws <see cref="StorageStartupException"/> when it cannot be used.</summary>
    public static StorageStartupCheck Run(Config layered)
    {
        var config = ActorRuntime.Configuration.ShippedConfig.WithDefaults(layered);
        if (config.GetString("actorruntime.storage.provider") != "sqlite") return new StorageStartupCheck(null, TimeSpan.Zero);
        var path = StorageSettings.SqlitePath(config);
        StorageSettings.PrepareSqliteFolder(config);
        if (SqliteDatabaseCheck.Problem(path) is { } problem)
            throw new StorageStartupException($"storage database {path} (actorruntime.storage.sqlite.path) cannot be used: {problem}");
        return new StorageStartupCheck(path, config.GetTimeSpan("actorruntime.storage.sqlite.member-check-timeout", null, allowInfinite: false));
    }

    /// <summary>
    /// Once this node is a member: registers it as a writer of the file, waits (up to <c>member-check-timeout</c>) until
    /// every other writer is a member of its cluster, then calls <paramref name="ready"/>; else stops the host.
    /// </summary>
    public void BeforeReady(Akka.Cluster.Cluster cluster, IHostApplicationLifetime lifetime, Action ready)
    {
        if (_sqlitePath is not { } path)
        {
            ready();
            return;
        }
        _ = ConfirmSoleClusterAsync(path, cluster, lifetime, ready);
    }

    private async Task ConfirmSoleClusterAsync(string path, Akka.Cluster.Cluster cluster, IHostApplicationLifetime lifetime, Action ready)
    {
        try
        {
            var registration = await SqliteWriterRegistry.RegisterAsync(path, cluster.SelfAddress.ToString());
            cluster.System.RegisterOnTermination(registration.Dispose);
            // A node of this cluster that registered a moment ago may not be in this node's view of the members yet.
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var members = cluster.State.Members.Select(m => m.Address.ToString()).ToHashSet(StringComparer.Ordinal);
                var strangers = registration.OthersRunning().Where(address => !members.Contains(address)).ToList();
                if (strangers.Count == 0)
                {
                    ready();
                    return;
                }
                if (waited.Elapsed >= _memberCheckTimeout)
                {
                    Refuse(lifetime, $"storage database {path} is in use by a process outside this node's cluster ({string.Join(", ", strangers)}): " +
                        "two clusters must not share a SQLite file (give each cluster its own actorruntime.storage.sqlite.path, or use PostgreSQL)");
                    return;
                }
                await Task.Delay(LookAgain);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Refuse(lifetime, $"storage database {path}: cannot register this node in {SqliteWriterRegistry.DirectoryOf(path)}: {ex.Message}");
        }
    }

    private void Refuse(IHostApplicationLifetime lifetime, string reason)
    {
        _refusal = reason;
        lifetime.StopApplication();
    }

    /// <summary>The process's exit code once the host has stopped: 1 after printing the refusal, else 0.</summary>
    public int ExitCode(TextWriter error)
    {
        if (_refusal is not { } refusal) return 0;
        error.WriteLine($"error: {refusal}");
        return 1;
    }
}
