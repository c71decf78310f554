using System.Collections.Concurrent;
using ActorRuntime.Kernel;
using Akka.Configuration;
using Akka.Dispatch;

namespace ActorRuntime.Tests.Kernel;

/// <summary>
/// The script threads' scheduling: handed-over work stays on the thread that handed it; an idle thread takes it once it has
/// waited the steal delay (so a busy thread cannot hold it back); work from outside runs on any idle thread, and is never
/// starved by a thread feeding itself. Each test waits on what it proves, never on how fast the machine is.
/// </summary>
public sealed class ScriptThreadsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    private static ScriptThreads Threads(string settings, ConcurrentQueue<Exception>? failures = null) =>
        new("test-threads", ScriptThreadSettings.FromConfig(ConfigurationFactory.ParseString($"script-threads {{ {settings} }}")
            .WithFallback(ConfigurationFactory.ParseString("script-threads { thread-count = 2, steal-after = 1ms, idle-spins = 10, watch-for = 100ms }")), "test"),
            failure => failures?.Enqueue(failure));

    private static void Run(ExecutorService threads, Action work) => threads.Execute(new ActionRunnable(work));

    [Fact]
    public async Task Work_handed_over_runs_on_the_thread_that_handed_it()
    {
        var threads = Threads("steal-after = 10m");
        var ranOn = new ConcurrentBag<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Hand(int left)
        {
            ranOn.Add(Environment.CurrentManagedThreadId);
            if (left == 0) done.SetResult();
            else Run(threads, () => Hand(left - 1));
        }
        Run(threads, () => Hand(50));
        await done.Task.WaitAsync(Long);
        Assert.Equal(51, ranOn.Count);
        Assert.Single(ranOn.Distinct());
        threads.Shutdown();
    }

    [Theory]
    [InlineData("watch-for = 100ms")]
    [InlineData("watch-for = 0ms")]
    [InlineData("watch-for = 0ms, idle-spins = 0")]
    public async Task Work_a_busy_thread_handed_over_is_taken_by_an_idle_one(string settings)
    {
        var threads = Threads(settings);
        var taken = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var busyOn = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Run(threads, () =>
        {
            Run(threads, () => taken.SetResult(Environment.CurrentManagedThreadId));
            busyOn.SetResult(Environment.CurrentManagedThreadId);
            // Busy until the work it handed over has run elsewhere: only another thread taking it ends this.
            taken.Task.Wait(Long);
        });
        var thief = await taken.Task.WaitAsync(Long);
        Assert.NotEqual(await busyOn.Task, thief);
        threads.Shutdown();
    }

    [Theory]
    [InlineData("idle-spins = 0, watch-for = 0ms")]
    [InlineData("idle-spins = 100, watch-for = 50ms")]
    public async Task Threads_out_of_work_go_to_sleep_and_wake_for_the_next(string settings)
    {
        var threads = Threads(settings);
        for (var round = 0; round < 2; round++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Run(threads, () => Run(threads, done.SetResult));
            await done.Task.WaitAsync(Long);
            // Spinning and watching end (the watch 50 ms after the last run); a thread that kept looking would never sleep.
            var asleep = Task.Run(async () =>
            {
                while (threads.SleepingThreads < 2) await Task.Delay(10);
            });
            await asleep.WaitAsync(Long);
        }
        threads.Shutdown();
    }

    [Fact]
    public async Task Work_from_outside_runs_on_every_idle_thread_at_once()
    {
        var threads = Threads("thread-count = 3, steal-after = 10m");
        using var together = new Barrier(3);
        var met = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        foreach (var meeting in met) Run(threads, () => meeting.SetResult(together.SignalAndWait(Long)));
        Assert.All(await Task.WhenAll(met.Select(meeting => meeting.Task)).WaitAsync(Long), Assert.True);
        threads.Shutdown();
    }

    [Fact]
    public async Task Work_from_outside_is_not_starved_by_a_thread_feeding_itself()
    {
        var threads = Threads("thread-count = 1");
        var outsideRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handed = 0;
        void Feed()
        {
            handed++;
            if (!outsideRan.Task.IsCompleted) Run(threads, Feed);
        }
        Run(threads, Feed);
        Run(threads, outsideRan.SetResult);
        await outsideRan.Task.WaitAsync(Long);
        threads.Shutdown();
        Assert.True(handed > 0);
    }

    [Fact]
    public async Task A_failing_runnable_is_reported_and_its_thread_goes_on()
    {
        var failures = new ConcurrentQueue<Exception>();
        var threads = Threads("thread-count = 1", failures);
        var after = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Run(threads, () => throw new InvalidOperationException("boom"));
        Run(threads, after.SetResult);
        await after.Task.WaitAsync(Long);
        Assert.Equal("boom", Assert.Single(failures).Message);
        threads.Shutdown();
    }

    [Fact]
    public async Task Shutdown_refuses_new_work_and_ends_the_threads()
    {
        var threads = Threads("thread-count = 2");
        var seen = new ConcurrentDictionary<Thread, bool>();
        using var together = new Barrier(2);
        var ran = Enumerable.Range(0, 2).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        foreach (var one in ran)
        {
            Run(threads, () =>
            {
                seen[Thread.CurrentThread] = true;
                together.SignalAndWait(Long);
                one.SetResult();
            });
        }
        await Task.WhenAll(ran.Select(one => one.Task)).WaitAsync(Long);
        threads.Shutdown();
        Assert.Throws<RejectedExecutionException>(() => Run(threads, () => { }));
        Assert.Equal(2, seen.Count);
        Assert.All(seen.Keys, thread => Assert.True(thread.Join(Long)));
    }

    [Fact]
    public void The_shipped_settings_are_read_from_the_script_dispatcher()
    {
        var dispatcher = RuntimeOptions.DefaultConfig.GetConfig(RuntimeSettings.ScriptDispatcherId);
        Assert.Equal(ScriptThreadsConfigurator.TypeName, dispatcher.GetString("executor"));
        Assert.Equal(typeof(ScriptThreadsConfigurator), Type.GetType(ScriptThreadsConfigurator.TypeName));
        Assert.Equal(new ScriptThreadSettings(2, TimeSpan.FromMilliseconds(1), 100, TimeSpan.FromMilliseconds(100)),
            ScriptThreadSettings.FromConfig(dispatcher, RuntimeSettings.ScriptDispatcherId));
    }

    [Theory]
    [InlineData("thread-count = 0", "actorruntime.script-dispatcher.script-threads.thread-count: expected a number of threads from 1 to 256, got 0")]
    [InlineData("thread-count = many", "actorruntime.script-dispatcher.script-threads.thread-count: expected a number of threads from 1 to 256, got many")]
    [InlineData("steal-after = soon", "actorruntime.script-dispatcher.script-threads.steal-after: expected a duration from 1ms to 10m, got soon")]
    [InlineData("thread-count = 257", "actorruntime.script-dispatcher.script-threads.thread-count: expected a number of threads from 1 to 256, got 257")]
    [InlineData("steal-after = 0ms", "actorruntime.script-dispatcher.script-threads.steal-after: expected a duration from 1ms to 10m, got 0ms")]
    [InlineData("steal-after = 11m", "actorruntime.script-dispatcher.script-threads.steal-after: expected a duration from 1ms to 10m, got 11m")]
    [InlineData("thread-count { two = 2 }", "actorruntime.script-dispatcher.script-threads.thread-count: expected a number of threads from 1 to 256, got a section")]
    [InlineData("watch-for = [1ms]", "actorruntime.script-dispatcher.script-threads.watch-for: expected a duration from 0 to 10m, got a list")]
    [InlineData("idle-spins = -1", "actorruntime.script-dispatcher.script-threads.idle-spins: expected a number of looks from 0 to 100000, got -1")]
    [InlineData("watch-for = -1ms", "actorruntime.script-dispatcher.script-threads.watch-for: expected a duration from 0 to 10m, got -1ms")]
    public void A_bad_setting_is_refused_with_its_path_and_what_was_expected(string setting, string message)
    {
        var config = ConfigurationFactory.ParseString($"actorruntime.script-dispatcher.script-threads {{ {setting} }}").WithFallback(RuntimeOptions.DefaultConfig);
        var error = Assert.Throws<ConfigurationException>(() => ScriptThreadSettings.FromConfig(config.GetConfig(RuntimeSettings.ScriptDispatcherId), RuntimeSettings.ScriptDispatcherId));
        Assert.Equal(message, error.Message);
        // The runtime refuses to start with the same line, before any actor needs the dispatcher.
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => RuntimeOptions.FromConfig(config)).Message);
    }

    [Fact]
    public void The_executor_named_in_another_spelling_is_still_checked_at_start()
    {
        var config = ConfigurationFactory.ParseString("actorruntime.script-dispatcher { executor = \"ActorRuntime.Kernel.ScriptThreadsConfigurator,ActorRuntime\", script-threads.thread-count = 0 }")
            .WithFallback(RuntimeOptions.DefaultConfig);
        Assert.Equal("actorruntime.script-dispatcher.script-threads.thread-count: expected a number of threads from 1 to 256, got 0",
            Assert.Throws<ConfigurationException>(() => RuntimeOptions.FromConfig(config)).Message);
    }

    [Fact]
    public void Another_executor_leaves_the_script_threads_keys_unread()
    {
        var config = ConfigurationFactory.ParseString("actorruntime.script-dispatcher { executor = fork-join-executor, script-threads.thread-count = 0 }")
            .WithFallback(RuntimeOptions.DefaultConfig);
        Assert.Equal(RuntimeSettings.ScriptDispatcherId, RuntimeOptions.FromConfig(config).SupervisorDispatcher);
    }

    [Fact]
    public void A_missing_section_is_refused_with_its_path()
    {
        var error = Assert.Throws<ConfigurationException>(() => ScriptThreadSettings.FromConfig(ConfigurationFactory.ParseString("type = Dispatcher"), "my-dispatcher"));
        Assert.Equal("my-dispatcher.script-threads: expected a section with thread-count, steal-after, idle-spins and watch-for, got none", error.Message);
    }
}
