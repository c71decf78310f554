namespace ActorRuntime.Host;

/// <summary><c>--strict</c>: whether any context reported an uncaught error or an unhandled rejection on its console.</summary>
internal sealed class StrictWatch
{
    private volatile bool _failed;

    public void See(ConsoleEntry entry)
    {
        // What the runtime reported, not what a script chose to print.
        if (entry.Level == "error" && !entry.IsScriptOutput && entry.Text.StartsWith("Uncaught", StringComparison.Ordinal)) _failed = true;
    }

    /// <summary>3 when strict and something was uncaught, unless the run already failed on bad input (2).</summary>
    public int ExitCode(bool strict, int code) => strict && _failed && code != 2 ? 3 : code;
}

/// <summary>A <c>--host</c> file, read whole (bounded as a script file of an extension is).</summary>
internal static class HostScriptFile
{
    private const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>Every <c>--host</c> file; false (after one <c>error:</c> line) when one cannot be read.</summary>
    public static bool TryReadAll(IEnumerable<string> paths, TextWriter error, out List<HostScriptSource> scripts)
    {
        try
        {
            scripts = paths.Select(Read).ToList();
            return true;
        }
        catch (ExtensionRequestException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            scripts = [];
            return false;
        }
    }

    public static HostScriptSource Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new ExtensionRequestException($"--host {path}: no such file");
        if (info.Length > MaxBytes) throw new ExtensionRequestException($"--host {path}: the file is larger than {MaxBytes / (1024 * 1024)} MiB");
        try
        {
            return new HostScriptSource(info.Name, File.ReadAllText(info.FullName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExtensionRequestException($"--host {path}: cannot be read ({ex.Message})");
        }
    }
}
