using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using System.Collections.Concurrent;
using ActorRuntime.Contexts;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using ActorRuntime.Timing;
using Akka.Actor;
using Akka.Configuration;

namespace ActorRuntime.Tests.Support;

/// <summary>A TestKit spec whose actor system hosts extension supervisors, capturing every console line.</summary>
public abstract class RuntimeSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly List<ExtensionFolder> _folders = new();

    protected RuntimeSpec(string? config = null)
        : base(SystemConfig(config))
    {
    }

    /// <summary>The spec's settings over the defaults, with storage in memory unless the spec says otherwise.</summary>
    private static Config SystemConfig(string? config)
    {
        var full = ConfigurationFactory.ParseString(config ?? "")
            .WithFallback(ConfigurationFactory.ParseString("actorruntime.storage.provider = memory"))
            .WithFallback(RuntimeOptions.DefaultConfig);
        return ActorRuntime.Storage.StorageSettings.PersistenceConfig(full).WithFallback(full);
    }

    protected ConcurrentQueue<ConsoleEntry> ConsoleLines { get; } = new();

    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Every extension of a spec reads this clock; it moves only when a test advances it.</summary>
    protected VirtualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected RuntimeOptions Options(Flavor flavor, ScriptLimits? limits = null) => RuntimeOptions.Default with
    {
        Flavor = flavor,
        AskTimeout = AskTimeout,
        Limits = limits ?? ScriptLimits.Default,
        Console = ConsoleLines.Enqueue,
        Clock = Clock,
    };

    private protected Task<LoadedExtension> Load(IReadOnlyDictionary<string, string> files, Flavor flavor = Flavor.Mdn, ScriptLimits? limits = null, string? name = null) =>
        Load(files, Options(flavor, limits), name);

    /// <summary>An extension folder deleted when the spec ends.</summary>
    protected ExtensionFolder Folder(IReadOnlyDictionary<string, string> files, string? name = null)
    {
        var folder = new ExtensionFolder(files, name);
        _folders.Add(folder);
        return folder;
    }

    private protected async Task<LoadedExtension> Load(IReadOnlyDictionary<string, string> files, RuntimeOptions options, string? name = null)
    {
        var folder = Folder(files, name);
        var package = ExtensionPackage.Load(folder.Path);
        var state = ExtensionSpawner.NewState(package, options);
        var spawned = ExtensionSpawner.Spawn(Sys, state);
        await spawned.Supervisor.Ask<ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.Started>(ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.Start.Instance, AskTimeout);
        return new LoadedExtension(spawned, options.AskTimeout);
    }

    /// <summary>An event page starts at load (for onInstalled); with nothing keeping it busy it is suspended within a minute in every flavour.</summary>
    private protected static async Task SuspendIdleEventPage(LoadedExtension extension)
    {
        await extension.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("background", await extension.ContextsAsync());
    }

    /// <summary>Where the extension's regular background is in its life, once what was under way has happened.</summary>
    private protected static async Task<ActorRuntime.Kernel.BackgroundPhase> Phase(LoadedExtension extension)
    {
        await extension.SettleAsync();
        return (await extension.Supervisor.Ask<ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.BackgroundStatus>(
            new ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol.GetBackgroundStatus(), AskTimeout)).Phase;
    }

    protected IReadOnlyList<string> Lines(string label) => ConsoleLines.Where(l => l.Label == label).Select(l => l.Text).ToList();

    protected override void AfterAll()
    {
        base.AfterAll();
        foreach (var folder in _folders) folder.Dispose();
    }

    public static IEnumerable<object[]> AllFlavors() => [[Flavor.Mdn], [Flavor.Firefox], [Flavor.Chrome]];
}
