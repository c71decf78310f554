using ActorRuntime.Scripting;
using ActorRuntime.Kernel;
using ActorRuntime.Contexts;

namespace ActorRuntime.Tests.Hostile;

/// <summary>The CPU share state machine, driven with explicit times (1 tick = 1 ms here).</summary>
public class CpuShareTests
{
    private static CpuShare Share() => new(new CpuShareSettings(TimeSpan.FromSeconds(10), 0.5, TimeSpan.FromSeconds(30)), frequency: 1000);

    [Fact]
    public void An_extension_using_little_cpu_always_runs()
    {
        var share = Share();
        for (long t = 0; t < 100_000; t += 100)
        {
            share.Record(t, 10);
            Assert.Equal(TurnVerdict.Run, share.Observe(t));
        }
        Assert.Equal(0.1, share.Share(99_999), 2);
    }

    [Fact]
    public void Over_its_share_its_turns_are_deferred_until_the_window_has_moved_past_the_work()
    {
        var share = Share();
        share.Record(1_000, 6_000);
        Assert.Equal(0.6, share.Share(1_000), 3);
        Assert.Equal(TurnVerdict.Defer, share.Observe(1_000));
        Assert.Equal(TurnVerdict.Defer, share.Observe(10_000));
        // Ten seconds later the window no longer holds the work.
        Assert.Equal(TurnVerdict.Run, share.Observe(11_500));
    }

    [Fact]
    public void Hovering_at_the_limit_for_longer_than_allowed_is_unresponsive()
    {
        var share = Share();
        var verdicts = new List<TurnVerdict>();
        // Every turn that may run spins 500 ms: deferral holds it near half a thread, never far enough below to count as recovered.
        for (long t = 0; t <= 40_000; t += 100)
        {
            var verdict = share.Observe(t);
            verdicts.Add(verdict);
            if (verdict == TurnVerdict.Unresponsive) break;
            if (verdict == TurnVerdict.Run) share.Record(t, 500);
        }
        Assert.Equal(TurnVerdict.Unresponsive, verdicts[^1]);
        Assert.Contains(TurnVerdict.Defer, verdicts);
        Assert.Contains(TurnVerdict.Run, verdicts.Skip(verdicts.IndexOf(TurnVerdict.Defer)));
    }

    [Fact]
    public void Turns_longer_than_the_share_of_the_window_are_caught_too()
    {
        var share = Share();
        long t = 0;
        // Each turn that may run spins 2.9 s (just under the turn budget): each alone is within the per-turn limit.
        while (t < 120_000)
        {
            var verdict = share.Observe(t);
            if (verdict == TurnVerdict.Unresponsive) break;
            if (verdict == TurnVerdict.Run)
            {
                t += 2_900;
                share.Record(t, 2_900);
            }
            else t += 50;
        }
        Assert.Equal(TurnVerdict.Unresponsive, share.Observe(t));
        Assert.InRange(t, 24_000, 40_000);
    }

    [Fact]
    public void A_burst_that_ends_is_forgiven()
    {
        var share = Share();
        share.Record(0, 8_000);
        Assert.Equal(TurnVerdict.Defer, share.Observe(0));
        Assert.Equal(TurnVerdict.Run, share.Observe(12_000));
        for (long t = 12_000; t < 60_000; t += 1_000) Assert.Equal(TurnVerdict.Run, share.Observe(t));
    }

    [Fact]
    public void A_long_gap_empties_the_window_whatever_its_length()
    {
        var share = Share();
        share.Record(500, 4_000);
        share.Record(9_000, 4_000);
        Assert.Equal(0.8, share.Share(9_000), 3);
        Assert.Equal(0.4, share.Share(10_600), 3);
        Assert.Equal(0.0, share.Share(1_000_000_000), 3);
    }

    [Theory]
    [InlineData("window = 1s, unresponsive-after = 2m", "actorruntime.script.cpu-share: expected a window above 0 and unresponsive-after above 0 and at most 60 windows long, got window = 00:00:01, unresponsive-after = 00:02:00")]
    [InlineData("defer-above = 1.5", "actorruntime.script.cpu-share.defer-above: expected a fraction of a thread above 0 and at most 1, got 1.5")]
    [InlineData("defer-above = 0", "actorruntime.script.cpu-share.defer-above: expected a fraction of a thread above 0 and at most 1, got 0")]
    public void Settings_that_cannot_work_are_refused_with_one_line(string settings, string expected)
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($"actorruntime.script.cpu-share {{ {settings} }}").WithFallback(RuntimeOptions.DefaultConfig);
        var error = Assert.Throws<Akka.Configuration.ConfigurationException>(() => RuntimeOptions.FromConfig(config));
        Assert.Equal(expected, error.Message);
    }
}
