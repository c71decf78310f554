using System.Diagnostics;
using System.Text.Json;
using ActorRuntime.Conformance.Wpt;

// Runs web-platform-tests' testharness.js files in the runtime and reports the pass counts; see tests/wpt/README.md.
//
//   dotnet run --project tests/ActorRuntime.Conformance -c Release -- [dir...] [options]
//
//   dir...               WPT directories (default: dom/nodes dom/events html/semantics/forms url)
//   --wpt <path>         the WPT tree (default: $WPT_DIR, else tests/wpt/upstream)
//   --filter <text>      only the tests whose id contains the text (the report is then not written unless --out is given)
//   --tests <file>       only the tests listed in the file, one id a line (as the regression spec's subset; no report unless --out)
//   --out <file>         where the Markdown report goes (default: docs/dom-conformance.md for a full run)
//   --json <file>        every result, subtests and console lines included, as JSON
//   --passing <file>     the passing subtests ("<test id>\t<subtest name>" lines), for the regression spec's list
//   --include-skipped    also run the tests counted as not run
//   --verbose            one line per test file
//   --in-process         run the tests in this process (by default they run in a child process, restarted after a
//                        test that ends the process, e.g. by a stack overflow; that test counts as without a report)
if (args.Length >= 1 && args[0] == "--child")
{
    // A child process of an isolated run (Wpt/IsolatedRunner.cs): --child <extension folder> --tests <file> --wpt <tree>
    var childTree = WptTree.Locate(args[5])!;
    return await IsolatedRunner.ChildAsync(childTree, args[1], PassingList.Parse(File.ReadAllLines(args[3])));
}
var directories = new List<string>();
string? wpt = null, filter = null, output = null, json = null, passing = null, testsFile = null;
var includeSkipped = false;
var inProcess = false;
var verbose = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--wpt": wpt = Next(); break;
        case "--filter": filter = Next(); break;
        case "--tests": testsFile = Next(); break;
        case "--out": output = Next(); break;
        case "--json": json = Next(); break;
        case "--passing": passing = Next(); break;
        case "--include-skipped": includeSkipped = true; break;
        case "--verbose": verbose = true; break;
        case "--in-process": inProcess = true; break;
        case "-h" or "--help":
            Console.WriteLine("usage: dotnet run --project tests/ActorRuntime.Conformance -c Release -- [dir...] [--wpt path] [--filter text] [--tests file] [--out file] [--json file] [--passing file] [--include-skipped] [--verbose] [--in-process]");
            return 0;
        default:
            if (args[i].StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine($"unknown option {args[i]}"); return 2; }
            directories.Add(args[i].Trim('/'));
            break;
    }
}
var explicitDirectories = directories.Count > 0;
if (!explicitDirectories) directories.AddRange(WptTree.DefaultDirectories);
var tree = WptTree.Locate(wpt);
if (tree is null)
{
    Console.Error.WriteLine($"no WPT tree: give --wpt <path> or WPT_DIR, or extract one into {WptTree.DefaultLocation} (see tests/wpt/README.md)");
    return 2;
}
Console.WriteLine($"WPT tree {tree.Root} at {tree.Commit}");
IReadOnlySet<string>? selected = null;
if (testsFile is not null)
{
    selected = PassingList.Parse(File.ReadAllLines(testsFile)).ToHashSet(StringComparer.Ordinal);
    if (directories.Count == 0 || !explicitDirectories)
        directories = selected.Select(WptSuite.DirectoryOf).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
}
var watch = Stopwatch.StartNew();
var run = await WptSuite.RunAsync(tree, directories,
    t => (filter is null || t.Id.Contains(filter, StringComparison.Ordinal)) && (selected is null || selected.Contains(t.Id)),
    includeSkipped, isolated: !inProcess, progress: result =>
    {
        if (verbose && result.Outcome != FileOutcome.NotRun)
            Console.WriteLine($"{Report.OutcomeName(result.Outcome),-16} {result.Subtests.Count(s => s.Status == SubtestStatus.Pass),4}/{result.Subtests.Count,-4} {result.Elapsed.TotalSeconds,5:0.0}s {result.Test.Id}" +
                (result.Outcome is FileOutcome.NoReport or FileOutcome.StepLimit or FileOutcome.HarnessError ? "  " + Report.Cell(Report.Detail(result)) : ""));
    });
var results = run.Results;
var report = run.Report;
if (selected is not null)
    foreach (var missing in selected.Where(id => results.All(r => r.Test.Id != id)))
        Console.Error.WriteLine($"no test {missing} in the WPT tree");
Console.WriteLine();
Console.Write(report.Summary());
Console.WriteLine($"({results.Count(r => r.Outcome != FileOutcome.NotRun)} files run in {watch.Elapsed.TotalSeconds:0} s)");
output ??= filter is null && testsFile is null ? Path.Combine(WptTree.RepositoryRoot ?? ".", "docs", "dom-conformance.md") : null;
if (output is not null)
{
    File.WriteAllText(output, report.Markdown(tree.Commit, WptTree.RuntimeCommit(), run.InlineScripts, run.InlineHandlers));
    Console.WriteLine($"wrote {output}");
}
if (json is not null)
{
    File.WriteAllText(json, JsonSerializer.Serialize(results.Select(r => new
    {
        id = r.Test.Id, outcome = r.Outcome.ToString(), notRun = r.NotRun, message = r.Message,
        subtests = r.Subtests.Select(s => new { name = s.Name, status = s.Status.ToString(), message = s.Message }),
        console = r.Console, seconds = r.Elapsed.TotalSeconds,
    }), new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"wrote {json}");
}
if (passing is not null)
{
    PassingList.Write(passing, results);
    Console.WriteLine($"wrote {passing}");
}
return 0;
