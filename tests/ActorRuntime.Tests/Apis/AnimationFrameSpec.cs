using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>requestAnimationFrame</c> on the runtime's clock: a frame every 16 ms of it, driven by the virtual clock in tests.</summary>
public sealed class AnimationFrameSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(Flavor flavor = Flavor.Mdn)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Frames_come_every_16_ms_of_the_runtimes_clock_with_the_frames_time()
    {
        var e = await Popup();
        Assert.Equal("[1,2]", await e.EvaluateAsync("popup", """
            var log = [];
            [requestAnimationFrame(t => log.push(['a', t, performance.now()])),
             requestAnimationFrame(t => { log.push(['b', t]); requestAnimationFrame(t2 => log.push(['c', t2])); })]
            """));
        await e.SettleAsync();
        Assert.Equal("[]", await e.EvaluateAsync("popup", "log"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(15));
        Assert.Equal("[]", await e.EvaluateAsync("popup", "log"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        // Both callbacks of the frame get its time; the one requested during it waits for the next frame.
        Assert.Equal("""[["a",16,16],["b",16]]""", await e.EvaluateAsync("popup", "log"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(16));
        Assert.Equal("""[["a",16,16],["b",16],["c",32]]""", await e.EvaluateAsync("popup", "log"));
        // Frames keep to the 16 ms grid whenever they are asked for.
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(5));
        Assert.Equal("48", await e.EvaluateAsync("popup", "await new Promise(resolve => requestAnimationFrame(resolve))"));
    }

    [Fact]
    public async Task Canceled_callbacks_do_not_run_and_a_failing_callback_does_not_stop_the_others()
    {
        var e = await Popup();
        await e.EvaluateAsync("popup", """
            var ran = [];
            const first = requestAnimationFrame(() => { ran.push('first'); cancelAnimationFrame(third); });
            requestAnimationFrame(() => { throw new Error('frame failed'); });
            const third = requestAnimationFrame(() => ran.push('third'));
            const fourth = requestAnimationFrame(() => ran.push('fourth'));
            requestAnimationFrame(() => ran.push('fifth'));
            cancelAnimationFrame(fourth); cancelAnimationFrame(12345);
            """);
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(16));
        Assert.Equal("""["first","fifth"]""", await e.EvaluateAsync("popup", "ran"));
        Assert.Contains("Uncaught Error: frame failed", Lines("popup"));
    }

    [Fact]
    public async Task A_frame_nobody_waits_for_is_no_timer()
    {
        var e = await Popup();
        // Canceling the only callback removes the frame: nothing is left for the virtual clock to reach.
        await Assert.ThrowsAsync<ActorRuntime.EvaluationStalledException>(() => e.EvaluateAsync("popup",
            "await new Promise(resolve => { const id = requestAnimationFrame(resolve); cancelAnimationFrame(id); })"));
    }

    [Fact]
    public async Task Timers_started_in_a_frame_are_not_nested_in_it()
    {
        var e = await Popup();
        // Ten chained frames, then setTimeout(0) from the last: not raised to 4 ms, as a deeply nested timer would be.
        Assert.Equal("[160,160]", await e.EvaluateAsync("popup", """
            await new Promise(resolve => {
              let frames = 0;
              const step = t => { if (++frames < 10) requestAnimationFrame(step); else setTimeout(() => resolve([t, performance.now()]), 0); };
              requestAnimationFrame(step);
            })
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "Window.requestAnimationFrame: Argument 1 is not callable.", "Window.cancelAnimationFrame: At least 1 argument required, but only 0 passed")]
    [InlineData(Flavor.Chrome, "Failed to execute 'requestAnimationFrame' on 'Window': The callback provided as parameter 1 is not a function.",
        "Failed to execute 'cancelAnimationFrame' on 'Window': 1 argument required, but only 0 present.")]
    public async Task Bad_arguments_are_the_flavours_TypeErrors(Flavor flavor, string notCallable, string missing)
    {
        var e = await Popup(flavor);
        Assert.Equal($"\"TypeError: {notCallable}\"", await e.EvaluateAsync("popup", "try { requestAnimationFrame('x') } catch (x) { `${x.name}: ${x.message}` }"));
        Assert.Equal($"\"TypeError: {missing}\"", await e.EvaluateAsync("popup", "try { cancelAnimationFrame() } catch (x) { `${x.name}: ${x.message}` }"));
    }
}
