using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary>
/// <c>examples/mv3-worker</c> (a module service worker, a popup, an offscreen document) prints what README.md and
/// docs/service-workers.md show: the in-memory counter lost at each stop, the <c>storage.session</c> one kept.
/// </summary>
public class Mv3WorkerExampleSpec
{
    private static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "mv3-worker"));

    [Fact]
    public async Task The_scenario_prints_what_the_README_shows()
    {
        var (code, output, error) = await CommandLine.Run("run", Folder, "--flavor", "chrome", "--script", Path.Combine(Folder, "scenario.txt"));
        Assert.Equal("", error);
        Assert.Equal("""
            [background] worker started
            [background] installed: install
            [popup] in memory: 1, in storage.session: 1
            [popup] in memory: 2, in storage.session: 2
            [background] offscreen document created
            [offscreen] parsed "Reading list": 3 links
            [popup] Reading list: The service worker lifecycle, chrome.offscreen, JavaScript modules
            [popup] => ["BACKGROUND","POPUP","OFFSCREEN_DOCUMENT"]
            [runtime] terminated background
            [background] worker started
            [popup] in memory: 1, in storage.session: 3
            [popup] => ["POPUP","OFFSCREEN_DOCUMENT"]
            [background] worker started
            [popup] in memory: 1, in storage.session: 4
            [popup] #result: in memory: 1, in storage.session: 4

            """, output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Contexts_prints_the_worker_without_document_fields_and_the_popup_with_them()
    {
        var (code, output, error) = await CommandLine.Run("run", Folder, "--flavor", "chrome", "--open", "popup", "--contexts");
        Assert.Equal("", error);
        // The manifest's key fixes the extension's id, wherever the folder is.
        const string origin = "chrome-extension://keenjjkfddmmkghhnbkeeadeefdejndb";
        Assert.Equal($$"""
            [background] worker started
            [background] installed: install
            [runtime] contexts => [{"contextType":"BACKGROUND","contextId":"7f14b776-af2c-0b09-f426-1b1e44640106","tabId":-1,"windowId":-1,"frameId":-1,"incognito":false},{"contextType":"POPUP","contextId":"4e342a94-5fde-0695-39ed-3c0d19b6f7c9","tabId":-1,"windowId":1,"frameId":0,"documentId":"9927C317825DA86B61D838C669E982EB","documentUrl":"{{origin}}/popup.html","documentOrigin":"{{origin}}","incognito":false}]

            """, output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task In_Firefox_the_worker_does_not_run_and_the_popup_gets_no_answer()
    {
        var (code, output, _) = await CommandLine.Run("run", Folder, "--flavor", "firefox", "--open", "popup", "--click", "#count");
        Assert.Equal("""
            [extension] background.service_worker is currently disabled. Add background.scripts.
            [popup] Uncaught (in promise) Error: Could not establish connection. Receiving end does not exist.

            """, output);
        Assert.Equal(0, code);
    }
}
