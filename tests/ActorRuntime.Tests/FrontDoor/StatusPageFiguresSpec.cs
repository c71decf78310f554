using ActorRuntime.Cluster;
using ActorRuntime.FrontDoor.Status;
using Akka.Configuration;
using static ActorRuntime.Cluster.NodeStatusProtocol;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>The status page's bounded figures as plain objects: recent lines, minutes of activity, settings, rendering.</summary>
public sealed class StatusPageFiguresSpec
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Recent_items_keep_the_last_ones_oldest_first()
    {
        var recent = new RecentItems<int>(3);
        Assert.Empty(recent.ToArray());
        recent.Add(1);
        recent.Add(2);
        Assert.Equal([1, 2], recent.ToArray());
        foreach (var n in new[] { 3, 4, 5 }) recent.Add(n);
        Assert.Equal([3, 4, 5], recent.ToArray());
    }

    [Fact]
    public void Minutes_count_per_minute_over_the_window_and_forget_what_left_it()
    {
        var minutes = new ActivityMinutes(3);
        minutes.Add(Noon, 1, 0);
        minutes.Add(Noon.AddSeconds(59), 1, 2);
        minutes.Add(Noon.AddMinutes(1), 0, 1);
        Assert.Equal([new MinuteActivity(Noon.AddMinutes(-1), 0, 0), new MinuteActivity(Noon, 2, 2), new MinuteActivity(Noon.AddMinutes(1), 0, 1)],
            minutes.Window(Noon.AddMinutes(1).AddSeconds(30)));
        // Three minutes later noon has left the window, and its slot holds the new minute only.
        minutes.Add(Noon.AddMinutes(3), 5, 0);
        Assert.Equal([new MinuteActivity(Noon.AddMinutes(1), 0, 1), new MinuteActivity(Noon.AddMinutes(2), 0, 0), new MinuteActivity(Noon.AddMinutes(3), 5, 0)],
            minutes.Window(Noon.AddMinutes(3)));
        // A late sample of a minute whose slot a newer minute took is dropped, not added to the newer one.
        minutes.Add(Noon, 7, 7);
        Assert.Equal(5, minutes.Window(Noon.AddMinutes(3))[^1].Activations);
    }

    [Fact]
    public void The_board_cuts_long_lines_and_keeps_errors_apart_from_chatter()
    {
        var settings = NodeStatusSettings.FromConfig(ConfigurationFactory.ParseString("actorruntime.status { console-lines = 2, errors = 1, max-line-length = 10 }"));
        var board = new NodeStatusBoard(settings);
        board.Console("a", new ConsoleEntry("background", "error", "first failure"));
        board.Console("a", new ConsoleEntry("background", "log", "one"));
        board.Console("b", new ConsoleEntry("popup", "log", "two"));
        var report = board.Report("node", _ => []);
        Assert.Equal(["one", "two"], report.Console.Select(line => line.Text));
        Assert.Equal("first fail…", Assert.Single(report.Errors).Text);
        Assert.Equal([1L, 2L, 3L], report.Errors.Concat(report.Console).Select(line => line.Sequence));
        Assert.Equal(settings.Minutes, report.Activity.Count);
    }

    [Theory]
    [InlineData("console-lines = 0", "actorruntime.status.console-lines: expected a number from 1 to 100000, got 0")]
    [InlineData("minutes = 2000", "actorruntime.status.minutes: expected a number from 1 to 1440, got 2000")]
    [InlineData("refresh-interval = 0s", "actorruntime.status.refresh-interval: expected a positive duration, got 0s")]
    public void Settings_out_of_range_are_refused_naming_the_key(string hocon, string message)
    {
        var failure = Assert.Throws<ConfigurationException>(() => NodeStatusSettings.FromConfig(ConfigurationFactory.ParseString("actorruntime.status." + hocon)));
        Assert.Equal(message, failure.Message);
    }

    [Fact]
    public void The_page_encodes_whatever_the_cluster_reports()
    {
        const string hostile = "<script>x()</script>\"'&";
        var report = new NodeStatusReport("node<1>", 1, 1, [new ExtensionStatus(hostile, "running", [hostile], Noon, 0)],
            [new StatusLine(1, Noon, hostile, hostile, "<b>", hostile)], [], [new MinuteActivity(Noon, 1, 0)]);
        var view = new ClusterStatusView("self<>", Noon, [new MemberView("node<1>", "Up", true, [hostile], true, true)], [new NodeView("node<1>", report, null)]);
        var html = StatusPage.Render(view, TimeSpan.FromSeconds(2), "nonce\"<");
        Assert.DoesNotContain("<script>x()", html);
        Assert.DoesNotContain("node<1>", html);
        Assert.DoesNotContain("nonce\"<", html);
        Assert.Contains("&lt;script&gt;x()&lt;/script&gt;&quot;&#x27;&amp;", html);
        // A level an extension made up gets no class of its own.
        Assert.Contains("class=\"line level-other\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
    }
}
