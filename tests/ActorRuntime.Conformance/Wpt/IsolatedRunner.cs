using System.Diagnostics;
using System.Text.Json;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>
/// Runs tests in a child process of this program (<c>--child</c>), so that a test that brings the runtime down with
/// it (a stack overflow in the binding ends a .NET process whatever catches what) costs that test only: the file that
/// was running counts as <see cref="FileOutcome.NoReport"/> with the process's last words, and a new child goes on
/// with the files after it. The child prints one <c>@@wpt start &lt;id&gt;</c> line before each file and one
/// <c>@@wpt result &lt;json&gt;</c> line after it.
/// </summary>
public static class IsolatedRunner
{
    private const string Prefix = "@@wpt ";

    public static async Task<List<FileResult>> RunAsync(WptTree tree, GeneratedExtension extension, IReadOnlyList<TestFile> tests, Action<FileResult>? progress)
    {
        var results = new List<FileResult>();
        var byId = tests.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var remaining = new Queue<TestFile>(tests);
        while (remaining.Count > 0)
        {
            var listFile = Path.Combine(extension.Folder, "..", Path.GetFileName(extension.Folder) + ".tests");
            await File.WriteAllLinesAsync(listFile, remaining.Select(t => t.Id));
            var start = ChildStart(tree.Root, extension.Folder, listFile);
            using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
            var stderr = new List<string>();
            var stderrStart = new List<string>();
            child.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr)
                {
                    if (stderrStart.Count < 20) stderrStart.Add(e.Data);
                    stderr.Add(e.Data);
                    if (stderr.Count > 200) stderr.RemoveAt(0);
                }
            };
            child.BeginErrorReadLine();
            var stdoutTail = new Queue<string>();
            TestFile? current = null;
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    stdoutTail.Enqueue(line);
                    if (stdoutTail.Count > 200) stdoutTail.Dequeue();
                    continue;
                }
                var body = line[Prefix.Length..];
                if (body.StartsWith("start ", StringComparison.Ordinal)) current = byId[body["start ".Length..]];
                else if (body.StartsWith("result ", StringComparison.Ordinal))
                {
                    var result = Decode(byId, body["result ".Length..]);
                    results.Add(result);
                    progress?.Invoke(result);
                    remaining.Dequeue();
                    current = null;
                }
            }
            await child.WaitForExitAsync();
            File.Delete(listFile);
            if (remaining.Count == 0) break;
            // The child ended without a result for the file it was running (or before starting one): that file failed.
            var failed = current ?? remaining.Peek();
            remaining.Dequeue();
            string[] lastWords;
            lock (stderr) lastWords = [.. stdoutTail.Concat(stderrStart).Concat(stderr).Where(l => l.Trim().Length > 0)];
            var reason = lastWords.FirstOrDefault(l => l.Contains("overflow", StringComparison.OrdinalIgnoreCase) || l.Contains("Unhandled", StringComparison.Ordinal))
                ?? lastWords.LastOrDefault() ?? "no output";
            var frames = lastWords.Where(l => l.TrimStart().StartsWith("at ActorRuntime.", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().Take(4);
            var crashed = new FileResult(failed, FileOutcome.NoReport,
                $"the runtime's process ended (exit code {child.ExitCode}) while running this file: {reason.Trim()} [{string.Join("; ", frames)}]", [], []);
            results.Add(crashed);
            progress?.Invoke(crashed);
        }
        return results;
    }

    private static ProcessStartInfo ChildStart(string wptRoot, string folder, string listFile)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(IsolatedRunner).Assembly.Location);
        foreach (var arg in new[] { "--child", folder, "--tests", listFile, "--wpt", wptRoot }) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>The child's side: runs the listed tests of the already generated extension folder, printing each result.</summary>
    public static async Task<int> ChildAsync(WptTree tree, string folder, IReadOnlySet<string> ids)
    {
        var directories = ids.Select(WptSuite.DirectoryOf).OfType<string>().Distinct().ToList();
        var tests = directories.SelectMany(d => TestCatalog.Discover(tree.Root, d).Tests).Where(t => ids.Contains(t.Id))
            .Select(t => t.NotRun is not null && !TestCatalog.RunsForInformation(t.NotRun) ? t with { NotRun = null } : t)
            .OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        var extension = GeneratedExtension.Existing(folder);
        await using var runner = new WptRunner();
        foreach (var test in tests)
        {
            Console.WriteLine(Prefix + "start " + test.Id);
            var result = await runner.RunAsync(extension, test);
            Console.WriteLine(Prefix + "result " + Encode(result));
        }
        return 0;
    }

    private sealed record Dto(string Id, FileOutcome Outcome, string? Message, List<SubtestResult> Subtests, List<string> Console, List<string> Filled, double Seconds);

    private static string Encode(FileResult r) =>
        JsonSerializer.Serialize(new Dto(r.Test.Id, r.Outcome, r.Message, [.. r.Subtests], [.. r.Console], [.. r.Filled], r.Elapsed.TotalSeconds));

    private static FileResult Decode(Dictionary<string, TestFile> byId, string json)
    {
        var dto = JsonSerializer.Deserialize<Dto>(json)!;
        return new FileResult(byId[dto.Id], dto.Outcome, dto.Message, dto.Subtests, dto.Console) { Filled = dto.Filled, Elapsed = TimeSpan.FromSeconds(dto.Seconds) };
    }
}
