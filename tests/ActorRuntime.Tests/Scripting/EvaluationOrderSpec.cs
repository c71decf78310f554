using ActorRuntime.Contexts;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Scripting;

/// <summary>
/// An evaluation's result is given after the task's microtasks (as a browser console shows it), and is marked with
/// the last console line printed before it, so lines of later tasks can be told apart even when they arrive first.
/// </summary>
public class EvaluationOrderSpec : RuntimeSpec
{
    private const string Listener = "browser.runtime.onMessage.addListener(m => { console.log('got ' + m); });";

    private async Task<LoadedExtension> WithPopup()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, Listener));
        await e.OpenAsync("popup");
        await e.SettleAsync();
        return e;
    }

    private List<ConsoleEntry> Entries() => ConsoleLines.OrderBy(l => l.Sequence).ToList();

    [Fact]
    public async Task Lines_of_the_task_and_its_microtasks_come_before_the_result_and_later_tasks_after()
    {
        var e = await WithPopup();
        // The message runs as a later task of the extension's loop, right after the evaluation's own turn.
        var evaluated = await e.EvaluateMarkedAsync("popup",
            "console.log('sync'); Promise.resolve().then(() => console.log('micro')); browser.runtime.sendMessage('hi').then(() => {}, () => {}); 1");
        await e.SettleAsync();
        Assert.Equal("1", evaluated.Json);
        var entries = Entries();
        Assert.Equal(["sync", "micro", "got hi"], entries.Select(l => l.Text));
        Assert.Equal([1L, 2L, 3L], entries.Select(l => l.Sequence));
        Assert.Equal(["sync", "micro"], entries.Where(l => l.Sequence <= evaluated.ConsoleMark).Select(l => l.Text));
    }

    [Fact]
    public async Task A_promise_result_is_marked_when_it_settles()
    {
        var e = await WithPopup();
        var evaluated = await e.EvaluateMarkedAsync("popup",
            "console.log('before'); await browser.storage.local.set({ a: 1 }); console.log('stored'); browser.runtime.sendMessage('after').then(() => {}, () => {}); 2");
        await e.SettleAsync();
        Assert.Equal("2", evaluated.Json);
        Assert.Equal(["before", "stored", "got after"], Entries().Select(l => l.Text));
        Assert.Equal(["before", "stored"], Entries().Where(l => l.Sequence <= evaluated.ConsoleMark).Select(l => l.Text));
    }

    [Fact]
    public async Task A_failure_carries_the_mark_too()
    {
        var e = await WithPopup();
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateMarkedAsync("popup",
            "browser.runtime.sendMessage('later').then(() => {}, () => {}); Promise.resolve().then(() => console.log('micro')); null.x"));
        await e.SettleAsync();
        Assert.Equal(["micro", "got later"], Entries().Select(l => l.Text));
        Assert.Equal(["micro"], Entries().Where(l => l.Sequence <= failure.ConsoleMark).Select(l => l.Text));
    }
}
