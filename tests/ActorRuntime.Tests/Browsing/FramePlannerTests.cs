using ActorRuntime.Browsing;
using ActorRuntime.Lifecycle;

namespace ActorRuntime.Tests.Browsing;

/// <summary>The frame planner alone: parents before children, a long chain of nested frames walked without recursion, and no document asked for past a limit.</summary>
public class FramePlannerTests
{
    private static string Chain(string url) => $"<iframe src=\"{url}/x\"></iframe>";

    [Fact]
    public void A_long_chain_of_nested_frames_is_planned_parent_by_parent_without_recursion()
    {
        var limits = new BrowserLimits(10, 10, MaxFramesPerTab: 3000, MaxFrameDepth: 3000);
        var asked = 0;
        var lines = new List<string>();
        var planned = FramePlanner.Plan("https://a.test", Chain("https://a.test"), limits, 64, (url, _) => { asked++; return Chain(url); }, lines.Add);
        Assert.Equal(2999, planned.Count);
        Assert.All(planned, frame => Assert.Equal(frame.Key - 1, frame.ParentKey));
        Assert.Equal(2999, planned[^1].Depth);
        // The last frame's own iframe is past the count: named once, its document never asked for.
        Assert.Equal(2999, asked);
        Assert.Single(lines);
        Assert.Contains("actorruntime.browser.max-frames-per-tab", lines[0]);
    }

    [Fact]
    public void Siblings_come_before_their_children_and_srcdoc_and_about_blank_need_no_network()
    {
        var limits = new BrowserLimits(10, 10, MaxFramesPerTab: 10, MaxFrameDepth: 5);
        var page = "<iframe srcdoc=\"<iframe src='https://b.test/'></iframe>\"></iframe><iframe></iframe><iframe src='https://gone.test/'></iframe>";
        var asked = new List<string>();
        var planned = FramePlanner.Plan("https://a.test/", page, limits, 64, (url, _) => { asked.Add(url); return url.Contains("gone") ? null : ""; }, _ => { });
        Assert.Equal(["about:srcdoc", "about:blank", "https://gone.test/", "https://b.test/"], planned.Select(frame => frame.Url));
        Assert.Equal([0, 0, 0, 1], planned.Select(frame => frame.ParentKey));
        Assert.Equal([false, false, true, false], planned.Select(frame => frame.ErrorOccurred));
        Assert.Equal(["https://gone.test/", "https://b.test/"], asked);
    }
}
