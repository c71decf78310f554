using System.Text.Json;
using ActorRuntime.Cluster;
using ActorRuntime.FrontDoor.Status;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using static ActorRuntime.Cluster.NodeStatusProtocol;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// A node's status report within its bounds (<c>actorruntime.status</c>): it always fits <c>max-report-size</c> as sent,
/// leaves out the oldest lines and the extensions last by id and says so; extensions that left the node stay listed as
/// <c>unloaded</c> until the node forgets the oldest of them.
/// </summary>
public sealed class NodeStatusBoundsSpec : IDisposable
{
    private readonly ExtensionFolder _folder = new(new Dictionary<string, string>
    {
        ["manifest.json"] = """{ "manifest_version": 2, "name": "bounds", "version": "1", "background": { "scripts": ["bg.js"], "persistent": false } }""",
        ["bg.js"] = "",
    });

    public void Dispose() => _folder.Dispose();

    private ExtensionKernel Kernel() =>
        new(ExtensionPackage.Load(_folder.Path), Flavor.Mdn, RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig));

    private static NodeStatusSettings Settings(string hocon) => NodeStatusSettings.FromConfig(ConfigurationFactory.ParseString("actorruntime.status { " + hocon + " }"));

    [Fact]
    public void Extensions_that_left_the_node_stay_listed_as_unloaded_until_it_forgets_the_oldest()
    {
        var board = new NodeStatusBoard(Settings("remembered-unloaded = 2"));
        var kernels = new[] { "a", "b", "c" }.ToDictionary(id => id, _ => Kernel());
        foreach (var (id, kernel) in kernels) board.Activated(id, kernel, ActorRefs.Nobody);
        foreach (var (id, kernel) in kernels) board.Deactivated(id, kernel);
        var report = board.Report("node", _ => []);
        Assert.Equal((0, 2, 0), (report.Active, report.Unloaded, report.NotListed));
        // The oldest unloaded (a) is forgotten first.
        Assert.Equal([("b", "unloaded"), ("c", "unloaded")], report.Extensions.Select(e => (e.Id, e.Phase)));
        Assert.Equal("0 installed · 0 active · 2 unloaded", StatusPage.Summary(report));

        // Activated again, it is active, no longer unloaded; a stale entity stopping afterwards changes nothing.
        var again = Kernel();
        board.Activated("b", again, ActorRefs.Nobody);
        board.Deactivated("b", kernels["b"]);
        report = board.Report("node", _ => ["background"]);
        Assert.Equal((1, 1), (report.Active, report.Unloaded));
        Assert.Equal([("b", "suspended"), ("c", "unloaded")], report.Extensions.Select(e => (e.Id, e.Phase)));
        Assert.Equal(["background"], report.Extensions[0].Contexts);
        Assert.Empty(report.Extensions[1].Contexts);

        var forgetful = new NodeStatusBoard(Settings("remembered-unloaded = 0"));
        forgetful.Activated("a", kernels["a"], ActorRefs.Nobody);
        forgetful.Deactivated("a", kernels["a"]);
        Assert.Empty(forgetful.Report("node", _ => []).Extensions);
    }

    [Fact]
    public void A_report_fits_its_size_as_sent_leaving_out_the_oldest_lines_and_the_last_extensions_and_saying_so()
    {
        var settings = Settings("max-report-size = 64KiB, max-lines-size = 16KiB, max-line-length = 500, console-lines = 200, errors = 100");
        var board = new NodeStatusBoard(settings);
        for (var i = 0; i < 300; i++)
            board.Console("ext", new ConsoleEntry("background", i % 3 == 0 ? "error" : "log", i.ToString("D4") + new string('é', 600)) { Sequence = i });
        const int extensions = 30;
        for (var i = 0; i < extensions; i++) board.Activated("ext-" + i.ToString("D2"), Kernel(), ActorRefs.Nobody);
        // Each extension has the most contexts a node keeps for it, with long labels.
        var labels = Enumerable.Range(0, 100).Select(i => "tab " + i + " " + new string('<', 300)).ToArray();

        var report = board.Report("akka.tcp://actorruntime@127.0.0.1:4053", _ => labels);

        Assert.True(JsonSerializer.SerializeToUtf8Bytes(report).Length <= settings.MaxReportSize, "the report passed max-report-size");
        Assert.InRange(report.Extensions.Count, 1, extensions - 1);
        Assert.Equal(Enumerable.Range(0, report.Extensions.Count).Select(i => "ext-" + i.ToString("D2")), report.Extensions.Select(e => e.Id));
        Assert.Equal(extensions - report.Extensions.Count, report.NotListed);
        // An extension's labels are cut, and those past a few kilobytes counted.
        var listed = report.Extensions[0].Contexts;
        Assert.All(listed.Take(listed.Count - 1), label => Assert.Equal(201, label.Length));
        Assert.Equal($"+{100 - (listed.Count - 1)} more", listed[^1]);
        // The newest lines are kept, each cut to max-line-length; the rest are counted.
        Assert.InRange(report.Console.Count, 1, 199);
        Assert.StartsWith("0299", report.Console[^1].Text);
        Assert.Equal(501, report.Console[^1].Text.Length);
        Assert.InRange(report.Errors.Count, 1, 99);
        Assert.Equal(200 - report.Console.Count + 100 - report.Errors.Count, report.LinesLeftOut);
        Assert.Equal($"0 installed · {extensions} active · {report.NotListed} more extensions not listed · {report.LinesLeftOut} older lines left out",
            StatusPage.Summary(report));
    }

    [Theory]
    [InlineData("max-report-size = 3MiB", "actorruntime.status.max-report-size: expected at most half of actorruntime.cluster.maximum-frame-size (4194304 bytes), got 3MiB")]
    [InlineData("max-lines-size = 768KiB", "actorruntime.status.max-lines-size: expected at most half of actorruntime.status.max-report-size (1048576 bytes), got 768KiB")]
    [InlineData("max-line-length = 100000", "actorruntime.status.max-line-length: a line that long does not fit half of actorruntime.status.max-lines-size (262144 bytes; up to 6 bytes a character as sent), got 100000")]
    [InlineData("remembered-unloaded = -1", "actorruntime.status.remembered-unloaded: expected a number from 0 to 1000000, got -1")]
    public void Bounds_that_would_not_fit_a_frame_are_refused_naming_the_key(string hocon, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => Settings(hocon)).Message);
}
