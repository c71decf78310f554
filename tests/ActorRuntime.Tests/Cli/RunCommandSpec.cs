using System.CommandLine;
using ActorRuntime.Host;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary>The <c>run</c> command's grammar, output and exit codes, through the same parser the executable uses.</summary>
public class RunCommandSpec
{
    private static readonly string Example = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "getbackgroundpage"));

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    [Fact]
    public async Task Bundled_example_prints_from_the_background()
    {
        var (code, output, error) = await Run("run", Example, "--open", "popup");
        Assert.Equal("", error);
        Assert.Equal("[background] I'm defined in background.js\n", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Steps_run_in_command_line_order_with_in_and_default_targets()
    {
        var (code, output, _) = await Run("run", Example, "--eval", "typeof foo", "--open", "popup", "--eval", "location.href",
            "--in", "background", "--eval", "var n = 1; n + 1", "--eval", "undefined", "--open", "page:popup/popup.html", "--eval", "({a: [1, 'x']})");
        Assert.Equal(0, code);
        // The shipped profile seed gives the example this origin in every run (FirefoxUuid of "actorruntime" and its id).
        Assert.Equal("""
            [background] => "function"
            [background] I'm defined in background.js
            [popup] => "moz-extension://640386d6-c432-484c-a547-803a972861d6/popup/popup.html"
            [background] => 2
            [background] => undefined
            [background] I'm defined in background.js
            [page:popup/popup.html] => {"a":[1,"x"]}

            """.Replace("\r", ""), output);
    }

    [Fact]
    public async Task Lines_printed_by_later_tasks_follow_the_result_they_came_after()
    {
        // The listener runs as the very next task of the extension's loop: its line is printed microseconds after the
        // popup's result is sent, usually before the result reaches the printing thread.
        using var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts,
            "browser.runtime.onMessage.addListener(m => { console.log('got ' + m); });"));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (code, output, _) = await Run("run", folder.Path, "--open", "popup", "--eval",
                "console.log('sync'); Promise.resolve().then(() => console.log('micro')); browser.runtime.sendMessage('hi').then(() => {}, () => {}); 1",
                "--eval", "browser.runtime.sendMessage('again').then(() => {}, () => {}); null.x");
            Assert.Equal(1, code);
            Assert.Equal("""
                [popup] sync
                [popup] micro
                [popup] => 1
                [background] got hi
                [popup] Uncaught TypeError: Cannot read properties of null (reading 'x')
                [background] got again

                """.Replace("\r", ""), output);
        }
    }

    [Fact]
    public async Task A_throwing_eval_prints_its_error_and_exits_1_after_the_remaining_steps()
    {
        var (code, output, _) = await Run("run", Example, "--eval", "null.x", "--eval", "Promise.reject(new Error('no'))", "--eval", "1");
        Assert.Equal(1, code);
        Assert.Equal("[background] Uncaught TypeError: Cannot read properties of null (reading 'x')\n[background] Uncaught Error: no\n[background] => 1\n", output);
    }

    [Fact]
    public async Task Flavor_and_private_change_the_answers()
    {
        var (_, chrome, _) = await Run("run", Example, "--flavor", "firefox", "--private", "--open", "popup", "--eval", "browser.extension.getBackgroundPage()");
        Assert.EndsWith("[popup] => null\n", chrome);
    }

    [Theory]
    [InlineData(new[] { "run", "/no/such/extension" }, "error: /no/such/extension: no such extension folder\n")]
    [InlineData(new[] { "run", "EXAMPLE", "--bogus" }, "error: unrecognized option '--bogus' (see actorruntime run --help)\n")]
    [InlineData(new[] { "run", "EXAMPLE", "--flavor", "safari" }, "error: --flavor safari: expected mdn, firefox or chrome\n")]
    [InlineData(new[] { "run", "EXAMPLE", "--close", "sidebar" }, "error: no open context labelled \"sidebar\" (open: background)\n")]
    [InlineData(new[] { "run", "EXAMPLE", "--open", "options" }, "error: manifest.json declares no options page (options_ui.page or options_page)\n")]
    public async Task Bad_input_exits_2_with_one_error_line(string[] args, string expected)
    {
        var (code, _, error) = await Run(args.Select(a => a == "EXAMPLE" ? Example : a).ToArray());
        Assert.Equal(2, code);
        Assert.StartsWith(expected.TrimEnd('\n'), error);
        Assert.Single(error.TrimEnd('\n').Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Advance_moves_the_virtual_clock_and_fires_due_timers_between_steps()
    {
        using var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts,
            "var start = Date.now(); setTimeout(() => console.log('tick at', Date.now() - start), 1000);"));
        var (code, output, error) = await Run("run", folder.Path, "--advance", "999", "--eval", "'before'", "--advance", "1", "--eval", "Date.now() - start");
        Assert.Equal("", error);
        Assert.Equal("[background] => \"before\"\n[background] tick at 1000\n[background] => 1000\n", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_pending_eval_jumps_to_the_timer_it_waits_for_and_a_never_settling_one_exits_1()
    {
        using var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, "var start = Date.now();"));
        var (code, output, _) = await Run("run", folder.Path,
            "--eval", "await new Promise(r => setTimeout(r, 45000, 'woke'))", "--eval", "Date.now() - start", "--eval", "await new Promise(() => {})");
        Assert.Equal("""
            [background] => "woke"
            [background] => 45000
            [background] the result never settles: no timer is pending and nothing else can run

            """.Replace("\r", ""), output);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Event_page_example_is_suspended_when_idle_and_woken_by_a_message_with_fresh_state()
    {
        var eventPage = Path.Combine(Path.GetDirectoryName(Example)!, "eventpage");
        var (code, output, error) = await Run("run", eventPage, "--open", "popup", "--close", "popup", "--advance", "30000",
            "--open", "popup", "--eval", "await browser.runtime.sendMessage({type: 'visit'})", "--in", "background", "--eval", "visits");
        Assert.Equal("", error);
        Assert.Equal("""
            [background] background started
            [background] installed: install
            [popup] visits so far: 1
            [background] suspending after 1 visits
            [background] background started
            [popup] visits so far: 1
            [popup] => {"visits":2}
            [background] => 2

            """.Replace("\r", ""), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Install_and_startup_fire_at_load_before_the_first_step()
    {
        using var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, """
            browser.runtime.onInstalled.addListener(d => console.log('installed:', d.reason));
            browser.runtime.onStartup.addListener(() => console.log('started'));
            """));
        var (code, output, _) = await Run("run", folder.Path, "--eval", "'first step'");
        Assert.Equal("[background] installed: install\n[background] started\n[background] => \"first step\"\n", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Negative_advance_is_bad_input()
    {
        var (code, _, error) = await Run("run", Example, "--advance", "-5");
        Assert.Equal(2, code);
        Assert.Equal("error: --advance -5: expected a number of milliseconds, 0 or more\n", error);
    }

    [Fact]
    public async Task Malformed_manifest_exits_2()
    {
        using var folder = new ExtensionFolder(new Dictionary<string, string> { ["manifest.json"] = "{ \"manifest_version\": 2, " });
        var (code, _, error) = await Run("run", folder.Path);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {Path.Combine(folder.Path, "manifest.json")}:1:", error);
    }

    [Fact]
    public async Task Respond_answers_fetch_with_json_or_a_files_bytes_and_leading_ones_are_there_at_startup()
    {
        using var folder = new ExtensionFolder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts,
            "fetch('https://ipinfo.io/json').then(r => r.json()).then(j => console.log('country', j.country), e => console.log('failed', e.message));"))
        {
            ["popup.js"] = "",
        });
        var file = Path.Combine(folder.Path, "..", Path.GetFileName(folder.Path) + "-answer.txt");
        File.WriteAllText(file, "from a file");
        try
        {
            var (code, output, error) = await Run("run", folder.Path, "--respond", "https://ipinfo.io/*", """{"country":"NZ"}""", "--open", "popup",
                "--respond", "https://files.example/*", file,
                "--eval", "const r = await fetch('https://files.example/a'); [await r.text(), r.headers.get('content-type'), r.status]");
            Assert.Equal("", error);
            Assert.Equal("[background] country NZ\n[popup] => [\"from a file\",\"text/plain\",200]\n", output);
            Assert.Equal(0, code);

            // Without it, the same start fails as offline; a --respond after the start answers only what comes after it.
            (code, output, _) = await Run("run", folder.Path, "--flavor", "chrome", "--open", "popup", "--respond", "https://ipinfo.io/*", "[1, 2]",
                "--eval", "await (await fetch('https://ipinfo.io/')).json()");
            Assert.Equal("[background] failed Failed to fetch\n[popup] => [1,2]\n", output);
            Assert.Equal(0, code);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_respond_example_prints_what_the_README_shows()
    {
        var (code, output, error) = await Run("run", Example, "--respond", "https://ipinfo.io/*", """{"country":"NZ"}""",
            "--open", "popup", "--eval", "(await (await fetch('https://ipinfo.io/json')).json()).country",
            "--eval", "await fetch('https://example.com/').catch(e => e.message)");
        Assert.Equal("", error);
        Assert.Equal("""
            [background] I'm defined in background.js
            [popup] => "NZ"
            [popup] => "NetworkError when attempting to fetch resource."

            """.Replace("\r", ""), output);
        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("ipinfo.io", "{}", "error: cannot respond to \"ipinfo.io\": expected <all_urls> or <scheme>://<host>/<path>\n")]
    [InlineData("https://ipinfo.io/*", "no-such-file.json", "error: --respond https://ipinfo.io/* no-such-file.json: expected a file or a JSON body (no such file, and not JSON)\n")]
    public async Task Respond_refuses_a_bad_pattern_or_body_as_bad_input(string pattern, string body, string line)
    {
        var (code, output, error) = await Run("run", Example, "--respond", pattern, body);
        Assert.Equal(("", line, 2), (output, error, code));
        (code, _, error) = await Run("run", Example, "--open", "popup", "--respond", pattern, body);
        Assert.Equal((line, 2), (error, code));
    }
}
