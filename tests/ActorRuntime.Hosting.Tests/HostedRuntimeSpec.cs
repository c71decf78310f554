using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorRuntime.Hosting.Tests;

/// <summary>The runtime embedded in a Generic Host through Akka.Hosting, driven through the registry and the C# facade.</summary>
public class HostedRuntimeSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(HostedRuntimeSpec), output)
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    private readonly ActorRuntimeHostingOptions _options = new()
    {
        Flavor = ActorRuntime.Flavor.Firefox,
        AskTimeout = TimeSpan.FromSeconds(20),
        StorageProvider = "memory",
        Extensions = { Path.Combine(Examples, "getbackgroundpage") },
    };

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) => services.AddActorRuntimeServices(_options);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder.WithActorRuntime(_options);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IExtensionRuntime Runtime => Host.Services.GetRequiredService<IExtensionRuntime>();

    [Fact]
    public async Task The_router_is_in_the_registry_and_configured_extensions_are_loaded_at_start()
    {
        var router = await ActorRegistry.GetAsync<ExtensionRouter>(Cancel);
        Assert.NotEqual(ActorRefs.Nobody, router);
        await AwaitAssertAsync(async () => Assert.Equal(["getbackgroundpage"], await Runtime.ExtensionsAsync(cancellationToken: Cancel)), TimeSpan.FromSeconds(10), cancellationToken: Cancel);
    }

    [Fact]
    public async Task The_facade_performs_the_run_steps_and_streams_console_output()
    {
        using var console = Runtime.SubscribeConsole();
        var id = await Runtime.LoadAsync(Path.Combine(Examples, "getbackgroundpage"), cancellationToken: Cancel);
        Assert.Equal("getbackgroundpage", id);
        Assert.Equal("popup", await Runtime.OpenAsync(id, "popup", cancellationToken: Cancel));
        Assert.Equal(new ConsoleEntry("background", "log", "I'm defined in background.js") { Sequence = 1, IsScriptOutput = true }, await console.Reader.ReadAsync(Cancel));
        Assert.Equal("\"moz-extension://640386d6-c432-484c-a547-803a972861d6/popup/popup.html\"", (await Runtime.EvaluateAsync(id, "popup", "location.href", cancellationToken: Cancel)).Json);
        Assert.Equal(["background", "popup"], await Runtime.ContextsAsync(id, cancellationToken: Cancel));
        await Runtime.CloseAsync(id, "popup", cancellationToken: Cancel);
        Assert.Equal(["background"], await Runtime.ContextsAsync(id, cancellationToken: Cancel));
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => Runtime.EvaluateAsync(id, "background", "null.x", cancellationToken: Cancel));
        Assert.StartsWith("Uncaught TypeError", failure.Message);
    }

    [Fact]
    public async Task An_extension_stopped_over_a_limit_is_reported_to_subscribers_and_refused_afterwards()
    {
        using var halted = Runtime.SubscribeHalted();
        var id = await Runtime.LoadAsync(Path.Combine(Examples, "getbackgroundpage"), cancellationToken: Cancel);
        // One timer more than actorruntime.script.max-timers allows (10000 by default).
        await Assert.ThrowsAnyAsync<Exception>(() => Runtime.EvaluateAsync(id, "background", "for (let i = 0; i <= 10000; i++) setTimeout(() => {}, 1e9)", cancellationToken: Cancel));
        var reason = "it held more than 10000 timers at once (actorruntime.script.max-timers)";
        Assert.Equal(new ExtensionHalted(id, reason), await halted.Reader.ReadAsync(Cancel).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Cancel));
        var refused = await Assert.ThrowsAsync<ExtensionFailedException>(() => Runtime.EvaluateAsync(id, "background", "1", cancellationToken: Cancel));
        Assert.Equal($"extension \"{id}\" was stopped: {reason}", refused.Message);
    }

    [Fact]
    public async Task Settling_advancing_and_unknown_extensions_answer_through_the_contract()
    {
        var id = await Runtime.LoadAsync(Path.Combine(Examples, "getbackgroundpage"), cancellationToken: Cancel);
        Assert.True(await Runtime.SettleAsync(id, TimeSpan.FromSeconds(10), Cancel));
        // This host runs on real time: only a runtime on a virtual clock can be advanced.
        var advance = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.AdvanceAsync(id, TimeSpan.FromSeconds(1), Cancel));
        Assert.Equal(ErrorCodes.Request, advance.Code);
        Assert.Equal("extension getbackgroundpage runs on real time; only a runtime started with a VirtualClock can be advanced", advance.Message);
        var unknown = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.OpenAsync("nope", "popup", cancellationToken: Cancel));
        Assert.Equal("no extension \"nope\" is loaded (loaded: getbackgroundpage)", unknown.Message);
        var bad = await Assert.ThrowsAsync<ManifestException>(() => Runtime.LoadAsync(Path.Combine(Examples, "no-such-folder"), cancellationToken: Cancel));
        Assert.Equal(ErrorCodes.Manifest, bad.Code);
    }

    [Fact]
    public async Task Typed_options_render_HOCON_over_the_defaults()
    {
        var options = RuntimeOptions.FromConfig(Sys.Settings.Config);
        Assert.Equal(ActorRuntime.Flavor.Firefox, options.Flavor);
        Assert.Equal(TimeSpan.FromSeconds(20), options.AskTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Limits.Timeout);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Events_can_be_dispatched_to_the_background_and_bad_requests_fail_clearly()
    {
        using var console = Runtime.SubscribeConsole();
        var id = await Runtime.LoadAsync(Path.Combine(Examples, "eventpage"), cancellationToken: Cancel);
        await Runtime.DispatchEventAsync(id, "runtime.onInstalled", """[{"reason":"update","previousVersion":"0.9"}]""", cancellationToken: Cancel);
        var lines = new List<string>();
        while (lines.LastOrDefault() != "[background] installed: update") lines.Add((await console.Reader.ReadAsync(Cancel)).ToString());
        Assert.Equal(["[background] background started", "[background] installed: install", "[background] installed: update"], lines);
        var unknown = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.DispatchEventAsync(id, "tabs.onCreated", cancellationToken: Cancel));
        Assert.StartsWith("cannot dispatch \"tabs.onCreated\": expected one of runtime.onInstalled", unknown.Message);
        var notLoaded = await Assert.ThrowsAsync<ExtensionRequestException>(() => Runtime.OpenAsync("nope", "popup", cancellationToken: Cancel));
        Assert.Equal("no extension \"nope\" is loaded (loaded: eventpage, getbackgroundpage)", notLoaded.Message);
        await Runtime.UnloadAsync(id, cancellationToken: Cancel);
        Assert.Equal(["getbackgroundpage"], await Runtime.ExtensionsAsync(cancellationToken: Cancel));
    }
}

/// <summary>The typed options render only what was set.</summary>
public class HostingOptionsTests
{
    [Fact]
    public void Unset_options_render_no_keys_and_set_ones_render_HOCON_the_runtime_reads()
    {
        Assert.Equal("", new ActorRuntimeHostingOptions().ToHocon());
        var hocon = new ActorRuntimeHostingOptions
        {
            Flavor = ActorRuntime.Flavor.Chrome,
            MaxMessageBytes = 2048,
            FirefoxIdleTimeout = TimeSpan.FromSeconds(2),
            SqlitePath = "some \"dir\"/x.db",
            SupervisorDispatcher = "",
        }.ToHocon();
        var options = RuntimeOptions.FromConfig(Akka.Configuration.ConfigurationFactory.ParseString(hocon).WithFallback(RuntimeOptions.DefaultConfig));
        Assert.Equal(ActorRuntime.Flavor.Chrome, options.Flavor);
        Assert.Equal(2048, options.MaxMessageBytes);
        Assert.Equal(TimeSpan.FromSeconds(2), options.EventPages.FirefoxIdleTimeout);
        Assert.Equal("", options.SupervisorDispatcher);
        Assert.Equal("some \"dir\"/x.db", Akka.Configuration.ConfigurationFactory.ParseString(hocon).GetString("actorruntime.storage.sqlite.path"));
    }

    [Fact]
    public void The_script_threads_render_over_the_shipped_section_and_a_value_out_of_range_is_refused_with_its_key()
    {
        static Akka.Configuration.Config Full(ActorRuntimeHostingOptions options) =>
            Akka.Configuration.ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(RuntimeOptions.DefaultConfig);
        var threads = Full(new ActorRuntimeHostingOptions { ScriptThreadCount = 3, ScriptThreadStealAfter = TimeSpan.FromMilliseconds(5) });
        var settings = ActorRuntime.Kernel.ScriptThreadSettings.FromConfig(threads.GetConfig("actorruntime.script-dispatcher"), "actorruntime.script-dispatcher");
        // What was set, and the shipped values for what was not.
        Assert.Equal(new ActorRuntime.Kernel.ScriptThreadSettings(3, TimeSpan.FromMilliseconds(5), 100, TimeSpan.FromMilliseconds(100)), settings);
        var spins = Full(new ActorRuntimeHostingOptions { ScriptThreadIdleSpins = 0, ScriptThreadWatchFor = TimeSpan.Zero });
        Assert.Equal(new ActorRuntime.Kernel.ScriptThreadSettings(2, TimeSpan.FromMilliseconds(1), 0, TimeSpan.Zero),
            ActorRuntime.Kernel.ScriptThreadSettings.FromConfig(spins.GetConfig("actorruntime.script-dispatcher"), "actorruntime.script-dispatcher"));
        var refused = Assert.Throws<Akka.Configuration.ConfigurationException>(() => RuntimeOptions.FromConfig(Full(new ActorRuntimeHostingOptions { ScriptThreadCount = 0 })));
        Assert.Equal("actorruntime.script-dispatcher.script-threads.thread-count: expected a number of threads from 1 to 256, got 0", refused.Message);
    }
}
