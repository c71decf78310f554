using ActorRuntime.Contexts;
using ActorRuntime.Host;
using ActorRuntime.RemoteClient;
using ActorRuntime.Tests.Support;
using Akka.Actor;

namespace ActorRuntime.Tests.Hostile;

/// <summary>Bad command lines, busy extensions and asks that time out end as one <c>error:</c> line, never a stack trace.</summary>
public class HostileCliSpec : IDisposable
{
    private readonly List<ExtensionFolder> _folders = new();

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    private string Folder(string backgroundJs)
    {
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, backgroundJs));
        _folders.Add(folder);
        return folder.Path;
    }

    [Theory]
    [InlineData("--advance abc", "error: --advance abc: expected a number of milliseconds, 0 or more\n")]
    [InlineData("--advance -5", "error: --advance -5: expected a number of milliseconds, 0 or more\n")]
    [InlineData("--advance 99999999999999999999", "error: --advance 99999999999999999999: expected at most 1000000000000 milliseconds (about 31 years)\n")]
    [InlineData("--flavor foo", "error: --flavor foo: expected mdn, firefox or chrome\n")]
    [InlineData("--open", "error: --open needs <view>\n")]
    public async Task A_bad_command_line_is_one_error_line_and_exit_2(string arguments, string expected)
    {
        var (code, output, error) = await Run(["run", Folder("1"), .. arguments.Split(' ')]);
        Assert.Equal(expected, error);
        Assert.Equal("", output);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task An_eval_answers_when_its_own_promise_settles_while_the_extension_stays_busy()
    {
        // Writes storage forever: the extension never goes idle, and still answers evaluations.
        var folder = Folder("var writes = 0; (async () => { while (true) { await browser.storage.local.set({ n: ++writes }); } })();");
        var (code, output, error) = await Run("run", folder, "--eval", "1 + 1", "--eval", "(await browser.storage.local.get('n')).n > 0");
        Assert.Equal("", error);
        Assert.Equal("[background] => 2\n[background] => true\n", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task An_extension_stopped_over_a_limit_is_one_line_on_its_console_then_one_error_line_and_exit_1()
    {
        var folder = Folder("for (let i = 0; i <= 10000; i++) setTimeout(() => {}, 1e9);");
        var id = Path.GetFileName(folder);
        var (code, output, error) = await Run("run", folder, "--eval", "1 + 1");
        const string reason = "it held more than 10000 timers at once (actorruntime.script.max-timers)";
        Assert.Equal($"[extension] extension stopped: {reason}\n", output);
        Assert.Equal($"error: extension \"{id}\" was stopped: {reason}\n", error);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task A_step_whose_ask_times_out_is_one_error_line_and_exit_1()
    {
        var console = new OrderedConsole(_ => { });
        var error = new StringWriter();
        var code = await StepRunner.RunAsync(new SilentRuntime(), "silent", [new RunStep.Eval("while (true) {}")], console, error, TimeSpan.FromSeconds(1));
        Assert.Equal("error: --eval while (true) {}: the extension did not answer within 30 s (actorruntime.ask-timeout)\n", error.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(1, code);
    }

    /// <summary>A runtime whose extension never answers: every request ends as the runtime's asks do when their timeout passes.</summary>
    private sealed class SilentRuntime : IExtensionRuntime
    {
        private static Task<T> Timeout<T>() => Task.FromException<T>(new ExtensionTimeoutException(LoadedExtension.NotAnswered(TimeSpan.FromSeconds(30))));
        public Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default) => Timeout<string>();
        public Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default) => Timeout<IReadOnlyList<string>>();
        public Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default) => Timeout<string>();
        public Task<Evaluation> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default) => Timeout<Evaluation>();
        public Task<string> OpenTabAsync(string extensionId, string url, string pageHtml, bool isPrivate = false, CancellationToken cancellationToken = default) => Timeout<string>();
        public Task<PageActionResult> ActAsync(string extensionId, string label, PageAction action, CancellationToken cancellationToken = default) => Timeout<PageActionResult>();
        public Task RespondAsync(string extensionId, string urlPattern, ResponseSpec response, CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default) => Timeout<IReadOnlyList<string>>();
        public Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task AdvanceAsync(string extensionId, TimeSpan by, CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task<bool> SettleAsync(string extensionId, TimeSpan timeout, CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task<string> FireAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default) => Timeout<string>();
        public Task<ActionClickResult> ClickActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) => Timeout<ActionClickResult>();
        public Task<ActionState> ActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default) => Timeout<ActionState>();
        public Task<bool> TerminateAsync(string extensionId, string label = "background", CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task<string> MenusAsync(string extensionId, CancellationToken cancellationToken = default) => Timeout<string>();
        public Task<string> RuntimeContextsAsync(string extensionId, CancellationToken cancellationToken = default) => Timeout<string>();
        public Task<RequestResult> RequestAsync(string extensionId, string url, string detailsJson = "{}", CancellationToken cancellationToken = default) => Timeout<RequestResult>();
        public Task ProvideAsync(string extensionId, string functionName, ProvidedFunction implementation, CancellationToken cancellationToken = default) => Timeout<bool>();
        public Task RunHostScriptAsync(string extensionId, string code, string fileName = "host.js", CancellationToken cancellationToken = default) => Timeout<bool>();
        public Subscription<ApiCallRecord> SubscribeCalls() => new Broadcast<ApiCallRecord>().Subscribe();
        public Subscription<ConsoleEntry> SubscribeConsole() => new Broadcast<ConsoleEntry>().Subscribe();
        public Subscription<ExtensionHalted> SubscribeHalted() => new Broadcast<ExtensionHalted>().Subscribe();
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
    }
}
