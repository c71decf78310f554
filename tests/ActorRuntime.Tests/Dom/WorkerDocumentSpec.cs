using ActorRuntime.Dom;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>
/// A service worker's DOM binding keeps a document for the DOM's machinery that no worker interface uses: it is made
/// only if something asks for it, so a worker's start copies no page.
/// </summary>
public class WorkerDocumentSpec : RuntimeSpec
{
    [Fact]
    public async Task A_worker_using_events_urls_encodings_fetch_and_messages_makes_no_document()
    {
        var e = await Load(new Dictionary<string, string>
        {
            ["manifest.json"] = """
                {"manifest_version": 3, "name": "sw", "version": "1.0", "background": {"service_worker": "sw.js"},
                 "host_permissions": ["https://api.example/*"], "action": {"default_popup": "popup.html"}}
                """,
            ["sw.js"] = """
                self.addEventListener('message', () => {});
                const target = new EventTarget();
                target.addEventListener('x', ev => console.log('event', ev.detail));
                target.dispatchEvent(new CustomEvent('x', { detail: 1 }));
                self.dispatchEvent(new Event('ping'));
                console.log(new URL('a.html', location.href).pathname, new TextEncoder().encode('x').length,
                  new Headers({ a: '1' }).get('a'), new FormData() instanceof FormData, new AbortController().signal.aborted);
                chrome.runtime.onMessage.addListener((m, s, respond) => {
                  fetch('https://api.example/x').then(r => r.text()).then(respond);
                  return true;
                });
                """,
            ["popup.html"] = "<!DOCTYPE html><html><body></body></html>",
        }, Flavor.Chrome);
        e.Respond("https://api.example/x", ResponseSpec.Text("ok"));
        await e.OpenAsync("popup");
        Assert.Equal("\"ok\"", await e.EvaluateAsync("popup", "chrome.runtime.sendMessage(1)"));
        Assert.Equal(["event 1", "/a.html 1 1 true false"], Lines("background"));
        var worker = (DomBinding)e.State.Background!.PageDom!;
        Assert.Null(worker.State.DocumentIfMade);
        Assert.Null(e.State.Background.Document);
    }

    [Fact]
    public void A_document_made_when_needed_is_made_once_on_first_use()
    {
        var made = 0;
        var state = DocumentState.MadeWhenNeeded(() =>
        {
            made++;
            return ActorRuntime.Manifest.PageParser.BlankDocument();
        });
        Assert.Null(state.DocumentIfMade);
        Assert.Equal(0, made);
        var document = state.Document;
        Assert.Same(document, state.Document);
        Assert.Same(document, state.DocumentIfMade);
        Assert.Equal(1, made);
    }
}
