using ActorRuntime.Scripting;
using Jint;

namespace ActorRuntime.Tests.Hostile;

/// <summary>The retained-size estimate reaches what scripts keep, including what only a closure's scope holds.</summary>
public class RetainedSizeTests
{
    private const long Unbounded = long.MaxValue;

    [Fact]
    public void A_fresh_engine_holds_a_bounded_baseline()
    {
        var size = RetainedSize.Measure([new Engine()], Unbounded);
        Assert.InRange(size, 10_000, 20_000_000);
    }

    [Fact]
    public void What_globals_keep_is_counted()
    {
        var engine = new Engine();
        var before = RetainedSize.Measure([engine], Unbounded);
        engine.Execute("var kept = []; for (let i = 0; i < 100; i++) kept.push('x'.repeat(100000) + i);");
        var after = RetainedSize.Measure([engine], Unbounded);
        // 100 strings of 100,000 UTF-16 characters: 20 MB.
        Assert.InRange(after - before, 20_000_000, 30_000_000);
    }

    [Fact]
    public void What_only_a_closure_keeps_is_counted_and_lets_go_when_released()
    {
        var engine = new Engine();
        var before = RetainedSize.Measure([engine], Unbounded);
        engine.Execute("let reader = (() => { const big = 'y'.repeat(10000000); return () => big.length; })();");
        var held = RetainedSize.Measure([engine], Unbounded);
        Assert.InRange(held - before, 20_000_000, 25_000_000);
        engine.Execute("reader = null;");
        Assert.InRange(RetainedSize.Measure([engine], Unbounded) - before, -1_000_000, 1_000_000);
    }

    [Fact]
    public void The_walk_stops_once_past_the_bound()
    {
        var engine = new Engine();
        engine.Execute("var kept = []; for (let i = 0; i < 50; i++) kept.push('z'.repeat(1000000) + i);");
        var bounded = RetainedSize.Measure([engine], 5_000_000);
        Assert.InRange(bounded, 5_000_000, 8_000_000);
    }
}
