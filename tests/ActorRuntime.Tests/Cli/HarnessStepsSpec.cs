using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary><c>run</c>'s harness: --fire, --host, --calls and --strict (for the whole run, wherever they stand), --script files.</summary>
public class HarnessStepsSpec : IDisposable
{
    private readonly List<string> _files = new();
    private readonly List<ExtensionFolder> _folders = new();

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    private ExtensionFolder Extension(string background = "")
    {
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, background, "\"permissions\": [\"storage\", \"find\"],"));
        _folders.Add(folder);
        return folder;
    }

    private string File(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "actorruntime-tests", Guid.NewGuid().ToString("N") + ".txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        _files.Add(path);
        return path;
    }

    [Fact]
    public async Task Fire_prints_the_listeners_results()
    {
        var folder = Extension("""
            browser.browserAction.onClicked.addListener(tab => { console.log('clicked ' + tab.id); });
            browser.runtime.onMessage.addListener(async m => m + 1);
            """);
        var (code, output, error) = await Run("run", folder.Path, "--fire", "browserAction.onClicked", "[{\"id\":4}]",
            "--fire", "runtime.onMessage", "[41]", "--fire", "tabs.onCreated", "[{}]");
        Assert.Equal("", error);
        Assert.Equal("""
            [background] clicked 4
            [runtime] browserAction.onClicked => [null]
            [runtime] runtime.onMessage => [42]
            [runtime] tabs.onCreated => []

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_host_script_and_the_call_log_hold_from_the_load_on_wherever_they_stand()
    {
        var folder = Extension("browser.find.find('at load').then(r => console.log('found ' + r.count));");
        var host = File("host.provide('find.find', (q) => ({ count: q.length }));");
        var (code, output, error) = await Run("run", folder.Path, "--eval", "browser.runtime.getURL('a')", "--calls", "--host", host);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[background] call find.find(\"at load\")", lines[0]);
        Assert.Equal("[background] found 7", lines[1]);
        Assert.Equal("[background] call runtime.getURL(\"a\")", lines[2]);
        Assert.StartsWith("[background] => \"moz-extension://", lines[3]);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Strict_exits_3_when_any_context_reported_an_uncaught_error_even_at_load()
    {
        var folder = Extension("Promise.reject(new Error('at load'));");
        var (code, output, _) = await Run("run", folder.Path, "--eval", "1", "--strict");
        Assert.Contains("[background] Uncaught (in promise) Error: at load", output);
        Assert.Equal(3, code);
        (code, _, _) = await Run("run", folder.Path, "--eval", "1");
        Assert.Equal(0, code);
        // What a script prints is not an uncaught error, whatever it says.
        var quiet = Extension("console.error('Uncaught nothing really');");
        (code, _, _) = await Run("run", quiet.Path, "--eval", "1", "--strict");
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_script_file_holds_the_steps_one_a_line()
    {
        var folder = Extension("browser.runtime.onMessage.addListener(m => m.length);");
        var script = File("""
            # the scenario, next to the extension
            --open popup

            --type #missing Ada Lovelace
            --eval document.title + ' ' + (1 + 1)
            --fire runtime.onMessage ["four"]
            """);
        var (code, output, error) = await Run("run", folder.Path, "--script", script);
        Assert.Equal("", error);
        Assert.Equal("""
            [popup] no element matches #missing
            [popup] => " 2"
            [runtime] runtime.onMessage => [4]

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task A_bad_script_line_or_a_missing_file_is_one_line_and_exit_2()
    {
        var folder = Extension();
        var script = File("--eval 1\n--bogus x\n");
        var (code, _, error) = await Run("run", folder.Path, "--script", script);
        Assert.StartsWith($"error: {script}:2: --bogus is not a step of run (steps: ", error);
        Assert.Equal(2, code);
        (code, _, error) = await Run("run", folder.Path, "--host", "/no/such/host.js");
        Assert.Equal("error: --host /no/such/host.js: no such file\n", error);
        Assert.Equal(2, code);
        (code, _, error) = await Run("run", folder.Path, "--fire", "runtime.onMessage", "not json");
        Assert.StartsWith("error: arguments of runtime.onMessage: expected a JSON array", error);
        Assert.Equal(2, code);
    }

    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    [Fact]
    public async Task The_action_counter_example_prints_what_the_README_shows()
    {
        var folder = Path.Combine(Examples, "action-counter");
        var (code, output, error) = await Run("run", folder, "--host", Path.Combine(folder, "host.js"), "--calls", "--script", Path.Combine(folder, "scenario.txt"));
        Assert.Equal("", error);
        Assert.Equal("""
            [background] call storage.local.get("clicks")
            [background] call storage.local.set({"clicks":1,"lastTab":"example.com/"})
            [background] call browserAction.setBadgeText({"text":"1","tabId":1})
            [background] call tabs.detectLanguage(1)
            [background] click 1 in "example.com/" (en)
            [background] call alarms.create("reminder",{"delayInMinutes":1})
            [runtime] browserAction.onClicked => [1]
            [background] call storage.local.get("clicks")
            [background] call storage.local.set({"clicks":2,"lastTab":"example.com/"})
            [background] call browserAction.setBadgeText({"text":"2","tabId":1})
            [background] call tabs.detectLanguage(1)
            [background] click 2 in "example.com/" (en)
            [background] call alarms.create("reminder",{"delayInMinutes":1})
            [runtime] browserAction.onClicked => [2]
            [runtime] action: {"title":"Count my clicks","badge":"2","popup":null,"enabled":true}
            [background] call storage.local.get(["clicks","lastTab"])
            [background] call notifications.create("reminder",{"type":"basic","title":"Still counting","message":"2 clicks so far, the last in example.com/"})
            [runtime] notification reminder: Still counting - 2 clicks so far, the last in example.com/
            [background] call storage.local.get("clicks")
            [background] => 2

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal(0, code);
        // Without the host the browser's language detection is missing, and --strict says so.
        (code, output, _) = await Run("run", folder, "--strict", "--open", "tab:https://example.com/", "--action-click");
        Assert.Contains("[background] Uncaught (in promise) Error: browser.tabs.detectLanguage is not available in ActorRuntime: provide it with the host API", output);
        Assert.Equal(3, code);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
        foreach (var file in _files) System.IO.File.Delete(file);
    }
}
