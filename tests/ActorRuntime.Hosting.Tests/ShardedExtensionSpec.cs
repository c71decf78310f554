using ActorRuntime.Cluster;
using ActorRuntime.Timing;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Hosting.Tests;

/// <summary>Extensions as sharded entities on a one-node cluster (loopback, any port), with the wire serializer enforced.</summary>
public class ShardedExtensionSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(ShardedExtensionSpec), output)
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private readonly VirtualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ActorRuntimeHostingOptions _options = new() { StorageProvider = "memory", AskTimeout = TimeSpan.FromSeconds(20) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) => services.AddActorRuntimeServices(_options);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        _options.Clock = _clock;
        // Every message is serialized as if it crossed processes: what cannot cross fails here.
        builder.AddHocon(ConfigurationFactory.ParseString("akka.actor.serialize-messages = on"), HoconAddMode.Prepend);
        builder.WithActorRuntime(_options);
        builder.WithExtensionCluster(_options, new ExtensionCatalog([Examples]), port: 0, seeds: []);
        builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
    }

    private async Task<OperationResult> Send(ExtensionCommand command)
    {
        var region = await ActorRegistry.GetAsync<ExtensionEntity>(Cancel);
        return await region.Ask<OperationResult>(command, TimeSpan.FromSeconds(20), Cancel);
    }

    [Fact]
    public async Task Commands_reach_the_entity_of_their_extension_and_carry_its_console_lines()
    {
        var opened = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Open, "popup"));
        Assert.Equal("popup", opened.Value);
        Assert.Equal(["[background] I'm defined in background.js"], opened.Console);
        var evaluated = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "popup", "location.href"));
        Assert.Equal("\"moz-extension://getbackgroundpage/popup/popup.html\"", evaluated.Value);
        Assert.Null(opened.LinesBeforeResult);
        // Lines printed by later tasks (here once storage answered) come with the answer, counted as after the result.
        var ordered = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "popup",
            "console.log('now'); browser.storage.local.set({ a: 1 }).then(() => console.log('saved')); 1"));
        Assert.Equal(["[popup] now", "[popup] saved"], ordered.Console);
        Assert.Equal(1, ordered.LinesBeforeResult);
        var failed = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "background", "null.x"));
        Assert.Equal(ErrorKind.Script, failed.Error);
        Assert.Equal(0, failed.LinesBeforeResult);
        var missing = await Send(new ExtensionCommand("nope", OperationKind.Touch));
        Assert.Equal(ErrorKind.Request, missing.Error);
        Assert.Equal("no extension \"nope\" is installed on this cluster (installed: eventpage, getbackgroundpage)", missing.ErrorMessage);
    }

    [Fact]
    public async Task A_command_with_a_missing_field_is_refused_and_the_entity_takes_the_next()
    {
        // The wire allows nulls; before, a null reached the context, which failed inside and never answered.
        var refused = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "background", null!));
        Assert.Equal(ErrorKind.Request, refused.Error);
        Assert.Equal("the command has no Code", refused.ErrorMessage);
        var next = await Send(new ExtensionCommand("getbackgroundpage", OperationKind.Evaluate, "background", "1 + 1"));
        Assert.Equal("2", next.Value);
    }

    [Fact]
    public async Task An_idle_extension_passivates_and_the_next_command_activates_it_afresh()
    {
        var first = await Send(new ExtensionCommand("eventpage", OperationKind.Touch));
        Assert.Equal(["[background] background started", "[background] installed: install"], first.Console);
        // Firefox's idle delay: the event page suspends, nothing is open, so the entity passivates.
        await _clock.AdvanceAsync(TimeSpan.FromSeconds(31), () => Task.CompletedTask);
        await AwaitAssertAsync(async () =>
        {
            var again = await Send(new ExtensionCommand("eventpage", OperationKind.Touch));
            Assert.Contains("[background] background started", again.Console);
        }, TimeSpan.FromSeconds(15), cancellationToken: Cancel);
    }

    [Fact]
    public void The_wire_serializer_round_trips_the_protocol()
    {
        var serialization = Sys.Serialization;
        foreach (object message in new object[]
                 {
                     new ExtensionCommand("x", OperationKind.Evaluate, "popup", "1 + 1", Private: true),
                     new OperationResult("2", ErrorKind.Script, "Uncaught Error: e", ["[popup] line", "[popup] later"], LinesBeforeResult: 1),
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
