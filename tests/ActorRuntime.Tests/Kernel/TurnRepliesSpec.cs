using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Kernel;

/// <summary>
/// What a turn sends as it ends: the replies owed after jobs first, in order, and only then what waits for them (a
/// context's Loaded), whatever order they were queued in.
/// </summary>
public sealed class TurnRepliesSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly ExtensionFolder _folder = new(new Dictionary<string, string>
    {
        ["manifest.json"] = """{ "manifest_version": 3, "name": "t", "version": "1", "background": { "service_worker": "sw.js" } }""",
        ["sw.js"] = "",
    });

    protected override void Dispose(bool disposing)
    {
        _folder.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void A_message_told_after_the_replies_goes_after_replies_queued_later_in_the_turn()
    {
        var kernel = new ExtensionKernel(ExtensionPackage.Load(_folder.Path), Flavor.Chrome, RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig));
        // One receiver for all: the order it gets them in is the order they were sent in.
        var receiver = CreateTestProbe();
        kernel.TellAfterReplies(receiver.Ref, "loaded");
        kernel.ReplyAfterJobs(receiver.Ref, mark => $"first {mark}");
        kernel.ReplyAfterJobs(receiver.Ref, _ => "second");
        kernel.SendReplies();
        receiver.ExpectMsg("first 0");
        receiver.ExpectMsg("second");
        receiver.ExpectMsg("loaded");
        // Sent once: the next turn's end owes nothing.
        kernel.SendReplies();
        receiver.ExpectNoMsg(TimeSpan.Zero);
    }
}
