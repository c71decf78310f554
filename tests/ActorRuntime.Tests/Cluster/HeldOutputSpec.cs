using ActorRuntime.Cluster;
using Akka.Configuration;

namespace ActorRuntime.Tests.Cluster;

/// <summary>
/// What an extension's entity holds between two steps (<c>actorruntime.cluster.held-output</c>): the newest lines and
/// calls within the counts and the size, the drop said in one <c>[runtime]</c> line where the dropped ones were.
/// </summary>
public sealed class HeldOutputSpec
{
    private static ConsoleEntry Line(long sequence, string text = "x") => new("background", "log", text) { Sequence = sequence };

    private static ApiCallRecord Call(long sequence) => new("ext", "background", "tabs.query", "[{}]") { Sequence = sequence, Id = sequence };

    [Fact]
    public void Past_max_lines_the_oldest_go_and_the_answer_says_how_many_and_which_key()
    {
        var held = new HeldOutput(new HeldOutputSettings(MaxLines: 3, MaxCalls: 10, MaxSize: 1 << 20));
        for (var i = 1; i <= 10; i++) held.Add(Line(i, "line " + i));
        var (lines, calls) = held.Take();
        Assert.Null(calls);
        Assert.Equal(
            ["[runtime] 7 console lines made since the last step were dropped, the oldest first: the node holds at most 3 lines between two steps (actorruntime.cluster.held-output.max-lines)",
             "[background] line 8", "[background] line 9", "[background] line 10"],
            lines.Select(line => line.ToString()));
        Assert.Equal(7, lines[0].Sequence); // where the dropped lines were: an evaluation's mark places it as it placed them
        Assert.Equal("warn", lines[0].Level);
        // Taken: the next answer starts afresh.
        held.Add(Line(11));
        Assert.Equal(["[background] x"], held.Take().Lines.Select(line => line.ToString()));
    }

    [Fact]
    public void Past_max_calls_and_max_size_the_oldest_go_lines_and_calls_in_their_order()
    {
        var held = new HeldOutput(new HeldOutputSettings(MaxLines: 100, MaxCalls: 2, MaxSize: 1 << 20));
        for (var i = 1; i <= 5; i++) held.Add(Call(i));
        var (lines, calls) = held.Take();
        Assert.Equal([4L, 5L], calls!.Select(call => call.Sequence));
        Assert.Contains("3 API calls made since the last step were dropped", Assert.Single(lines).Text);
        Assert.Contains("(actorruntime.cluster.held-output.max-calls)", lines[0].Text);

        var line = Line(0, new string('a', 100));
        var size = WireSize.ItemOverhead + WireSize.Of(line.Label) + WireSize.Of(line.Level) + WireSize.Of(line.Text);
        var sized = new HeldOutput(new HeldOutputSettings(MaxLines: 100, MaxCalls: 100, MaxSize: 3 * size));
        sized.Add(Line(1, new string('a', 100)));
        sized.Add(Call(2));
        sized.Add(Line(3, new string('a', 100)));
        sized.Add(Line(4, new string('a', 100)));
        sized.Add(Line(5, new string('a', 100)));
        (lines, calls) = sized.Take();
        // Line 1 and the call went, the oldest first, until the rest fitted.
        Assert.Null(calls);
        Assert.Equal([2L, 3L, 4L, 5L], lines.Select(l => l.Sequence));
        Assert.Equal($"1 console lines and 1 API calls made since the last step were dropped, the oldest first: the node holds at most {3 * size} bytes between two steps (actorruntime.cluster.held-output.max-size)", lines[0].Text);
    }

    [Fact]
    public void A_line_larger_than_max_size_alone_is_cut_and_kept()
    {
        var held = new HeldOutput(new HeldOutputSettings(MaxLines: 100, MaxCalls: 100, MaxSize: 2048));
        held.Add(Line(1, new string('é', 100_000)));
        var line = Assert.Single(held.Take().Lines);
        Assert.EndsWith("…", line.Text);
        Assert.True(WireSize.ItemOverhead + WireSize.Of(line.Label) + WireSize.Of(line.Level) + WireSize.Of(line.Text) <= 2048, $"{WireSize.Of(line.Text)} bytes kept");
        Assert.True(line.Text.Length > 200, "nearly all of the room is used");
    }

    [Fact]
    public void A_call_still_larger_than_max_size_once_its_JSON_is_cut_has_its_label_cut_or_is_dropped_with_the_notice()
    {
        static long SizeOf(ApiCallRecord call) => WireSize.ItemOverhead + WireSize.Of(call.ExtensionId) + WireSize.Of(call.Label)
            + WireSize.Of(call.Function) + WireSize.Of(call.ArgumentsJson) + WireSize.Of(call.ResultJson) + WireSize.Of(call.Error);
        var held = new HeldOutput(new HeldOutputSettings(MaxLines: 100, MaxCalls: 100, MaxSize: 2048));
        held.Add(Call(1) with { Label = "content:" + new string('l', 5000), ArgumentsJson = "[\"" + new string('a', 5000) + "\"]" });
        var kept = Assert.Single(held.Take().Calls!);
        Assert.StartsWith("content:", kept.Label, StringComparison.Ordinal);
        Assert.EndsWith("…", kept.Label, StringComparison.Ordinal);
        Assert.True(SizeOf(kept) <= 2048, $"{SizeOf(kept)} bytes kept");

        // What cannot be cut (the extension's id) and is too large alone: dropped, and the notice says so.
        held.Add(Call(2) with { ExtensionId = new string('e', 5000) });
        held.Add(Call(3));
        var (lines, calls) = held.Take();
        Assert.Equal([3L], calls!.Select(call => call.Sequence));
        Assert.Equal("1 API calls made since the last step were dropped, the oldest first: the node holds at most 2048 bytes between two steps (actorruntime.cluster.held-output.max-size)",
            Assert.Single(lines).Text);
    }

    [Fact]
    public void The_calls_of_the_start_are_forgotten_for_a_first_step_that_does_not_record_them()
    {
        var held = new HeldOutput(new HeldOutputSettings(MaxLines: 100, MaxCalls: 1, MaxSize: 1 << 20));
        held.Add(Call(1));
        held.Add(Call(2));
        held.Add(Line(3));
        held.ClearCalls();
        Assert.Equal(["[background] x"], held.Take().Lines.Select(line => line.ToString()));
    }

    [Theory]
    [InlineData("max-lines = 0", "actorruntime.cluster.held-output.max-lines: expected a number from 1 to 1000000, got 0")]
    [InlineData("max-size = 3MiB", "actorruntime.cluster.held-output.max-size: expected from 1KiB to half of actorruntime.cluster.maximum-frame-size (4194304 bytes): an answer carries what is held, got 3MiB")]
    public void A_bound_that_cannot_be_used_is_refused_with_one_line(string hocon, string expected) =>
        Assert.Equal(expected, Assert.Throws<ConfigurationException>(() =>
            HeldOutputSettings.FromConfig(ConfigurationFactory.ParseString("actorruntime.cluster.held-output." + hocon))).Message);

    [Fact]
    public void The_shipped_bounds_fit_the_shipped_frame()
    {
        var settings = HeldOutputSettings.FromConfig(ConfigurationFactory.Empty);
        Assert.Equal(new HeldOutputSettings(10_000, 10_000, 1L << 20), settings);
    }
}
