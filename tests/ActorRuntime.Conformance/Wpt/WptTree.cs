using System.Diagnostics;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>
/// The WPT tree the tests are read from: a folder laid out as web-platform-tests/wpt (at least <c>resources/</c>,
/// <c>common/</c> and the directories under test), with a <c>WPT_COMMIT</c> file naming its upstream commit, as
/// <c>tests/wpt/extract.sh</c> writes it. The tree is not part of this repository (see tests/wpt/README.md).
/// </summary>
public sealed record WptTree(string Root, string Commit)
{
    public static readonly IReadOnlyList<string> DefaultDirectories = ["dom/nodes", "dom/events", "html/semantics/forms", "url"];

    /// <summary>The repository's checkout, found from the working directory or the program's folder (the one holding ActorRuntime.sln).</summary>
    public static string? RepositoryRoot { get; } = FindRepository(Environment.CurrentDirectory) ?? FindRepository(AppContext.BaseDirectory);

    public static string DefaultLocation => Path.Combine(RepositoryRoot ?? ".", "tests", "wpt", "upstream");

    /// <summary>The tree at <paramref name="path"/>, else at $WPT_DIR, else at tests/wpt/upstream; null when there is none.</summary>
    public static WptTree? Locate(string? path = null)
    {
        foreach (var candidate in new[] { path, Environment.GetEnvironmentVariable("WPT_DIR"), DefaultLocation })
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            var root = Path.GetFullPath(candidate);
            if (!File.Exists(Path.Combine(root, "resources", "testharness.js"))) continue;
            var commitFile = Path.Combine(root, "WPT_COMMIT");
            return new WptTree(root, File.Exists(commitFile) ? File.ReadAllText(commitFile).Trim() : "unknown");
        }
        return null;
    }

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorRuntime.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The runtime checkout's commit (with "+changes" when its tree differs), or null without git.</summary>
    public static string? RuntimeCommit()
    {
        if (RepositoryRoot is null) return null;
        try
        {
            var head = Git("rev-parse --short=12 HEAD");
            if (head is null) return null;
            var dirty = Git("status --porcelain --untracked-files=no -- src");
            return string.IsNullOrWhiteSpace(dirty) ? head : head + " (with uncommitted changes in src/)";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Git(string arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = RepositoryRoot!, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? text : null;
    }
}
