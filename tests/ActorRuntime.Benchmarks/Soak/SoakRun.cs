using ActorRuntime.Kernel;
using System.Collections.Concurrent;
using System.Diagnostics;
using ActorRuntime.Contexts;
using ActorRuntime.Diagnostics;
using ActorRuntime.Lifecycle;
using ActorRuntime.Timing;
using Akka.Actor;

namespace ActorRuntime.Benchmarks.Soak;

/// <summary>
/// The soak: the popup of a healthy event-page extension evaluates <c>(await browser.runtime.getBackgroundPage()).foo(21)</c>
/// cycle after cycle (each measured from C#, as <see cref="GetBackgroundPageBenchmarks"/> does), and every
/// <see cref="SoakSettings.SuspendEvery"/> cycles the popup is closed, the virtual clock moved past the idle timeout so the
/// page is suspended, and the popup opened again, so the next call wakes the page with fresh engines. First alone, then
/// beside a hostile extension on the same runtime whose popup and persistent background send each other messages forever
/// (a busy loop split into short turns, which no per-turn limit catches). With the shipped settings the runtime defers the
/// spinner's turns over its CPU share and, still wanting more after <c>unresponsive-after</c>, stops it as a whole: the
/// soak then records when, checks the stopped extension's engines are gone while its supervisor still refuses requests,
/// unloads it as a host would, and starts a fresh spinner, so that every measured cycle has one spinning beside it.
/// </summary>
internal sealed class SoakRun
{
    private const string Call = "(await browser.runtime.getBackgroundPage()).foo(21)";
    private const int HealthyEngines = 2;
    private const int HostileEngines = 2;
    private static readonly TimeSpan PastIdle = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HaltedEnginesGrace = TimeSpan.FromSeconds(10);

    private const string HostileBackground = """
        var count = 0;
        function spin() { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; }
        browser.runtime.onMessage.addListener(n => { count++; spin(); return Promise.resolve(n + 1); });
        """;

    private const string HostileStart = "(function ping(n) { browser.runtime.sendMessage(n).then(ping, () => ping(0)); })(0); 'spinning'";

    private readonly SoakSettings _settings;
    private readonly TextWriter _progress;
    private readonly EngineCensus _census = new();
    private readonly ConcurrentQueue<ExtensionHalted> _halts = new();
    private readonly ConcurrentQueue<string> _unexpectedLines = new();
    private readonly List<HaltRecord> _haltRecords = new();
    private readonly ExtensionRuntime _runtime;
    private LoadedExtension _healthy = null!;
    private Spinner? _hostile;
    private long _besideStarted;
    private int _suspensions;

    private sealed record Spinner(LoadedExtension Extension, long StartedAt);

    public SoakRun(SoakSettings settings, TextWriter progress)
    {
        _settings = settings;
        _progress = progress;
        var options = RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig) with
        {
            Clock = new VirtualClock(),
            EngineCensus = _census,
            Console = OnConsole,
        };
        _runtime = ExtensionRuntime.Start(options, BenchmarkExtensions.InMemoryStorage);
        _runtime.System.ActorOf(Props.Create<HaltWatcher>(_halts), "soak-halt-watcher");
    }

    public async Task<SoakResult> RunAsync()
    {
        try
        {
            _healthy = await _runtime.LoadAsync(BenchmarkExtensions.Write(BenchmarkExtensions.TwentyKilobyteScript(), persistent: false));
            await _healthy.OpenAsync("popup");
            await _healthy.SettleAsync();

            Progress($"warm-up alone: {_settings.WarmupCycles:N0} cycles");
            await CyclesAsync(_settings.WarmupCycles, record: null, samples: null);
            var alone = new long[_settings.AloneCycles];
            Progress($"alone: {alone.Length:N0} cycles");
            var aloneTime = Stopwatch.StartNew();
            await CyclesAsync(alone.Length, alone, samples: null);
            aloneTime.Stop();

            _besideStarted = Stopwatch.GetTimestamp();
            _hostile = await StartSpinnerAsync();
            Progress($"warm-up beside the spinner: {_settings.WarmupCycles:N0} cycles");
            await CyclesAsync(_settings.WarmupCycles, record: null, samples: null);
            var beside = new long[_settings.Cycles];
            var samples = new List<MemorySample> { await SampleAsync(0) };
            Progress($"beside the spinner: {beside.Length:N0} cycles, memory sampled every {_settings.SampleInterval:N0}");
            var besideTime = Stopwatch.StartNew();
            await CyclesAsync(beside.Length, beside, samples);
            besideTime.Stop();

            var aliveAtEnd = await CloseEverythingAsync();
            return new SoakResult(alone, aloneTime.Elapsed, beside, besideTime.Elapsed, samples, _haltRecords, _census.Created,
                aliveAtEnd, _suspensions, _unexpectedLines.ToArray());
        }
        finally
        {
            await _runtime.DisposeAsync();
        }
    }

    private async Task CyclesAsync(int count, long[]? record, List<MemorySample>? samples)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && i % _settings.SuspendEvery == 0) await SuspendAndReopenAsync();
            if (!_halts.IsEmpty) await ReplaceStoppedSpinnerAsync();
            var start = Stopwatch.GetTimestamp();
            var result = await _healthy.EvaluateAsync("popup", Call);
            var ticks = Stopwatch.GetTimestamp() - start;
            if (result != "42") throw new SoakFailedException($"cycle {i}: the healthy extension answered {result}, expected 42");
            if (record is not null) record[i] = ticks;
            if (samples is not null && (i + 1) % _settings.SampleInterval == 0)
            {
                samples.Add(await SampleAsync(i + 1));
                if (samples.Count % 10 == 0) Progress($"  {i + 1:N0} cycles, {samples[^1].Bytes / 1024.0 / 1024:0.00} MiB, {samples[^1].EnginesAlive} engines alive");
            }
        }
    }

    /// <summary>Closes the popup, lets the idle page be suspended (virtual time), and opens the popup again: the next call wakes the page.</summary>
    private async Task SuspendAndReopenAsync()
    {
        await _healthy.CloseAsync("popup");
        await _healthy.AdvanceAsync(PastIdle);
        if ((await _healthy.ContextsAsync()).Contains("background"))
            throw new SoakFailedException("the healthy event page was not suspended a minute after its popup closed");
        await _healthy.OpenAsync("popup");
        await _healthy.SettleAsync();
        _suspensions++;
    }

    private async Task<Spinner> StartSpinnerAsync()
    {
        var extension = await _runtime.LoadAsync(BenchmarkExtensions.Write(HostileBackground, persistent: true));
        await extension.OpenAsync("popup");
        var started = await extension.EvaluateAsync("popup", HostileStart);
        if (started != "\"spinning\"") throw new SoakFailedException($"the spinner did not start: {started}");
        return new Spinner(extension, Stopwatch.GetTimestamp());
    }

    /// <summary>The spinner was stopped as unresponsive: record when, check its engines went, unload it and start another.</summary>
    private async Task ReplaceStoppedSpinnerAsync()
    {
        while (_halts.TryDequeue(out var halted))
        {
            if (_hostile is not { } spinner || halted.ExtensionId != spinner.Extension.Id)
                throw new SoakFailedException($"an extension other than the spinner was stopped: {halted.ExtensionId}: {halted.Reason}");
            var after = Stopwatch.GetElapsedTime(spinner.StartedAt);
            var refused = await RefusesAsync(spinner.Extension);
            var alive = (await EnginesAliveAtMostAsync(HealthyEngines)).Count;
            _haltRecords.Add(new HaltRecord(Stopwatch.GetElapsedTime(_besideStarted), after, halted.Reason, refused, alive));
            Progress($"  spinner stopped after {after.TotalSeconds:0.0} s; {alive} engines alive while it refuses requests");
            await spinner.Extension.Supervisor.GracefulStop(StopTimeout);
            _hostile = await StartSpinnerAsync();
        }
    }

    private static async Task<bool> RefusesAsync(LoadedExtension extension)
    {
        try
        {
            await extension.EvaluateAsync("background", "count");
            return false;
        }
        catch (ExtensionFailedException)
        {
            return true;
        }
    }

    /// <summary>Live engines once at most <paramref name="expected"/> remain, or after a grace period (a stopped actor goes asynchronously).</summary>
    private async Task<IReadOnlyList<string>> EnginesAliveAtMostAsync(int expected)
    {
        var waited = Stopwatch.StartNew();
        IReadOnlyList<string> alive;
        while ((alive = _census.Alive()).Count > expected && waited.Elapsed < HaltedEnginesGrace) await Task.Delay(100);
        // Named by role: the folders' generated ids say nothing.
        return alive.Select(owner => (owner.StartsWith(_healthy.Id + " ", StringComparison.Ordinal) ? "healthy " : "spinner ") + owner.Split(' ', 2)[1]).ToList();
    }

    private async Task<MemorySample> SampleAsync(int cycle)
    {
        long? messages = null;
        if (_hostile is { } spinner)
        {
            try
            {
                messages = long.Parse(await spinner.Extension.EvaluateAsync("background", "count"), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (ExtensionFailedException)
            {
                // Stopped meanwhile: replaced before the next cycle.
            }
        }
        var alive = _census.CountAlive();
        return new MemorySample(cycle, GC.GetTotalMemory(forceFullCollection: true), alive, messages, Stopwatch.GetElapsedTime(_besideStarted));
    }

    /// <summary>Unloads the spinner, closes the popup and lets the page be suspended: no engine may be left alive.</summary>
    private async Task<IReadOnlyList<string>> CloseEverythingAsync()
    {
        await UnloadSpinnerAsync();
        await _healthy.CloseAsync("popup");
        await _healthy.AdvanceAsync(PastIdle);
        if ((await _healthy.ContextsAsync()).Count != 0) throw new SoakFailedException("the healthy extension still had contexts after its popup closed and a minute idle");
        return await EnginesAliveAtMostAsync(0);
    }

    /// <summary>Stops the spinner's supervisor and lets go of its handle (apart, so no awaiting method still holds it).</summary>
    private async Task UnloadSpinnerAsync()
    {
        if (_hostile is not { } spinner) return;
        _hostile = null;
        await spinner.Extension.Supervisor.GracefulStop(StopTimeout);
    }

    private void OnConsole(ConsoleEntry entry)
    {
        // The spinner's stop is announced on the console; anything else means a cycle went wrong somewhere.
        if (entry.Label == "extension" && entry.Text.StartsWith("extension stopped: ", StringComparison.Ordinal)) return;
        _unexpectedLines.Enqueue($"[{entry.Label}] {entry.Text}");
    }

    private void Progress(string line) => _progress.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    public static int MostEnginesExpected => HealthyEngines + HostileEngines;

    /// <summary>Hears <see cref="ExtensionHalted"/> on the event stream.</summary>
    private sealed class HaltWatcher(ConcurrentQueue<ExtensionHalted> halts) : UntypedActor
    {
        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ExtensionHalted));

        protected override void OnReceive(object message)
        {
            if (message is ExtensionHalted halted) halts.Enqueue(halted);
            else Unhandled(message);
        }
    }
}

internal sealed class SoakFailedException(string message) : Exception(message);

internal sealed record MemorySample(int Cycle, long Bytes, int EnginesAlive, long? SpinnerMessages, TimeSpan Elapsed);

internal sealed record HaltRecord(TimeSpan AtSoakTime, TimeSpan AfterStart, string Reason, bool Refused, int EnginesAlive);

internal sealed record SoakResult(
    long[] Alone, TimeSpan AloneTime, long[] Beside, TimeSpan BesideTime, IReadOnlyList<MemorySample> Samples,
    IReadOnlyList<HaltRecord> Halts, long EnginesCreated, IReadOnlyList<string> EnginesAliveAtEnd, int Suspensions, IReadOnlyList<string> UnexpectedLines);
