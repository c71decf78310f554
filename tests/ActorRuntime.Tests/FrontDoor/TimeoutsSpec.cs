using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// Whatever does not come in time is the runtime's own failure, <see cref="ExtensionTimeoutException"/> with its line,
/// never a bare .NET timeout: an unanswered ask, and a wait for an extension that never settles.
/// </summary>
public sealed class TimeoutsSpec : RuntimeSpec
{
    [Fact]
    public async Task An_ask_nobody_answers_is_a_timeout_failure_with_the_setting_named()
    {
        // A router that never answers: the ask's own timeout passes, however fast or slow the machine.
        var silent = CreateTestProbe();
        var runtime = new LocalExtensionRuntime(Sys, _ => Task.FromResult(silent.Ref), TimeSpan.FromMilliseconds(100), new Broadcast<ConsoleEntry>(), new Broadcast<ApiCallRecord>());
        var failure = await Assert.ThrowsAsync<ExtensionTimeoutException>(() => runtime.OpenAsync("ext", "popup"));
        Assert.Equal(ErrorCodes.Timeout, failure.Code);
        Assert.Equal("the extension did not answer within 0 s (actorruntime.ask-timeout)", failure.Message);
    }

    [Fact]
    public async Task Advancing_an_extension_that_never_settles_is_a_timeout_failure()
    {
        // Storage writes one after another keep work outstanding forever: the extension never settles.
        var options = Options(Flavor.Mdn) with { AskTimeout = TimeSpan.FromMilliseconds(200) };
        var extension = await Load(Manifests.Standard(Manifests.PersistentScripts,
            "(async () => { let n = 0; while (true) await browser.storage.local.set({ n: ++n }); })();"), options);
        var failure = await Assert.ThrowsAsync<ExtensionTimeoutException>(() => extension.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal("the extension did not answer within 0 s (actorruntime.ask-timeout)", failure.Message);
    }
}
