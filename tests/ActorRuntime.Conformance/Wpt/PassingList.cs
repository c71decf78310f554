namespace ActorRuntime.Conformance.Wpt;

/// <summary>
/// The list of subtests known to pass, as the regression spec keeps it: one "&lt;test id&gt;\t&lt;subtest name&gt;" line
/// each (tabs and line breaks in a name written as \t and \n), sorted; lines starting with # are comments.
/// </summary>
public static class PassingList
{
    public static string Line(string testId, string subtest) => testId + "\t" + Escape(subtest);

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    /// <summary>The passing subtests of <paramref name="results"/> as lines of the list.</summary>
    public static IEnumerable<string> Lines(IEnumerable<FileResult> results) =>
        results.SelectMany(r => r.Subtests.Where(s => s.Status == SubtestStatus.Pass).Select(s => Line(r.Test.Id, s.Name)))
            .Distinct().Order(StringComparer.Ordinal);

    /// <summary>The list's first line.</summary>
    public const string Header = "# Subtests of dom-conformance-subset.txt known to pass (\"<test id>\\t<subtest name>\"), written by the conformance harness (tests/wpt/README.md).";

    /// <summary>Writes the list of the passing subtests of <paramref name="results"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<FileResult> results) => File.WriteAllLines(path, Lines(results).Prepend(Header));

    /// <summary>The entries of a list's text.</summary>
    public static HashSet<string> Parse(IEnumerable<string> lines) =>
        lines.Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
}
