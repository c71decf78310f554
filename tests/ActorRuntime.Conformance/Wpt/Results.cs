namespace ActorRuntime.Conformance.Wpt;

/// <summary>A subtest's result, as testharness.js reports it.</summary>
public enum SubtestStatus
{
    Pass = 0,
    Fail = 1,
    Timeout = 2,
    NotRun = 3,
    PreconditionFailed = 4,
}

public sealed record SubtestResult(string Name, SubtestStatus Status, string? Message);

/// <summary>How running a test file ended.</summary>
public enum FileOutcome
{
    /// <summary>testharness.js completed (its harness status OK).</summary>
    Ok,

    /// <summary>testharness.js completed with harness status ERROR (an uncaught error, a failed setup, …).</summary>
    HarnessError,

    /// <summary>testharness.js's own (virtual) timeout fired before every test had finished.</summary>
    HarnessTimeout,

    /// <summary>testharness.js completed with harness status PRECONDITION_FAILED.</summary>
    PreconditionFailed,

    /// <summary>testharness.js never completed within the harness's limit of virtual time steps (or wall time).</summary>
    StepLimit,

    /// <summary>No report could be had: the page failed to open, testharness.js did not load, the extension stopped.</summary>
    NoReport,

    /// <summary>Counted, not run: see <see cref="FileResult.NotRun"/>.</summary>
    NotRun,
}

/// <summary>The result of one test file (one variant of it); <see cref="Console"/> has the page's console lines.</summary>
public sealed record FileResult(TestFile Test, FileOutcome Outcome, string? Message, IReadOnlyList<SubtestResult> Subtests, IReadOnlyList<string> Console)
{
    public string? NotRun => Test.NotRun;
    public TimeSpan Elapsed { get; init; }

    /// <summary>The window members the harness's prelude had to fill in for testharness.js (see Wpt/wpt-prelude.js).</summary>
    public IReadOnlyList<string> Filled { get; init; } = [];
}
