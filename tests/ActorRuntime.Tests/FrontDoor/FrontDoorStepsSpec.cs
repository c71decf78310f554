using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// Every kind of step through a serve node's front door (<c>remote --url</c>) prints what <c>run</c> prints for the same
/// steps, with the same error lines and exit code: each case drives its own copy of the extension, fresh as run's.
/// </summary>
public sealed class FrontDoorStepsSpec(FrontDoorNode node) : IClassFixture<FrontDoorNode>, IDisposable
{
    private readonly string _files = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "actorruntime-front-door-files-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>A case's words, its placeholders (PAGE, RESPONSE, HOST, SCRIPT) files written in <paramref name="folder"/>.</summary>
    internal static string[] Words(string steps, string folder)
    {
        string File(string name, string text)
        {
            var path = Path.Combine(folder, name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        return steps.Split('|').Select(word => word switch
        {
            "PAGE" => File("page.html", "<!DOCTYPE html><html><head><title>Example page</title></head><body>hi</body></html>"),
            "RESPONSE" => File("a.json", "{\"from\":\"a file\"}"),
            "HOST" => File("host.js", "host.respond('https://host.example/*', { from: 'the host' });"),
            "SCRIPT" => File("steps.txt", "--eval 40 + 2\n--open popup\n--text #title\n"),
            _ => word,
        }).ToArray();
    }

    public static TheoryData<int, string> Cases => new()
    {
        { 1, "--eval|1+1|--open|popup|--type|#name|Ada|--click|#go|--text|#title|--html|#title|--close|popup|--contexts" },
        { 2, "--calls|--eval|console.log('a'); chrome.contextMenus.create({ id: 'x', title: 'X' }); console.log('b'); 1|--menus" },
        { 3, "--menu-click|mark|--fire|runtime.onMessage|[\"hi\"]|--eval|browser.runtime.sendMessage('again').then(r => r, e => e.message)" },
        { 4, "--respond|https://api.example/*|{\"ok\":true}|--eval|(await fetch('https://api.example/x')).json()|--request|https://example.com/block|--request|https://example.com/pass|{\"type\":\"xmlhttprequest\"}" },
        { 5, "--action|--action-click|--eval|document.title|--in|background|--eval|2" },
        { 6, "--private|--page|PAGE|--open|tab:https://example.com/|--eval|document.title" },
        { 7, "--respond|https://files.example/*|RESPONSE|--eval|(await fetch('https://files.example/a.json')).json()" },
        { 8, "--host|HOST|--eval|(await fetch('https://host.example/')).json()" },
        { 9, "--strict|--eval|Promise.reject(new Error('boom')); 1" },
        { 10, "--script|SCRIPT" },
        { 11, "--terminate|background" },
        { 12, "--eval|null.x|--eval|3" },
        { 13, "--open|nowhere" },
        { 14, "--menu-click|nope" },
        // A call a later task makes after the result (when the message fails, which the extension waits for), with no line
        // after it: printed after the result, as run prints it.
        { 17, "--calls|--eval|browser.runtime.sendMessage('x').catch(() => browser.contextMenus.create({ id: 'later', title: 'L' })); 1|--eval|2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_step_through_the_front_door_prints_what_run_prints(int copy, string steps)
    {
        var arguments = Words(steps, _files);

        var run = await CommandLine.Run(["run", node.Copy(copy), .. arguments]);
        var remote = await CommandLine.Run(["remote", "--url", node.Url, "--token", FrontDoorNode.Token, "--extension", $"case-{copy}", .. arguments]);

        Assert.Equal(run, remote);
        // Each case checks something: an empty answer would match an empty answer.
        Assert.NotEqual("", run.Out + run.Err);
    }

    public void Dispose() => Directory.Delete(_files, recursive: true);
}
