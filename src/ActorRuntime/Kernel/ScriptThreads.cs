using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Dispatch;

namespace ActorRuntime.Kernel;

/// <summary>
/// The script threads. Work an actor on one of these threads hands to another actor (a request passing from a popup to its
/// supervisor to a worker, and back) stays on that thread: it runs next there, on a warm cache, without waking a thread on the
/// other core to take it (which is what a shared queue does, and costs more than the hand-off). So that an extension busy on
/// one thread cannot hold back work handed over on that thread, an idle thread takes such work once it has waited
/// <see cref="ScriptThreadSettings.StealAfter"/>: while any thread runs, one idle thread wakes at that interval to look.
/// Work from outside (a caller, a timer, another dispatcher) goes to a shared queue and wakes an idle thread at once.
/// </summary>
internal sealed class ScriptThreads : ExecutorService
{
    private const int Running = 0, Spinning = 1, Watching = 2, Parked = 3;

    /// <summary>How often a thread with work of its own looks at the shared queue first, so outside work is never starved.</summary>
    private const int SharedFirstEvery = 32;

    private readonly Worker[] _workers;
    private readonly ConcurrentQueue<IRunnable> _shared = new();
    private readonly long _stealAfterTicks;
    private readonly int _stealAfterMilliseconds;
    private readonly int _idleSpins;
    private readonly long _watchForTicks;
    private long _lastRan;
    private readonly Action<Exception> _failed;
    private volatile bool _shuttingDown;
    private volatile int _lastIdle;

    [ThreadStatic] private static Worker? _current;

    public ScriptThreads(string id, ScriptThreadSettings settings, Action<Exception> failed) : base(id)
    {
        _stealAfterTicks = (long)(settings.StealAfter.TotalSeconds * Stopwatch.Frequency);
        _stealAfterMilliseconds = (int)Math.Ceiling(settings.StealAfter.TotalMilliseconds);
        _idleSpins = settings.IdleSpins;
        _watchForTicks = (long)(settings.WatchFor.TotalSeconds * Stopwatch.Frequency);
        _failed = failed;
        _workers = new Worker[settings.ThreadCount];
        for (var i = 0; i < _workers.Length; i++) _workers[i] = new Worker(this, i);
        foreach (var worker in _workers)
        {
            var thread = new Thread(() => Work(worker)) { IsBackground = true, Name = $"{id}-{worker.Index}" };
            thread.Start();
        }
    }

    public override void Execute(IRunnable run)
    {
        if (_shuttingDown) throw new RejectedExecutionException($"{Id} is shutting down");
        if (_current is { } worker && ReferenceEquals(worker.Pool, this))
        {
            worker.Hand(run);
            EnsureWatched(worker);
            return;
        }
        _shared.Enqueue(run);
        WakeOne();
    }

    /// <summary>How many threads sleep until woken (neither running, spinning nor watching).</summary>
    internal int SleepingThreads => _workers.Count(worker => Volatile.Read(ref worker.State) == Parked);

    public override void Shutdown()
    {
        _shuttingDown = true;
        foreach (var worker in _workers) TryWake(worker);
    }

    private void Work(Worker self)
    {
        _current = self;
        var ranSinceIdle = false;
        while (true)
        {
            if (TryTake(self, out var run))
            {
                ranSinceIdle = true;
                try
                {
                    run.Run();
                }
                catch (Exception failure)
                {
                    _failed(failure);
                }
                continue;
            }
            if (_shuttingDown) return;
            if (ranSinceIdle)
            {
                _lastIdle = self.Index;
                Volatile.Write(ref _lastRan, Stopwatch.GetTimestamp());
            }
            Park(self, spinFirst: ranSinceIdle);
            ranSinceIdle = false;
        }
    }

    private bool TryTake(Worker self, out IRunnable run)
    {
        if (++self.Takes % SharedFirstEvery == 0 && _shared.TryDequeue(out run!)) return true;
        if (self.TryTakeOwn(out run)) return true;
        if (_shared.TryDequeue(out run!)) return true;
        return TrySteal(self, out run);
    }

    /// <summary>Takes the oldest work another thread was handed, if it has waited at least the steal delay.</summary>
    private bool TrySteal(Worker self, out IRunnable run)
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 1; i < _workers.Length; i++)
        {
            if (_workers[(self.Index + i) % _workers.Length].TryTakeWaiting(now - _stealAfterTicks, out run)) return true;
        }
        run = null!;
        return false;
    }

    private bool HasWork(Worker self)
    {
        if (!_shared.IsEmpty) return true;
        var now = Stopwatch.GetTimestamp();
        foreach (var worker in _workers)
        {
            if (worker.HasWaiting(ReferenceEquals(worker, self) ? long.MaxValue : now - _stealAfterTicks)) return true;
        }
        return false;
    }

    /// <summary>
    /// Idles a thread. After running something it first spins a while looking for work (waking a sleeping thread costs far more
    /// than a hand-off). Then one idle thread keeps watching, waking every steal delay, while another thread runs (that one may
    /// hand over work it will not get to) and for a while after the last run (so the next hand-over need not wake it); the
    /// others sleep until woken. Each state is published before looking again, so work handed or queued meanwhile is either
    /// seen here or its producer sees this thread idle and wakes it; whoever wakes a thread sets it running, and the thread
    /// takes the signal.
    /// </summary>
    private void Park(Worker self, bool spinFirst)
    {
        if (spinFirst)
        {
            Interlocked.Exchange(ref self.State, Spinning);
            var spinner = new SpinWait();
            for (var i = 0; i < _idleSpins; i++)
            {
                if (Volatile.Read(ref self.State) == Running)
                {
                    self.Signal.Wait();
                    return;
                }
                if (_shuttingDown || HasWork(self))
                {
                    ResumeOrTakeSignal(self, Spinning);
                    return;
                }
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            if (Interlocked.CompareExchange(ref self.State, Watching, Spinning) != Spinning)
            {
                self.Signal.Wait();
                return;
            }
        }
        else Interlocked.Exchange(ref self.State, Watching);
        if (_shuttingDown || HasWork(self))
        {
            ResumeOrTakeSignal(self, Watching);
            return;
        }
        if (ShouldWatch(self, Stopwatch.GetTimestamp() - Volatile.Read(ref _lastRan) < _watchForTicks))
        {
            if (!self.Signal.Wait(_stealAfterMilliseconds)) ResumeOrTakeSignal(self, Watching);
            return;
        }
        if (Interlocked.CompareExchange(ref self.State, Parked, Watching) != Watching)
        {
            self.Signal.Wait();
            return;
        }
        // A thread that started running and handed work over just now may have counted on this one watching.
        if (_shuttingDown || HasWork(self) || ShouldWatch(self, recently: false)) ResumeOrTakeSignal(self, Parked);
        else self.Signal.Wait();
    }

    /// <summary>Whether this idle thread should be the one watching: none else is, and a thread runs or ran <paramref name="recently"/>.</summary>
    private bool ShouldWatch(Worker self, bool recently)
    {
        var running = false;
        foreach (var worker in _workers)
        {
            if (ReferenceEquals(worker, self)) continue;
            var state = Volatile.Read(ref worker.State);
            if (state == Watching) return false;
            running |= state == Running;
        }
        return (running || recently) && _workers.Length > 1;
    }

    private static void ResumeOrTakeSignal(Worker self, int parkedAs)
    {
        if (Interlocked.CompareExchange(ref self.State, Running, parkedAs) != parkedAs) self.Signal.Wait();
    }

    /// <summary>After a hand-over: makes sure an idle thread will look at it within the steal delay (usually one already does).</summary>
    private void EnsureWatched(Worker self)
    {
        // The hand-over was written under a lock, which does not order it before the reads below; Park orders the other way.
        Interlocked.MemoryBarrier();
        Worker? parked = null;
        foreach (var worker in _workers)
        {
            if (ReferenceEquals(worker, self)) continue;
            var state = Volatile.Read(ref worker.State);
            if (state is Spinning or Watching) return;
            if (state == Parked) parked ??= worker;
        }
        if (parked is not null) TryWake(parked);
    }

    /// <summary>Wakes an idle thread for work from outside, the one that went idle last first (its cache is the warmest).</summary>
    private void WakeOne()
    {
        if (TryWake(_workers[_lastIdle])) return;
        foreach (var worker in _workers)
        {
            if (TryWake(worker)) return;
        }
    }

    private static bool TryWake(Worker worker)
    {
        var state = Volatile.Read(ref worker.State);
        if (state == Running || Interlocked.CompareExchange(ref worker.State, Running, state) != state) return false;
        worker.Signal.Release();
        return true;
    }

    private sealed class Worker(ScriptThreads pool, int index)
    {
        public readonly ScriptThreads Pool = pool;
        public readonly int Index = index;
        public readonly WakeSignal Signal = new();
        public int State = Running;
        public int Takes;
        private readonly Queue<(IRunnable Run, long HandedAt)> _handed = new();

        /// <summary>When the oldest work still handed was handed (<see cref="long.MaxValue"/> for none): looked at without the lock.</summary>
        private long _oldestHandedAt = long.MaxValue;

        public void Hand(IRunnable run)
        {
            var handedAt = Stopwatch.GetTimestamp();
            lock (_handed)
            {
                _handed.Enqueue((run, handedAt));
                if (_handed.Count == 1) Volatile.Write(ref _oldestHandedAt, handedAt);
            }
        }

        public bool TryTakeOwn(out IRunnable run) => TryTakeWaiting(long.MaxValue, out run);

        /// <summary>Takes the oldest handed work if it was handed at or before <paramref name="handedBy"/>.</summary>
        public bool TryTakeWaiting(long handedBy, out IRunnable run)
        {
            if (HasWaiting(handedBy))
            {
                lock (_handed)
                {
                    if (_handed.TryPeek(out var oldest) && oldest.HandedAt <= handedBy)
                    {
                        run = _handed.Dequeue().Run;
                        Volatile.Write(ref _oldestHandedAt, _handed.TryPeek(out var next) ? next.HandedAt : long.MaxValue);
                        return true;
                    }
                }
            }
            run = null!;
            return false;
        }

        public bool HasWaiting(long handedBy) => Volatile.Read(ref _oldestHandedAt) is var oldest && oldest != long.MaxValue && oldest <= handedBy;
    }
}

/// <summary>
/// A thread's wake-up call: set once by whoever claimed the thread, taken by the thread. Unlike <see cref="SemaphoreSlim"/>,
/// a timed wait sleeps the whole time asked (its millisecond clock would end a 1 ms wait at once half the time).
/// </summary>
internal sealed class WakeSignal
{
    private readonly object _gate = new();
    private bool _set;

    public void Release()
    {
        lock (_gate)
        {
            _set = true;
            Monitor.Pulse(_gate);
        }
    }

    public void Wait() => Wait(Timeout.Infinite);

    /// <summary>Takes the signal, waiting for it up to <paramref name="milliseconds"/>; false if it did not come.</summary>
    public bool Wait(int milliseconds)
    {
        lock (_gate)
        {
            while (!_set)
            {
                if (!Monitor.Wait(_gate, milliseconds)) return false;
            }
            _set = false;
            return true;
        }
    }
}
