namespace ActorRuntime.RemoteClient;

// The files steps name, read on this machine: by run and remote, and by a front door client that sends their contents.

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

/// <summary>A <c>--page</c> file, read whole.</summary>
internal static class PageFile
{
    /// <summary>The largest web page <c>--page</c> reads, as the largest file an extension may hold by default.</summary>
    private const long MaxPageBytes = 64L * 1024 * 1024;

    public static string Read(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists) throw new ExtensionRequestException($"--page {file}: no such file");
        if (info.Length > MaxPageBytes) throw new ExtensionRequestException($"--page {file}: the file is larger than {MaxPageBytes / (1024 * 1024)} MiB");
        try
        {
            return File.ReadAllText(info.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExtensionRequestException($"--page {file}: cannot be read ({ex.Message})");
        }
    }
}
