using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// One real <c>serve</c> process whose front door needs a token, hosting copies of <see cref="FrontDoorExtension"/>
/// (<c>case-1</c>, <c>case-2</c>...: a spec that compares with <c>run</c> drives a copy no other request touched, so it
/// starts as <c>run</c>'s does).
/// </summary>
public sealed class FrontDoorNode : IAsyncLifetime
{
    public const string Token = "front-door-spec-token-0123456789";
    public const int Copies = 17;

    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-front-door-" + Guid.NewGuid().ToString("N")[..8]);
    private ServeProcess? _node;

    public string Extensions => Path.Combine(_work, "extensions");

    /// <summary>The front door's URL.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The folder of copy <paramref name="number"/> (its id is its folder's name).</summary>
    public string Copy(int number) => Path.Combine(Extensions, $"case-{number}");

    public async Task InitializeAsync()
    {
        for (var i = 1; i <= Copies; i++)
            foreach (var (relative, text) in FrontDoorExtension.Files)
            {
                var full = Path.Combine(Copy(i), relative);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, text);
            }
        var config = Path.Combine(_work, "front-door.hocon");
        await File.WriteAllTextAsync(config, $"actorruntime.front-door.token = \"{Token}\"\nactorruntime.storage.provider = memory\n");
        _node = ServeProcess.Start("front-door", $"--extensions \"{Extensions}\" --config \"{config}\"", null, _work, "activated ");
        await _node.Ready;
        Url = await _node.FrontDoor;
    }

    public Task DisposeAsync()
    {
        _node?.Kill();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>An extension with something for every step: a popup with a form, a menu, webRequest, a content script.</summary>
public static class FrontDoorExtension
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["manifest.json"] = """
            {
              "manifest_version": 2, "name": "front door", "version": "1.0",
              "permissions": ["contextMenus", "webRequest", "webRequestBlocking", "<all_urls>"],
              "background": { "scripts": ["background.js"] },
              "browser_action": { "default_popup": "popup.html" },
              "content_scripts": [{ "matches": ["https://example.com/*"], "js": ["content.js"] }]
            }
            """,
        ["background.js"] = """
            console.log('background up');
            chrome.contextMenus.create({ id: 'mark', title: 'Mark' });
            chrome.contextMenus.onClicked.addListener(info => { console.log('menu ' + info.menuItemId); return 'marked'; });
            browser.runtime.onMessage.addListener(message => { console.log('message ' + message); return Promise.resolve('got ' + message); });
            chrome.webRequest.onBeforeRequest.addListener(details => {
              console.log('request ' + details.url);
              return { cancel: details.url.includes('block') };
            }, { urls: ['<all_urls>'] }, ['blocking']);
            """,
        ["popup.html"] = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Popup</title></head>
            <body><h1 id="title">Hello popup</h1><input id="name"><button id="go">Go</button><script src="popup.js"></script></body></html>
            """,
        ["popup.js"] = """
            document.getElementById('go').addEventListener('click', () => console.log('hello ' + document.getElementById('name').value));
            """,
        ["content.js"] = """
            console.log('content script on ' + location.href + ': ' + document.title);
            """,
    };
}
