using System.Diagnostics;
using ActorRuntime.Host;
using ActorRuntime.RemoteClient;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary>
/// Every kind of command line the CLI cannot run is refused before anything runs: one <c>error:</c> line on stderr (no
/// stack trace, no output), exit code 2. A word not known suggests the option or command meant; no arguments at all
/// print the usage.
/// </summary>
public sealed class CliParseErrorsSpec : IDisposable
{
    private readonly ExtensionFolder _extension = new(Manifests.Standard(Manifests.PersistentScripts, "console.log('loaded');"));
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-parse-").FullName;

    public void Dispose()
    {
        _extension.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The command line (EXT standing for a real extension folder) is refused with exactly <paramref name="line"/>, and nothing ran.</summary>
    private async Task Refused(string line, params string[] args)
    {
        var (code, output, error) = await CommandLine.Run(args.Select(a => a == "EXT" ? _extension.Path : a).ToArray());
        Assert.Equal(("", $"error: {line}\n", 2), (output, error, code));
    }

    [Theory]
    [InlineData("unrecognized option '--evl'; did you mean '--eval'?", "run", "EXT", "--evl", "1")]
    [InlineData("unrecognized option '--adv'; did you mean '--advance'?", "run", "EXT", "--eval", "1", "--adv", "10")]
    [InlineData("unrecognized option '--strcit'; did you mean '--strict'?", "run", "EXT", "--strcit")]
    [InlineData("unrecognized option '--prot'; did you mean '--port'?", "serve", "--prot", "2551")]
    [InlineData("unrecognized option '--extention'; did you mean '--extension'?", "remote", "--seed", "127.0.0.1:1", "--extention", "x")]
    [InlineData("unrecognized option '--hepl'; did you mean '--help'?", "--hepl")]
    public Task A_typo_in_an_option_suggests_the_option_meant(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("unrecognized option '--zzzzzz' (see actorruntime run --help)", "run", "EXT", "--zzzzzz")]
    [InlineData("unrecognized option '-e' (see actorruntime run --help)", "run", "EXT", "-e", "1")]
    [InlineData("unrecognized option '--verbose' (see actorruntime --help)", "--verbose")]
    public Task An_option_like_none_points_to_the_help(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("unrecognized command 'rn'; did you mean 'run'?", "rn", "EXT")]
    [InlineData("unrecognized command 'serv'; did you mean 'serve'?", "serv")]
    [InlineData("unrecognized command 'frob' (commands: run, serve, remote)", "frob")]
    public Task An_unknown_command_suggests_the_command_meant_or_lists_them(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("run needs <extension-dir>", "run")]
    [InlineData("--advance needs <ms>", "run", "EXT", "--advance")]
    [InlineData("--in needs <label>", "run", "EXT", "--in", "popup", "--eval", "1", "--in")]
    [InlineData("--fire needs <ns.event> <json-array>", "run", "EXT", "--fire", "runtime.onStartup")]
    [InlineData("--type needs <selector> <text>", "run", "EXT", "--open", "popup", "--type", "#name")]
    [InlineData("--menu-click needs <id> [<info-json>]", "run", "EXT", "--menu-click")]
    [InlineData("--port needs <port>", "serve", "--port")]
    public Task A_missing_value_says_what_the_option_takes(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("--advance abc: expected a number of milliseconds, 0 or more", "run", "EXT", "--advance", "abc")]
    [InlineData("--advance -5: expected a number of milliseconds, 0 or more", "run", "EXT", "--advance", "-5")]
    [InlineData("--advance 1e3: expected a number of milliseconds, 0 or more", "run", "EXT", "--advance", "1e3")]
    [InlineData("--advance 99999999999999999999: expected at most 1000000000000 milliseconds (about 31 years)", "run", "EXT", "--advance", "99999999999999999999")]
    [InlineData("--action-click first: expected a tab id (a number) or nothing (the active tab)", "run", "EXT", "--action-click", "first")]
    [InlineData("--action -1: expected a tab id (a number) or nothing (the active tab)", "run", "EXT", "--action", "-1")]
    [InlineData("--port abc: expected a whole number", "serve", "--port", "abc")]
    [InlineData("--port 99999: expected a port number from 0 to 65535 (0: any free port)", "serve", "--port", "99999")]
    [InlineData("--port -1: expected a port number from 0 to 65535 (0: any free port)", "serve", "--port", "-1")]
    public Task A_value_that_is_no_number_or_out_of_range_is_refused(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("arguments of runtime.onMessage: expected a JSON array, invalid at line 1, byte 2", "run", "EXT", "--fire", "runtime.onMessage", "not json")]
    [InlineData("arguments of runtime.onMessage: expected a JSON array, got object", "run", "EXT", "--fire", "runtime.onMessage", "{}")]
    [InlineData("cannot fire \"onMessage\": expected an event name such as tabs.onCreated", "run", "EXT", "--fire", "onMessage", "[]")]
    [InlineData("--menu-click mark [1]: expected a JSON object of click info, such as {\"pageUrl\":\"https://example.com/\"}", "run", "EXT", "--menu-click", "mark", "[1]")]
    [InlineData("cannot request \"https://example.com/\": the details are not JSON (expected an object such as {\"type\":\"script\"})", "run", "EXT", "--request", "https://example.com/", "{type:")]
    [InlineData("cannot request \"https://example.com/\": the details must be a JSON object such as {\"type\":\"script\"}", "run", "EXT", "--request", "https://example.com/", "[]")]
    [InlineData("cannot request \"ftp://example.com/\": expected an absolute http, https, ws or wss URL", "run", "EXT", "--eval", "1", "--request", "ftp://example.com/")]
    [InlineData("--respond https://example.com/* {: expected a file or a JSON body (no such file, and not JSON)", "run", "EXT", "--eval", "1", "--respond", "https://example.com/*", "{")]
    [InlineData("cannot respond to \"example.com\": expected <all_urls> or <scheme>://<host>/<path>", "run", "EXT", "--eval", "1", "--respond", "example.com", "{}")]
    public Task A_value_that_is_not_the_JSON_or_URL_expected_is_refused_before_the_extension_loads(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("--flavor safari: expected mdn, firefox or chrome", "run", "EXT", "--flavor", "safari")]
    [InlineData("cannot open \"dialog\": expected popup, options, sidebar, page:<path> or tab:<url>", "run", "EXT", "--eval", "1", "--open", "dialog")]
    [InlineData("cannot open \"tab:\": expected popup, options, sidebar, page:<path> or tab:<url>", "run", "EXT", "--open", "tab:")]
    public Task A_value_not_among_the_choices_names_them(string line, params string[] args) => Refused(line, args);

    [Theory]
    [InlineData("--strict takes no value, yet \"false\" follows it", "run", "EXT", "--strict", "false")]
    [InlineData("--click takes <selector>, and \"#b\" is one more", "run", "EXT", "--open", "popup", "--click", "#a", "#b")]
    [InlineData("--fire takes <ns.event> <json-array>, and \"[2]\" is one more", "run", "EXT", "--fire", "runtime.onMessage", "[1]", "[2]")]
    [InlineData("--eval takes <js>, and \"2\" is one more", "run", "EXT", "--eval", "1", "2")]
    [InlineData("unexpected argument \"extra\" (actorruntime run <extension-dir> [options])", "run", "EXT", "extra")]
    [InlineData("unexpected argument \"extra\" (actorruntime serve [options])", "serve", "extra")]
    public Task A_value_too_many_names_the_option_it_follows(string line, params string[] args) => Refused(line, args);

    [Fact]
    public Task A_page_that_no_tab_opens_is_refused_before_the_extension_loads()
    {
        var page = Write("page.html", "<p>hi</p>");
        return Task.WhenAll(
            Refused("--page applies to the next --open tab:<url>, and none followed it", "run", "EXT", "--page", page, "--eval", "1"),
            Refused($"--page applies to the next --open tab:<url>, not to --open popup", "run", "EXT", "--page", page, "--open", "popup"),
            Refused($"--page {Path.Combine(_dir, "none.html")}: no such file", "run", "EXT", "--page", Path.Combine(_dir, "none.html"), "--open", "tab:https://example.com/"));
    }

    [Fact]
    public async Task A_script_files_bad_value_names_the_file_and_line()
    {
        var script = Write("steps.txt", "# a scenario\n--eval 1\n--advance soon\n");
        await Refused($"{script}:3: --advance soon: expected a number of milliseconds, 0 or more", "run", "EXT", "--script", script);
        var fire = Write("fire.txt", "--fire runtime.onMessage {\"not\":\"an array\"}\n");
        await Refused($"{fire}:1: arguments of runtime.onMessage: expected a JSON array, got object", "run", "EXT", "--script", fire);
        var flag = Write("flag.txt", "--strict yes\n");
        await Refused($"{flag}:1: --strict takes no value, got \"yes\"", "run", "EXT", "--script", flag);
    }

    [Fact]
    public async Task A_value_starting_with_at_is_that_value_not_a_file_of_arguments()
    {
        var (code, output, error) = await CommandLine.Run("run", _extension.Path, "--in", "@nowhere", "--eval", "1");
        Assert.Equal("error: no open context labelled \"@nowhere\" (open: background)\n", error);
        Assert.Equal(("[background] loaded\n", 2), (output, code));
    }

    [Fact]
    public async Task No_arguments_print_the_usage_and_exit_2_while_help_exits_0()
    {
        var (code, output, error) = await CommandLine.Run();
        Assert.Equal((2, "error: expected a command: run, serve, remote (usage above)\n"), (code, error));
        Assert.Contains("Usage:\n  actorruntime [command] [options]\n", output);
        Assert.Contains("  run <extension-dir>", output);

        (code, output, error) = await CommandLine.Run("--help");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("Usage:\n  actorruntime [command] [options]\n", output);
    }

    [Fact]
    public async Task The_help_says_what_each_step_takes()
    {
        var (code, output, _) = await CommandLine.Run("run", "--help");
        Assert.Equal(0, code);
        var firstColumns = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("--", StringComparison.Ordinal))
            .Select(l => l.Split("  ")[0]).ToList();
        foreach (var expected in new[]
                 {
                     "--in <label>", "--eval <js>", "--advance <ms>", "--close <label>", "--page <path>", "--host <path>", "--script <path>",
                     "--fire <ns.event> <json-array>", "--respond <url-pattern> <file-or-json>", "--request <url> <details-json>",
                     "--menu-click <id> <info-json>", "--action <tab-id>", "--type <selector> <text>", "--click <selector>", "--calls", "--strict",
                     "--flavor <mdn|firefox|chrome>",
                 })
            Assert.Contains(expected, firstColumns);
        // No placeholder repeats the option's own name, as the parser's default would (--eval <eval>).
        Assert.DoesNotContain(firstColumns, c => c.Split(' ') is [var name, var value] && value == $"<{name.TrimStart('-')}>");
    }

    [Theory]
    [InlineData("abc", "ab", 1)]
    [InlineData("evl", "eval", 1)]
    [InlineData("strcit", "strict", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_counts_edits_and_a_swap_of_neighbours_as_one(string a, string b, int edits) =>
        Assert.Equal(edits, ParseErrorLine.Distance(a, b));

    [Fact]
    public void A_suggestion_is_near_enough_to_be_a_typo()
    {
        string[] known = ["--eval", "--in", "--advance", "-h", "--help"];
        Assert.Equal("--eval", ParseErrorLine.Suggest(known, "--evla"));
        Assert.Equal("--advance", ParseErrorLine.Suggest(known, "--adv"));
        Assert.Null(ParseErrorLine.Suggest(known, "-e"));
        Assert.Null(ParseErrorLine.Suggest(known, "--banana"));
    }

    /// <summary>The real executable: its own entry point, culture and console, where a .NET exception would print its stack.</summary>
    [Fact]
    public async Task The_executable_prints_one_line_and_no_stack_trace()
    {
        var runs = await Task.WhenAll(
            OutOfProcess("run", _extension.Path, "--advance", "abc"),
            OutOfProcess("run", _extension.Path, "--evl", "1"),
            OutOfProcess("serve", "--port", "70000"),
            OutOfProcess());
        Assert.Equal((2, "", "error: --advance abc: expected a number of milliseconds, 0 or more\n"), runs[0]);
        Assert.Equal((2, "", "error: unrecognized option '--evl'; did you mean '--eval'?\n"), runs[1]);
        Assert.Equal((2, "", "error: --port 70000: expected a port number from 0 to 65535 (0: any free port)\n"), runs[2]);
        Assert.Equal((2, "error: expected a command: run, serve, remote (usage above)\n"), (runs[3].Code, runs[3].Err));
        Assert.StartsWith("Description:", runs[3].Out);
        Assert.All(runs, run => Assert.DoesNotContain("   at ", run.Err));
    }

    private Task<(int Code, string Out, string Err)> OutOfProcess(params string[] args) => CommandLine.RunProcess(_dir, args);
}
