using System.Text.RegularExpressions;
using ActorRuntime.Host;
using ActorRuntime.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Hostile.Fuzz;

/// <summary>
/// Generated command lines through the same entry point as the executable: whatever the arguments, the exit code is
/// 0, 1 or 2, a failure says so in one <c>error:</c> line (or, for a failed script, in the script's own output),
/// nothing escapes <see cref="Program.RunAsync"/>, no .NET stack trace is printed, and no call hangs.
/// </summary>
public sealed partial class CliFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultCases = 150;
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    private static readonly string Example = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "getbackgroundpage"));

    private readonly ExtensionFolder _extension = new(Manifests.Standard(Manifests.EventPageScripts,
        "console.log('background up'); var n = 0; browser.runtime.onMessage.addListener(m => { n++; });"));

    [Fact]
    public async Task Any_command_line_exits_0_1_or_2_with_at_most_one_error_line_and_no_stack_trace()
    {
        var arguments = Arb.From(CliCases.Any(Example, _extension.Path), CliCases.Shrink);
        var property = Prop.ForAll(arguments, Run);
        await FuzzRun.CheckAsync(nameof(Any_command_line_exits_0_1_or_2_with_at_most_one_error_line_and_no_stack_trace), property, DefaultCases, output);
    }

    // Found by the property, each once a .NET message, a raw control character or a second line on stderr.
    [Theory]
    [InlineData("run|EXTENSION|--advance|1000000000001", "error: --advance 1000000000001: expected at most 1000000000000 milliseconds (about 31 years)\n")]
    [InlineData("run|EXTENSION|--advance|9223372036854775807", "error: --advance 9223372036854775807: expected at most 1000000000000 milliseconds (about 31 years)\n")]
    [InlineData("remote|--seed|127.0.0.1:1|--extension|x|--config|/no/such.hocon", "error: --config /no/such.hocon: no such file\n")]
    [InlineData("run|EXTENSION|--in|background|--eval|1|--in", "error: --in needs <label>\n")]
    [InlineData("run|EXTENSION|--open|a\u001b[31m\nb\r", "error: cannot open \"a\\u001b[31m\\nb\\r\": expected popup, options, sidebar, page:<path> or tab:<url>\n")]
    public async Task Bad_input_the_property_found_is_one_plain_error_line_and_exit_2(string arguments, string expected)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync([.. arguments.Split('|').Select(a => a == "EXTENSION" ? _extension.Path : a)], stdout, stderr);
        Assert.Equal(expected, stderr.ToString().Replace("\r\n", "\n"));
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task The_longest_advance_is_accepted()
    {
        var stderr = new StringWriter();
        Assert.Equal(0, await Program.RunAsync(["run", _extension.Path, "--advance", "1000000000000", "--eval", "1"], new StringWriter(), stderr));
        Assert.Equal("", stderr.ToString());
    }

    private static async Task Run(CliCase command)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code;
        try
        {
            code = await Program.RunAsync([.. command.Args], stdout, stderr).WaitAsync(CallLimit);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"did not end within {CallLimit.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(FuzzRun.Escaped(ex));
        }
        // Lines end where a terminal ends them (\n, \r); U+2028 and friends inside an echoed argument do not break a line.
        var printed = stdout.ToString().Replace("\r\n", "\n");
        var errors = stderr.ToString().Replace("\r\n", "\n");
        string Report(string problem) => $"{problem} (exit {code})\nstderr: {FuzzText.JsonLiteral(FuzzRun.Shorten(errors))}\nstdout: {FuzzText.JsonLiteral(FuzzRun.Shorten(printed))}";

        if (code is not (0 or 1 or 2)) throw new InvalidOperationException(Report("exit code not 0, 1 or 2"));
        if ((printed + errors).Split('\n').Any(DotnetFrame().IsMatch) || errors.Contains("Exception:", StringComparison.Ordinal))
            throw new InvalidOperationException(Report("a .NET stack trace was printed"));
        if (DotnetMessage().IsMatch(errors)) throw new InvalidOperationException(Report("a .NET exception's message was printed"));
        var oneErrorLine = errors.StartsWith("error: ", StringComparison.Ordinal) && errors.IndexOf('\n') == errors.Length - 1 && !errors.Contains('\r');
        switch (code)
        {
            case 0 when errors.Length > 0:
                throw new InvalidOperationException(Report("exit 0 with something on stderr"));
            case 2 when !oneErrorLine:
                throw new InvalidOperationException(Report("exit 2 without exactly one error: line on stderr"));
            // A failed script is reported in the output as the console shows it; anything else is one error: line.
            case 1 when !(oneErrorLine || errors.Length == 0 && printed.Split('\n').Any(ScriptFailure().IsMatch)):
                throw new InvalidOperationException(Report("exit 1 without exactly one error: line or a script failure in the output"));
        }
    }

    /// <summary>A frame of a .NET stack trace: <c>   at Namespace.Type.Method(...)</c>.</summary>
    [GeneratedRegex(@"^\s+at [\w.`<>\[\]+]+\.[\w<>`|]+\(.*\)")]
    private static partial Regex DotnetFrame();

    /// <summary>Messages of .NET's own exceptions, which say nothing to a user of the command line.</summary>
    [GeneratedRegex(@"\(Parameter '|Object reference not set|Value cannot be null|Specified argument was out of the range|Index was outside|overflowed|un-representable|Input string was not in a correct format|Sequence contains|Could not find (file|a part of the path)|Exception of type|Timeout after")]
    private static partial Regex DotnetMessage();

    [GeneratedRegex(@"^\[[^\]]+\] (Uncaught |the result never settles)")]
    private static partial Regex ScriptFailure();

    public void Dispose() => _extension.Dispose();
}

/// <summary>The arguments of one command line.</summary>
public sealed record CliCase(IReadOnlyList<string> Args)
{
    public override string ToString() => "[" + string.Join(", ", Args.Select(a => FuzzText.JsonLiteral(FuzzRun.Shorten(a, 200)))) + "]";
}

/// <summary>
/// Command lines mixing real commands and options with odd values and junk. <c>serve</c> and <c>remote</c> always
/// name a missing <c>--config</c> file first, so one that parses fails before anything starts: a real node would
/// run until it is stopped, and a real client would wait to join a cluster.
/// </summary>
public static class CliCases
{
    public const string MissingConfig = "/nonexistent-actorruntime-fuzz/settings.hocon";

    private static readonly string[] OptionNames =
    [
        "--open", "--eval", "--in", "--close", "--advance", "--flavor", "--private", "--config", "--port", "--seed", "--extension", "--extensions",
        "--bind", "--hostname",
    ];

    /// <summary>Tokens that may come first: never <c>serve</c> or <c>remote</c>, which would start a node or join a cluster.</summary>
    private static readonly string[] Junk =
    [
        "", "-", "--", "-h", "--help", "-?", "--version", "[diagram]", "[suggest]", "@nosuchfile.rsp", "--nosuch", "-x", "run",
        "--open=popup", "--advance:5", "--eval=1", "---open", "--OPEN", "/?",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "-5", "65535", "65536", "2551", "1000", "60000", "1000000000000", "1000000000001", "300000000000000", "922337203685478", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e3",
        "0x10", "NaN", "\u0663", " 5", "5 ", "1_000", "+5", "",
    ];

    private static readonly string[] Scripts =
    [
        "1 + 1", "null.x", "throw 'x'", "Promise.reject(new Error('no'))", "new Promise(() => {})", "undefined", "({ a: [1, 'x'], b: new Map() })",
        "console.log('a\\nb'); 2", "'\\n'.repeat(3)", "await new Promise(r => setTimeout(r, 100)); 'late'", "setTimeout(() => console.log('t'), 5000); 1",
        "browser.runtime.sendMessage('hi').catch(e => e.message)", "(await browser.runtime.getBackgroundPage()).n", "location.href", "{", "}",
        "let o = {}, c = o; for (let i = 0; i < 20000; i++) { c.x = {}; c = c.x } o", "Symbol('s')", "typeof browser", "'\\ud800'", "10n ** 100n",
    ];

    private static readonly string[] Targets =
    [
        "popup", "options", "sidebar", "background", "page:popup/popup.html", "page:popup.html", "page:../../etc/passwd", "page:/etc/passwd", "page:",
        "tab:https://example.com/", "tab:", "tab:javascript:alert(1)", "tab:%%%", "tab:file:///etc/passwd", "tab:moz-extension://x/popup.html", "page:tab.html",
    ];

    public static Gen<CliCase> Any(string example, string extension) => Gen.Frequency(
        (8, Run(example, extension)),
        (2, Node("serve")),
        (2, Node("remote")),
        (1, Tokens()),
        (1, Gen.Elements<string[]>(["--help"], ["--version"], ["run", "--help"], ["serve", "-h"], ["remote", "-?"], [], ["[diagram]", "run", "x"]).Select(a => new CliCase(a))));

    /// <summary>Shorter command lines FsCheck tries once one fails: one argument fewer (keeping the command and the safety option).</summary>
    public static IEnumerable<CliCase> Shrink(CliCase command)
    {
        var fixedPrefix = command.Args.Count >= 3 && command.Args[1] == "--config" && command.Args[2] == MissingConfig ? 3 : Math.Min(2, command.Args.Count);
        for (var i = command.Args.Count - 1; i >= fixedPrefix; i--)
            yield return new CliCase([.. command.Args.Take(i), .. command.Args.Skip(i + 1)]);
    }

    private static Gen<CliCase> Run(string example, string extension) =>
        from folder in Gen.Frequency(
            (6, Gen.Elements(example, extension)),
            (1, Gen.Elements("/no/such/extension", "", ".", "/", Path.GetTempPath(), Path.Combine(extension, "manifest.json"), "-", "--eval")),
            (1, FuzzText.OddString()))
        from steps in FuzzText.UpTo(Step(), 6)
        select new CliCase(["run", folder, .. steps.SelectMany(s => s)]);

    private static Gen<CliCase> Node(string command) =>
        from required in command == "remote"
            ? Gen.Frequency((2, Gen.Constant(new[] { "--seed", "127.0.0.1:1", "--extension", "fuzz" })), (1, Gen.Constant(Array.Empty<string>())))
            : Gen.Constant(Array.Empty<string>())
        from steps in FuzzText.UpTo(Gen.Frequency((4, OptionWithValue()), (1, Step())), 5)
        select new CliCase([command, "--config", MissingConfig, .. required, .. steps.SelectMany(s => s)]);

    private static Gen<CliCase> Tokens() =>
        FuzzText.UpTo(Gen.OneOf(Gen.Elements(OptionNames), Gen.Elements(Junk), FuzzText.OddString()), 6).Select(tokens => new CliCase(tokens));

    /// <summary>A step of run (and remote): an option with a value from its own odd pool, or a flag, or junk.</summary>
    private static Gen<string[]> Step() => Gen.Frequency(
        (4, Value(Scripts).Select(v => new[] { "--eval", v })),
        (3, Value(Targets).Select(v => new[] { "--open", v })),
        (1, Value(Targets).Select(v => new[] { "--in", v })),
        (1, Value(Targets).Select(v => new[] { "--close", v })),
        (2, Value(Numbers).Select(v => new[] { "--advance", v })),
        (1, Gen.Constant(new[] { "--private" })),
        (1, Value(["mdn", "firefox", "chrome", "FIREFOX", "edge"]).Select(v => new[] { "--flavor", v })),
        (1, OptionWithValue()),
        (1, Gen.OneOf(Gen.Elements(OptionNames), Gen.Elements([.. Junk, "serve", "remote"])).Select(t => new[] { t })));

    private static Gen<string[]> OptionWithValue() =>
        from name in Gen.Elements(OptionNames)
        from value in Gen.Frequency((2, Gen.Elements(Numbers)), (2, Gen.Elements("127.0.0.1", "127.0.0.1:1", "0.0.0.0", "::1", "localhost:99999", "x", MissingConfig)), (2, FuzzText.OddString()))
        select new[] { name, value };

    private static Gen<string> Value(string[] pool) => Gen.Frequency((4, Gen.Elements(pool)), (1, FuzzText.OddString()));
}
