using System.Text.RegularExpressions;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>One cause of failures: how many subtests and files it accounts for, with an example.</summary>
public sealed record CauseCount(string Cause, int Subtests, int Files, string Example);

/// <summary>
/// Groups failures by what their messages name: a missing global, a member that is not a function, a read of a
/// member that is missing, a refused receiver, and, for an exception of the wrong kind or a rejected promise, the error
/// that was thrown instead. A failed assertion that names nothing of the kind is grouped by its kind and file (the
/// file tells the area: "assert_equals in dom/nodes/Node-cloneNode.html"). Anything else is grouped by its own text
/// with numbers and quoted values blanked out.
/// </summary>
public static class FailureCauses
{
    private static readonly Regex Inner = new(
        @"(?:threw object|Unhandled rejection with value: object|threw) ""(?<inner>(?:\w*Error|DOMException|Error)\b[^""]*)""", RegexOptions.CultureInvariant);

    private static readonly (Regex Pattern, Func<Match, string> Cause)[] Rules =
    [
        (new(@"^(?:\w*Error: )?(?<what>[\w.$]+) is not defined"), m => $"not defined: {m.Groups["what"].Value}"),
        (new(@"Property '(?<what>[^']+)' of object is not a function"), m => $"not a function: .{m.Groups["what"].Value}"),
        (new(@"^(?:\w*Error: )?(?<what>[\w.$\[\]]+) is not a function"), m => $"not a function: {m.Groups["what"].Value}"),
        (new(@"^(?:\w*Error: )?(?<what>[\w.$\[\]]+) is not a constructor"), m => $"not a constructor: {m.Groups["what"].Value}"),
        (new(@"Cannot read properties of (?<of>undefined|null) \(reading '(?<what>[^']+)'\)"), m => $"read of {m.Groups["of"].Value} (.{m.Groups["what"].Value})"),
        (new(@"Cannot set properties of (?<of>undefined|null) \(setting '(?<what>[^']+)'\)"), m => $"write to {m.Groups["of"].Value} (.{m.Groups["what"].Value})"),
        (new(@"'(?<verb>get|set)? ?(?<member>\w+)' called on an object that does not implement interface (?<iface>\w+)"),
            m => $"receiver refused: {m.Groups["iface"].Value}.prototype.{m.Groups["member"].Value} rejects a {m.Groups["iface"].Value} (one the binding threw, being stringified, or one made with new {m.Groups["iface"].Value}())"),
        (new(@"The (?<what>[\w.]+) attribute doesn't exist"), m => $"missing attribute: {m.Groups["what"].Value}"),
        (new(@"^Operation is not supported"), _ => "NotSupportedError (\"Operation is not supported\"), e.g. document.createEvent of an interface name it does not know"),
        (new(@"Cannot assign to read only property '(?<what>[^']+)'"), m => $"read-only: .{m.Groups["what"].Value} cannot be assigned"),
        (new(@"^(?:\w*Error: )?Illegal constructor"), _ => "Illegal constructor (an interface object that cannot be constructed)"),
    ];

    private static readonly Regex Assertion = new(@"^(?<assert>assert_\w+|promise_rejects_\w+|promise_test|async_test)\b", RegexOptions.CultureInvariant);
    private static readonly Regex Quoted = new(@"""[^""]*""|'[^']*'", RegexOptions.CultureInvariant);
    private static readonly Regex Number = new(@"\b\d+\b", RegexOptions.CultureInvariant);

    /// <summary>The cause a failure message names; <paramref name="file"/> places an assertion that names nothing.</summary>
    public static string Of(string? message, string? file = null)
    {
        if (string.IsNullOrWhiteSpace(message)) return "(no message)";
        var text = message.Trim();
        if (Inner.Match(text) is { Success: true } inner)
        {
            var innerCause = Named(inner.Groups["inner"].Value);
            if (innerCause is not null) return innerCause;
        }
        if (Named(text) is { } named) return named;
        if (text.Contains(" did not throw", StringComparison.Ordinal) && text.StartsWith("assert_throws", StringComparison.Ordinal))
            return $"{text[..text.IndexOf(':')]}: nothing thrown" + (file is null ? "" : $" in {file}");
        if (text.Contains("but got (undefined) undefined", StringComparison.Ordinal) && text.StartsWith("assert_", StringComparison.Ordinal))
            return "reads undefined where a value is expected (a missing attribute)" + (file is null ? "" : $" in {file}");
        if (Assertion.Match(text) is { Success: true } assertion)
            return assertion.Groups["assert"].Value + (file is null ? "" : $" in {file}");
        text = Number.Replace(Quoted.Replace(text, "\"…\""), "N");
        return text.Length > 160 ? text[..160] + "…" : text;
    }

    private static readonly Regex ConsoleError = new(@"^\[error\] (?:Uncaught (?:\(in promise\) )?)?(?<text>.*?)(?: \([^()]*:\d+:\d+\))?$", RegexOptions.CultureInvariant);

    /// <summary>The cause named by the first error on the page's console (a script that threw, failed to load or was not run), if any.</summary>
    private static string? PageError(FileResult r)
    {
        foreach (var line in r.Console)
        {
            if (ConsoleError.Match(line) is not { Success: true } match) continue;
            var text = match.Groups["text"].Value;
            if (text.Contains("ES module scripts in pages are not supported", StringComparison.Ordinal)) return "<script type=\"module\"> not run (ES module scripts in pages are not supported)";
            if (text.StartsWith("Loading failed for the script", StringComparison.Ordinal)) return "a script failed to load";
            if (text.StartsWith("Content-Security-Policy", StringComparison.Ordinal) || text.StartsWith("Refused to execute", StringComparison.Ordinal)) continue;
            return Of(text.StartsWith("Error: assert_", StringComparison.Ordinal) ? text["Error: ".Length..] : text);
        }
        return null;
    }

    private static string? Named(string text)
    {
        foreach (var (pattern, cause) in Rules)
            if (pattern.Match(text) is { Success: true } match) return cause(match);
        return null;
    }

    /// <summary>
    /// Failed and timed-out subtests, and files without a report or with a harness error, of the counted tests (not
    /// those run for information), grouped by cause, most subtests first.
    /// </summary>
    public static IReadOnlyList<CauseCount> Group(IEnumerable<FileResult> results)
    {
        var groups = new Dictionary<string, (int Subtests, HashSet<string> Files, string Example)>(StringComparer.Ordinal);
        void Add(string cause, string file, string example)
        {
            if (!groups.TryGetValue(cause, out var g)) g = (0, new HashSet<string>(StringComparer.Ordinal), example);
            g.Files.Add(file);
            groups[cause] = (g.Subtests + 1, g.Files, g.Example);
        }
        foreach (var r in results)
        {
            if (r.Outcome is FileOutcome.NotRun || r.NotRun is not null) continue;
            var file = r.Test.Id.Split('?')[0];
            if (r.Outcome is FileOutcome.NoReport or FileOutcome.StepLimit)
                Add("file without a report: " + Of(r.Message), r.Test.Id, $"{r.Test.Id}: {Report.Detail(r)}");
            else if (r.Outcome is FileOutcome.HarnessError)
                Add("harness error: " + Of(r.Message, file), r.Test.Id, $"{r.Test.Id}: {r.Message}");
            var pageError = PageError(r);
            foreach (var s in r.Subtests)
            {
                if (s.Status is SubtestStatus.Pass) continue;
                var cause = s.Status switch
                {
                    SubtestStatus.Timeout => pageError is null ? $"subtest timed out in {file}" : $"subtest timed out after a page error: {pageError}",
                    SubtestStatus.NotRun => pageError is null ? $"subtest not run (the harness stopped first) in {file}" : $"subtest not run after a page error: {pageError}",
                    SubtestStatus.PreconditionFailed => "precondition failed: " + Of(s.Message, file),
                    _ => Of(s.Message, file),
                };
                Add(cause, r.Test.Id, $"{r.Test.Id} — {s.Name} — {s.Message}");
            }
        }
        return groups.Select(g => new CauseCount(g.Key, g.Value.Subtests, g.Value.Files.Count, g.Value.Example))
            .OrderByDescending(c => c.Subtests).ThenBy(c => c.Cause, StringComparer.Ordinal).ToList();
    }
}
