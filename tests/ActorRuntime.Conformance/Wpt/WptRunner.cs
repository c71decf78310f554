using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using ActorRuntime.Timing;
using Akka.Actor;
using Akka.Configuration;

namespace ActorRuntime.Conformance.Wpt;

/// <summary>The bounds of one test file's run.</summary>
public sealed record RunLimits
{
    /// <summary>
    /// Steps of virtual time: after the page has loaded and settled, the harness reads the report; while there is none
    /// it moves the page's virtual clock one second (firing the timers due, testharness's own timeouts among them) and
    /// reads again, at most this many times. testharness.js times a page out after 10 s (60 s for
    /// <c>&lt;meta name="timeout" content="long"&gt;</c>), so a page that still has no report after 90 steps never
    /// completes: it counts as <see cref="FileOutcome.StepLimit"/>.
    /// </summary>
    public int MaxSteps { get; init; } = 90;

    /// <summary>Real time a file may take in all (a page that keeps the runtime busy); past it the file counts as <see cref="FileOutcome.StepLimit"/>.</summary>
    public TimeSpan WallClock { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>CPU budget of one turn (the page load is one turn): above the runtime's default, which is for extensions, not test suites.</summary>
    public TimeSpan TurnBudget { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Runs WPT test pages in the runtime: for each file a fresh load of the generated extension on a fresh virtual clock
/// (so one file's timers, storage or failure cannot reach the next), the test page opened as an extension tab
/// (<c>page:&lt;path&gt;</c>), testharness.js's report read back with an evaluation (see Wpt/testharnessreport.js),
/// virtual time moved on while it has none, then the extension stopped.
/// </summary>
public sealed class WptRunner : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly RuntimeOptions _options;
    private readonly RunLimits _limits;
    private readonly ConcurrentQueue<ConsoleEntry> _console = new();
    private int _loads;

    public WptRunner(RunLimits? limits = null)
    {
        _limits = limits ?? new RunLimits();
        var config = ConfigurationFactory.ParseString("actorruntime.storage.provider = memory");
        var full = ActorRuntime.Configuration.ShippedConfig.WithDefaults(config);
        full = Storage.StorageSettings.PersistenceConfig(full).WithFallback(full);
        var defaults = RuntimeOptions.FromConfig(full);
        _options = defaults with
        {
            AskTimeout = _limits.WallClock,
            Limits = defaults.Limits with { Timeout = _limits.TurnBudget },
            Console = _console.Enqueue,
        };
        _system = ActorSystem.Create("wpt", full);
    }

    /// <summary>Runs one test of <paramref name="extension"/> (whose page for it was generated).</summary>
    public async Task<FileResult> RunAsync(GeneratedExtension extension, TestFile test)
    {
        if (test.NotRun is not null && !(test.Kind != TestKind.Other && TestCatalog.RunsForInformation(test.NotRun)))
            return new FileResult(test, FileOutcome.NotRun, test.NotRun, [], []);
        _console.Clear();
        var watch = Stopwatch.StartNew();
        using var wall = new CancellationTokenSource(_limits.WallClock);
        IActorRef? supervisor = null;
        FileResult result;
        try
        {
            var package = ExtensionPackage.Load(extension.Folder, _options.Files);
            var options = _options with { Clock = new VirtualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) };
            var spawned = ExtensionSpawner.Spawn(_system, package, options, null, "wpt-" + Interlocked.Increment(ref _loads));
            supervisor = spawned.Supervisor;
            var run = RunLoadedAsync(spawned, test, wall.Token);
            var finished = await Task.WhenAny(run, Task.Delay(Timeout.Infinite, wall.Token).ContinueWith(static _ => { }, TaskScheduler.Default));
            // A run given up on may still fail later: observed here so that it is not an unobserved task exception.
            _ = run.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            result = finished == run
                ? await run
                : new FileResult(test, FileOutcome.StepLimit, $"no report within {_limits.WallClock.TotalSeconds:0} s of real time", [], []);
        }
        catch (Exception) when (wall.IsCancellationRequested)
        {
            result = new FileResult(test, FileOutcome.StepLimit, $"no report within {_limits.WallClock.TotalSeconds:0} s of real time", [], []);
        }
        catch (Exception ex)
        {
            result = new FileResult(test, FileOutcome.NoReport, $"{ex.GetType().Name}: {ex.Message}", [], []);
        }
        finally
        {
            if (supervisor is not null)
            {
                try
                {
                    await supervisor.GracefulStop(TimeSpan.FromSeconds(30));
                }
                catch (Exception)
                {
                    // Still busy: the turn budget ends it; the next file runs in a new extension anyway.
                }
            }
        }
        var lines = _console.Select(e => $"[{e.Level}] {e.Text}").ToList();
        _console.Clear();
        return result with { Console = lines, Elapsed = watch.Elapsed };
    }

    private async Task<FileResult> RunLoadedAsync(SpawnedExtension spawned, TestFile test, CancellationToken cancellation)
    {
        await spawned.Supervisor.Ask<ExtensionSupervisor.Protocol.Started>(ExtensionSupervisor.Protocol.Start.Instance, _options.AskTimeout, cancellation);
        var extension = new LoadedExtension(spawned, _options.AskTimeout);
        var label = await extension.OpenAsync("page:" + test.PagePath + test.Variant, cancellationToken: cancellation);
        for (var step = 0; ; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            await extension.SettleAsync();
            var json = await extension.EvaluateAsync(label, "typeof self.__wptReport === 'function' ? self.__wptReport() : 'no-reporter'");
            var value = JsonSerializer.Deserialize<string?>(json);
            if (value == "no-reporter")
                return new FileResult(test, FileOutcome.NoReport, "testharness.js or the report script did not load or failed", [], []);
            if (value is not null) return Parse(test, value);
            if (step >= _limits.MaxSteps)
                return new FileResult(test, FileOutcome.StepLimit, $"no report after {_limits.MaxSteps} steps of 1 s of virtual time", [], []);
            await extension.AdvanceAsync(TimeSpan.FromSeconds(1));
        }
    }

    private sealed record Report(int status, string? message, List<ReportedTest> tests, List<string>? filled);

    private sealed record ReportedTest(string name, int status, string? message);

    private static FileResult Parse(TestFile test, string json)
    {
        var report = JsonSerializer.Deserialize<Report>(json)!;
        var outcome = report.status switch
        {
            0 => FileOutcome.Ok,
            1 => FileOutcome.HarnessError,
            2 => FileOutcome.HarnessTimeout,
            _ => FileOutcome.PreconditionFailed,
        };
        var subtests = report.tests.Select(t => new SubtestResult(t.name, (SubtestStatus)t.status, t.message)).ToList();
        return new FileResult(test, outcome, report.message, subtests, []) { Filled = report.filled ?? [] };
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
