namespace ActorRuntime.Conformance.Wpt;

/// <summary>A run's results with what the report needs besides them.</summary>
public sealed record SuiteRun(
    IReadOnlyList<string> Directories,
    IReadOnlyList<FileResult> Results,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> NotTestharness,
    int InlineScripts,
    IReadOnlyDictionary<string, int> InlineHandlers)
{
    public Report Report => new(Directories, Results, NotTestharness);
}

/// <summary>Finds, generates and runs the tests of some WPT directories: what the console program and the regression spec share.</summary>
public static class WptSuite
{
    /// <summary>
    /// Runs the tests of <paramref name="directories"/> that <paramref name="select"/> keeps (all by default), in id
    /// order; <paramref name="progress"/> sees each result as it comes.
    /// </summary>
    public static async Task<SuiteRun> RunAsync(WptTree tree, IReadOnlyList<string> directories, Func<TestFile, bool>? select = null,
        bool includeSkipped = false, RunLimits? limits = null, Action<FileResult>? progress = null, bool isolated = false)
    {
        var catalogs = directories.ToDictionary(d => d, d => TestCatalog.Discover(tree.Root, d));
        var tests = catalogs.Values.SelectMany(c => c.Tests)
            .Where(t => select is null || select(t))
            .Select(t => includeSkipped && t.NotRun is not null && t.Kind != TestKind.Other ? t with { NotRun = null } : t)
            .ToList();
        using var extension = GeneratedExtension.Build(tree.Root, directories, tests);
        var results = new List<FileResult>();
        if (isolated)
        {
            // Tests not run at all are reported here; the others run in child processes (IsolatedRunner), in the same order.
            var toRun = tests.Where(t => t.Kind != TestKind.Other && (t.NotRun is null || TestCatalog.RunsForInformation(t.NotRun))).ToList();
            var ran = (await IsolatedRunner.RunAsync(tree, extension, toRun, progress)).ToDictionary(r => r.Test.Id, StringComparer.Ordinal);
            foreach (var test in tests)
                results.Add(ran.TryGetValue(test.Id, out var result) ? result : new FileResult(test, FileOutcome.NotRun, test.NotRun, [], []));
        }
        else await using (var runner = new WptRunner(limits))
        {
            foreach (var test in tests)
            {
                var result = await runner.RunAsync(extension, test);
                results.Add(result);
                progress?.Invoke(result);
            }
        }
        return new SuiteRun(directories, results,
            catalogs.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, int>)c.Value.NotTestharness),
            extension.InlineScripts, extension.InlineHandlers);
    }

    /// <summary>The directory (of <see cref="WptTree.DefaultDirectories"/>) a test id belongs to, or null.</summary>
    public static string? DirectoryOf(string testId) =>
        WptTree.DefaultDirectories.FirstOrDefault(d => testId.StartsWith(d + "/", StringComparison.Ordinal));
}
