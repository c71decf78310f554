using Microsoft.Data.Sqlite;

namespace ActorRuntime.Storage;

/// <summary>
/// Whether an existing SQLite storage file can be used, checked before a node serves: a file cut short or overwritten
/// with garbage would otherwise be found only by each extension's first storage call, long after the node said it was ready.
/// </summary>
internal static class SqliteDatabaseCheck
{
    /// <summary>
    /// Null when <paramref name="path"/> is missing or empty (created on first use) or a sound, writable database;
    /// else why it cannot be used, in SQLite's own words, on one line.
    /// </summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return null;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            // quick_check reads every page and index (without cross-checking index contents): "ok", or what is wrong.
            var findings = Rows(connection, "PRAGMA quick_check");
            if (findings is not ["ok"])
                return "the integrity check failed: " + string.Join("; ", findings.Take(3)) + (findings.Count > 3 ? $" (and {findings.Count - 3} more)" : "");
            // Taking the write lock and letting it go finds a file or folder the node may not write to.
            Rows(connection, "BEGIN IMMEDIATE");
            Rows(connection, "ROLLBACK");
            return null;
        }
        catch (SqliteException ex)
        {
            return StorageFailure.Reason(ex);
        }
    }

    private static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetValue(0)?.ToString() ?? "");
        return rows;
    }
}
