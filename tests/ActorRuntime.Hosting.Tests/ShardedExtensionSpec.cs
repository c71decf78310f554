using ActorRuntime.Cluster;
using ActorRuntime.Timing;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ActorRuntime.Cluster.ClusterProtocol;
using static ActorRuntime.Cluster.NodeStatusProtocol;

namespace ActorRuntime.Hosting.Tests;

/// <summary>
/// Extensions as sharded entities on a one-node cluster (loopback, any port), driven through the clustered
/// <see cref="IExtensionRuntime"/>, with the wire serializer enforced.
/// </summary>
public class ShardedExtensionSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(ShardedExtensionSpec), output)
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private readonly VirtualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ActorRuntimeHostingOptions _options = new() { StorageProvider = "memory", AskTimeout = TimeSpan.FromSeconds(20) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ExtensionCatalog _catalog = new([Examples]);

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) =>
        services.AddActorRuntimeServices(_options).AddExtensionClusterRuntime(_catalog);

    private IExtensionRuntime Runtime => Host.Services.GetRequiredService<IExtensionRuntime>();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        _options.Clock = _clock;
        // Every message is serialized as if it crossed processes: what cannot cross fails here.
        builder.AddHocon(ConfigurationFactory.ParseString("akka.actor.serialize-messages = on"), HoconAddMode.Prepend);
        builder.WithActorRuntime(_options);
        builder.WithExtensionCluster(_options, _catalog, port: 0, seeds: []);
        builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
    }

    private async Task<OperationResult> Send(ExtensionCommand command)
    {
        var region = await ActorRegistry.GetAsync<ExtensionEntity>(Cancel);
        return await region.Ask<OperationResult>(command, TimeSpan.FromSeconds(20), Cancel);
    }

    [Fact]
    public async Task Requests_reach_the_entity_of_their_extension_and_carry_its_console_lines()
    {
        using var console = Runtime.SubscribeConsole();
        Assert.Equal("popup", await Runtime.OpenAsync("getbackgroundpage", "popup", cancellationToken: Cancel));
        Assert.Equal(new ConsoleEntry("background", "log", "I'm defined in background.js") { Sequence = 1, IsScriptOutput = true }, await console.Reader.ReadAsync(Cancel));
        var evaluated = await Runtime.EvaluateAsync("getbackgroundpage", "popup", "location.href", Cancel);
        Assert.Equal("\"moz-extension://640386d6-c432-484c-a547-803a972861d6/popup/popup.html\"", evaluated.Json);
        // Lines printed by later tasks (here once the extension's own file was fetched) come with the answer, numbered after the result's mark.
        var ordered = await Runtime.EvaluateAsync("getbackgroundpage", "popup",
            "console.log('now'); fetch(browser.runtime.getURL('popup/popup.html')).then(() => console.log('saved')); 1", Cancel);
        var now = await console.Reader.ReadAsync(Cancel);
        var saved = await console.Reader.ReadAsync(Cancel);
        Assert.Equal(("[popup] now", "[popup] saved"), (now.ToString(), saved.ToString()));
        Assert.Equal(now.Sequence, ordered.ConsoleMark);
        Assert.True(saved.Sequence > ordered.ConsoleMark);
        var failed = await Assert.ThrowsAsync<ScriptFailureException>(() => Runtime.EvaluateAsync("getbackgroundpage", "background", "null.x", Cancel));
        Assert.StartsWith("Uncaught TypeError", failed.Message);
        Assert.Equal(ErrorCodes.Script, failed.Code);
        Assert.Equal(saved.Sequence, failed.ConsoleMark);
        var missing = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.SettleAsync("nope", TimeSpan.FromSeconds(1), Cancel));
        Assert.Equal("no extension \"nope\" is installed on this cluster (installed: action-counter, content-script, eventpage, form-popup, getbackgroundpage, mv3-worker)", missing.Message);
    }

    [Fact]
    public async Task The_whole_contract_works_across_the_cluster_and_what_cannot_is_refused_in_one_line()
    {
        Assert.Equal(["action-counter", "content-script", "eventpage", "form-popup", "getbackgroundpage", "mv3-worker"], await Runtime.ExtensionsAsync(Cancel));
        Assert.True(await Runtime.SettleAsync("getbackgroundpage", TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal(["background"], await Runtime.ContextsAsync("getbackgroundpage", Cancel));
        await Runtime.OpenAsync("getbackgroundpage", "popup", cancellationToken: Cancel);
        Assert.Equal(["background", "popup"], await Runtime.ContextsAsync("getbackgroundpage", Cancel));
        await Runtime.CloseAsync("getbackgroundpage", "popup", Cancel);
        Assert.Equal(["background"], await Runtime.ContextsAsync("getbackgroundpage", Cancel));
        await Runtime.EvaluateAsync("getbackgroundpage", "background", "browser.runtime.onStartup.addListener(() => globalThis.started = true)", Cancel);
        await Runtime.DispatchEventAsync("getbackgroundpage", "runtime.onStartup", cancellationToken: Cancel);
        Assert.Equal("true", (await Runtime.EvaluateAsync("getbackgroundpage", "background", "globalThis.started", Cancel)).Json);
        // Unloaded where it lives, answered once it has stopped: the very next request starts it afresh.
        await Runtime.UnloadAsync("getbackgroundpage", Cancel);
        Assert.Equal("\"undefined\"", (await Runtime.EvaluateAsync("getbackgroundpage", "background", "typeof globalThis.started", Cancel)).Json);
        // And again, with a request racing the unload: it is answered, by one instance or the next, never lost.
        await Runtime.EvaluateAsync("getbackgroundpage", "background", "globalThis.started = true", Cancel);
        var unload = Runtime.UnloadAsync("getbackgroundpage", Cancel);
        var racing = Runtime.EvaluateAsync("getbackgroundpage", "background", "1 + 1", Cancel);
        await unload;
        Assert.Equal("2", (await racing).Json);
        Assert.Equal("\"undefined\"", (await Runtime.EvaluateAsync("getbackgroundpage", "background", "typeof globalThis.started", Cancel)).Json);
        var advance = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.AdvanceAsync("getbackgroundpage", TimeSpan.FromSeconds(1), Cancel));
        Assert.Equal("a cluster runs on real time; only run has a virtual clock", advance.Message);
        var load = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.LoadAsync("/somewhere", cancellationToken: Cancel));
        Assert.Equal("/somewhere: a cluster's extensions are installed on its nodes (serve --extensions), not loaded by a client", load.Message);
    }

    [Fact]
    public async Task A_response_registered_through_the_cluster_answers_the_extensions_fetch_and_a_bad_one_is_refused()
    {
        await Runtime.RespondAsync("getbackgroundpage", "https://ipinfo.io/*", ResponseSpec.Json("""{"country":"NZ"}""") with { Headers = [new("Content-Type", "application/json"), new("X-Seen", "yes")] }, Cancel);
        await Runtime.OpenAsync("getbackgroundpage", "popup", cancellationToken: Cancel);
        var answered = await Runtime.EvaluateAsync("getbackgroundpage", "popup",
            "const r = await fetch('https://ipinfo.io/json'); [r.status, r.headers.get('x-seen'), (await r.json()).country, await fetch('https://example.com/').then(() => 'answered', e => e.message)]", Cancel);
        Assert.Equal("""[200,"yes","NZ","NetworkError when attempting to fetch resource."]""", answered.Json);
        var refused = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.RespondAsync("getbackgroundpage", "ipinfo.io", ResponseSpec.Text("x"), Cancel));
        Assert.Equal("cannot respond to \"ipinfo.io\": expected <all_urls> or <scheme>://<host>/<path>", refused.Message);
    }

    [Fact]
    public async Task Page_actions_and_a_tab_with_its_web_page_work_across_the_cluster()
    {
        await Runtime.OpenAsync("form-popup", "popup", cancellationToken: Cancel);
        Assert.Null((await Runtime.ActAsync("form-popup", "popup", new PageAction(PageActionKind.Type, "#note", "Buy milk"), Cancel)).Problem);
        Assert.Null((await Runtime.ActAsync("form-popup", "popup", new PageAction(PageActionKind.Select, "#priority", "high"), Cancel)).Problem);
        Assert.Null((await Runtime.ActAsync("form-popup", "popup", new PageAction(PageActionKind.Submit, "#note-form"), Cancel)).Problem);
        Assert.True(await Runtime.SettleAsync("form-popup", TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal("#status: 1 note saved.", (await Runtime.ActAsync("form-popup", "popup", new PageAction(PageActionKind.Text, "#status"), Cancel)).Output);
        Assert.Equal("no element matches #nope", (await Runtime.ActAsync("form-popup", "popup", new PageAction(PageActionKind.Click, "#nope"), Cancel)).Problem);
        var label = await Runtime.OpenTabAsync("content-script", "https://example.com/", "<!DOCTYPE html><html><body><a href='https://elsewhere.example/'>x</a></body></html>", cancellationToken: Cancel);
        Assert.Equal("content:https://example.com/", label);
        Assert.Equal("#link-count: 1 external link(s)", (await Runtime.ActAsync("content-script", label, new PageAction(PageActionKind.Text, "#link-count"), Cancel)).Output);
    }

    [Fact]
    public async Task A_command_with_a_missing_field_is_refused_and_the_entity_takes_the_next()
    {
        // The wire allows nulls; before, a null reached the context, which failed inside and never answered.
        var refused = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "background", null!));
        Assert.Equal(ErrorCodes.Request, refused.ErrorCode);
        Assert.Equal("the command has no Code", refused.ErrorMessage);
        var anonymous = await Send(new ExtensionCommand(null!, OperationKind.Evaluate, "background", "1 + 1"));
        Assert.Equal((ErrorCodes.Request, "the command has no ExtensionId"), (anonymous.ErrorCode, anonymous.ErrorMessage));
        var next = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "background", "1 + 1"));
        Assert.Equal("2", next.Value);
    }

    [Fact]
    public async Task An_extension_printing_in_a_loop_is_held_to_the_newest_lines_and_the_answer_says_what_was_dropped()
    {
        // actorruntime.cluster.held-output (10000 lines, 1 MiB shipped): the answer still fits a frame (messages are serialized here).
        var answer = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "background",
            "for (let i = 0; i < 20000; i++) console.log('line ' + i); 'done'"));
        Assert.Equal("\"done\"", answer.Value);
        Assert.InRange(answer.Console.Count, 1000, 10_001);
        Assert.StartsWith("[runtime] ", answer.Console[0].ToString());
        var notice = System.Text.RegularExpressions.Regex.Match(answer.Console[0].Text, @"^(\d+) console lines made since the last step were dropped, the oldest first: the node holds at most .+ between two steps \(actorruntime.cluster.held-output.max-(lines|size)\)$");
        Assert.True(notice.Success, answer.Console[0].Text);
        // The newest were kept, in order, and every line is either kept or counted as dropped.
        var kept = answer.Console.Skip(1).Select(line => line.ToString()).ToList();
        Assert.Equal(Enumerable.Range(20_000 - kept.Count, kept.Count).Select(i => "[background] line " + i), kept);
        Assert.True(int.Parse(notice.Groups[1].Value) + kept.Count >= 20_000);
        Assert.Equal(answer.Console.Count, answer.LinesBeforeResult);
    }

    [Fact]
    public async Task An_idle_extension_passivates_and_the_next_command_activates_it_afresh()
    {
        var first = await Send(new ExtensionCommand("eventpage", OperationKind.Settle));
        Assert.Equal(["[background] background started", "[background] installed: install"], first.Console.Select(line => line.ToString()));
        // Firefox's idle delay: the event page suspends, nothing is open, so the entity passivates.
        await _clock.AdvanceAsync(TimeSpan.FromSeconds(31), () => Task.CompletedTask);
        await AwaitAssertAsync(async () =>
        {
            var again = await Send(new ExtensionCommand("eventpage", OperationKind.Settle));
            Assert.Contains("[background] background started", again.Console.Select(line => line.ToString()));
        }, TimeSpan.FromSeconds(15), cancellationToken: Cancel);
    }

    [Fact]
    public async Task A_passivated_extension_stays_on_the_status_board_as_unloaded_until_it_is_activated_again()
    {
        var board = NodeStatusBoard.For(Sys);
        ExtensionStatus? EventPage() => board.Report("node", _ => []).Extensions.SingleOrDefault(extension => extension.Id == "eventpage");
        await Send(new ExtensionCommand("eventpage", OperationKind.Settle));
        Assert.NotEqual(NodeStatusBoard.UnloadedPhase, EventPage()?.Phase);
        // Idle (Firefox's delay), it passivates: the node lists it as unloaded, not as gone.
        await _clock.AdvanceAsync(TimeSpan.FromSeconds(31), () => Task.CompletedTask);
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(NodeStatusBoard.UnloadedPhase, EventPage()?.Phase);
            Assert.Equal((0, 1), (board.Report("node", _ => []).Active, board.Report("node", _ => []).Unloaded));
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(15), cancellationToken: Cancel);
        await Send(new ExtensionCommand("eventpage", OperationKind.Settle));
        Assert.NotEqual(NodeStatusBoard.UnloadedPhase, EventPage()?.Phase);
        Assert.Equal(0, board.Report("node", _ => []).Unloaded);
    }

    [Fact]
    public void The_wire_serializer_round_trips_the_protocol()
    {
        var serialization = Sys.Serialization;
        foreach (object message in new object[]
                 {
                     new ExtensionCommand("x", OperationKind.Evaluate, "popup", "1 + 1", Private: true),
                     new ExtensionCommand("x", OperationKind.Respond, "https://ipinfo.io/*", System.Text.Json.JsonSerializer.Serialize(WireResponse.From(ResponseSpec.Json("{}")))),
                     new OperationResult("2", ErrorCodes.Script, "Uncaught Error: e",
                         [new ConsoleEntry("popup", "log", "line") { Sequence = 4 }, new ConsoleEntry("popup", "warn", "later") { Sequence = 5 }], LinesBeforeResult: 1),
                 })
        {
            var serializer = serialization.FindSerializerFor(message);
            Assert.IsType<ClusterProtocolSerializer>(serializer);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
            var back = serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType()), System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        }
    }
}
