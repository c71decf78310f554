namespace ActorRuntime.Storage;

/// <summary>
/// The processes writing one SQLite storage file, each registered by a file in <c>&lt;database&gt;.nodes/</c> named
/// after its cluster address and held open exclusively (<see cref="FileShare.None"/>: an OS lock) for as long as it
/// runs. The operating system lets go of the lock when the process ends, however it ends, so a registration whose
/// file can be opened again belongs to a process that is gone: nothing goes stale after a <c>kill -9</c>.
/// A separate folder, not the database: SQLite takes its own locks on the database file.
/// </summary>
internal sealed class SqliteWriterRegistry : IDisposable
{
    private const string Suffix = ".lock";
    private readonly string _directory;
    private readonly FileStream _held;
    private readonly string _ownFile;

    private SqliteWriterRegistry(string directory, string ownFile, FileStream held)
    {
        _directory = directory;
        _ownFile = ownFile;
        _held = held;
    }

    /// <summary>The folder where processes writing <paramref name="databasePath"/> register.</summary>
    public static string DirectoryOf(string databasePath) => databasePath + ".nodes";

    /// <summary>
    /// Registers this process, known to its cluster as <paramref name="address"/>, as a writer of <paramref name="databasePath"/>.
    /// Another process looking at the registrations holds a file for an instant, so a busy file is tried again a few times.
    /// </summary>
    public static async Task<SqliteWriterRegistry> RegisterAsync(string databasePath, string address)
    {
        var directory = DirectoryOf(databasePath);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, Uri.EscapeDataString(address) + Suffix);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new SqliteWriterRegistry(directory, file, new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>The addresses of the other processes registered that are still running.</summary>
    public IReadOnlyList<string> OthersRunning()
    {
        var running = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Suffix))
            if (file != _ownFile && IsHeld(file))
                running.Add(Uri.UnescapeDataString(Path.GetFileName(file)[..^Suffix.Length]));
        running.Sort(StringComparer.Ordinal);
        return running;
    }

    // A file that cannot be opened exclusively is held by a live process (or unreadable to us: counted as live, to be safe).
    private static bool IsHeld(string file)
    {
        try
        {
            using var probe = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Unregisters: the file goes while still held, so no one can take it for a registration of theirs in between.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_ownFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: not held, so it reads as a process that is gone.
        }
        _held.Dispose();
    }
}
