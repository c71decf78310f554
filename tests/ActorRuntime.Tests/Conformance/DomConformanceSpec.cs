using ActorRuntime.Conformance.Wpt;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Conformance;

/// <summary>
/// The DOM must not lose ground on the web-platform-tests: a fixed subset of them (dom-conformance-subset.txt) runs
/// through the conformance harness (tests/ActorRuntime.Conformance), and every subtest listed in
/// dom-conformance-passing.txt must still pass. Subtests that pass but are not listed are printed as a hint to update
/// the list (tests/wpt/README.md says how). Skipped when there is no WPT tree (tests/wpt/upstream or WPT_DIR): the
/// tests themselves are not part of the repository.
/// </summary>
public sealed class DomConformanceSpec(ITestOutputHelper output)
{
    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Conformance", name);

    [WptFact]
    public async Task Subtests_known_to_pass_keep_passing()
    {
        var tree = WptTree.Locate()!;
        var subset = PassingList.Parse(File.ReadAllLines(Data("dom-conformance-subset.txt")));
        var expected = PassingList.Parse(File.ReadAllLines(Data("dom-conformance-passing.txt")));
        var directories = subset.Select(WptSuite.DirectoryOf).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var run = await WptSuite.RunAsync(tree, directories, t => subset.Contains(t.Id));

        var ran = run.Results.Where(r => r.Outcome != FileOutcome.NotRun).Select(r => r.Test.Id).ToHashSet(StringComparer.Ordinal);
        var absent = subset.Where(id => !ran.Contains(id)).Order(StringComparer.Ordinal).ToList();
        Assert.True(absent.Count == 0, $"tests of the subset that did not run (not in the WPT tree at {tree.Commit}, or counted as not run): {string.Join(", ", absent)}");

        var passing = PassingList.Lines(run.Results).ToHashSet(StringComparer.Ordinal);
        var newlyPassing = passing.Where(l => !expected.Contains(l)).Order(StringComparer.Ordinal).ToList();
        if (newlyPassing.Count > 0)
        {
            output.WriteLine($"{newlyPassing.Count} subtests pass that dom-conformance-passing.txt does not list yet (add them: tests/wpt/README.md):");
            foreach (var line in newlyPassing.Take(50)) output.WriteLine("  " + line.Replace('\t', ' '));
        }

        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var result in run.Results)
        {
            foreach (var subtest in result.Subtests)
                outcomes[PassingList.Line(result.Test.Id, subtest.Name)] = $"{subtest.Status}: {subtest.Message}";
        }
        var regressions = expected.Where(l => !passing.Contains(l)).Order(StringComparer.Ordinal).ToList();
        Assert.True(regressions.Count == 0,
            $"{regressions.Count} subtests known to pass no longer do:\n" + string.Join("\n", regressions.Take(40).Select(l =>
            {
                var file = l.Split('\t')[0];
                var why = outcomes.TryGetValue(l, out var outcome) ? outcome
                    : run.Results.FirstOrDefault(r => r.Test.Id == file) is not { } r ? "not run"
                    : r.Outcome is FileOutcome.NoReport or FileOutcome.StepLimit ? $"the file did not report ({Report.OutcomeName(r.Outcome)}: {Report.Detail(r)})"
                    : $"the file reported no subtest of that name (harness {Report.OutcomeName(r.Outcome)}{(r.Message is null ? "" : ": " + r.Message)}; renamed upstream?)";
                return $"  {l.Replace("\t", " — ")}: {why}";
            })));
    }
}

/// <summary>A fact that is skipped, saying why, when no WPT tree is there to run.</summary>
public sealed class WptFactAttribute : FactAttribute
{
    public WptFactAttribute()
    {
        if (WptTree.Locate() is null)
            Skip = $"no web-platform-tests tree: extract one into {WptTree.DefaultLocation} or set WPT_DIR (tests/wpt/README.md)";
    }
}
