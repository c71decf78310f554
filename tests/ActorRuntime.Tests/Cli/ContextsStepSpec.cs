using ActorRuntime.Tests.Apis;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary><c>run --contexts</c>: the extension's running contexts as runtime.getContexts({}) gives them, an offscreen document labelled <c>offscreen</c>.</summary>
public class ContextsStepSpec : IDisposable
{
    private readonly ExtensionFolder _folder = new(OffscreenDocumentSpec.Extension());

    [Fact]
    public async Task Contexts_prints_getContexts_before_and_after_an_offscreen_document()
    {
        var (code, output, error) = await CommandLine.Run("run", _folder.Path, "--flavor", "chrome", "--contexts",
            "--eval", "chrome.offscreen.createDocument({ url: 'offscreen.html', reasons: ['BLOBS'], justification: 'j' }).then(() => 'created')",
            "--contexts", "--in", "offscreen", "--eval", "Object.keys(chrome)", "--close", "offscreen", "--contexts");
        Assert.Equal("", error);
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        const string Id = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        const string Background = """\{"contextType":"BACKGROUND","contextId":"ID","tabId":-1,"windowId":-1,"frameId":-1,"documentId":"[0-9A-F]{32}","documentUrl":"chrome-extension://[a-p]{32}/_generated_background_page\.html","documentOrigin":"chrome-extension://[a-p]{32}","incognito":false\}""";
        const string Offscreen = """\{"contextType":"OFFSCREEN_DOCUMENT","contextId":"ID","tabId":-1,"windowId":-1,"frameId":0,"documentId":"[0-9A-F]{32}","documentUrl":"chrome-extension://[a-p]{32}/offscreen\.html","documentOrigin":"chrome-extension://[a-p]{32}","incognito":false\}""";
        Assert.Equal(5, lines.Length);
        Assert.Matches("^" + Regex(@"\[runtime\] contexts => \[" + Background + @"\]$"), lines[0]);
        Assert.Equal("[background] => \"created\"", lines[1]);
        Assert.Matches("^" + Regex(@"\[runtime\] contexts => \[" + Background + "," + Offscreen + @"\]$"), lines[2]);
        Assert.Equal("[offscreen] => [\"runtime\"]", lines[3]);
        Assert.Equal(lines[0], lines[4]);
        Assert.Equal(0, code);

        static string Regex(string pattern) => pattern.Replace("ID", Id);
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
