using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using Akka.Configuration;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>Where supervisors run: next to their contexts by default, on Akka's default dispatcher when configured so.</summary>
public class SupervisorDispatcherSpec : RuntimeSpec
{
    private Task<LoadedExtension> LoadWith(RuntimeOptions options) =>
        Load(Manifests.Standard(Manifests.EventPageScripts, "function twice(x) { return 2 * x; }"), options);

    private static string DispatcherOf(IActorRef actor) => ((ActorCell)((ActorRefWithCell)actor).Underlying).Dispatcher.Id;

    [Fact]
    public async Task Supervisors_run_on_the_script_dispatcher_by_default()
    {
        Assert.Equal("actorruntime.script-dispatcher", RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig).SupervisorDispatcher);
        var extension = await LoadWith(Options(Flavor.Mdn));
        Assert.Equal("actorruntime.script-dispatcher", DispatcherOf(extension.Supervisor));
    }

    /// <summary>Answers with the name of the thread it runs on.</summary>
    private sealed class ThreadNaming : ReceiveActor
    {
        public ThreadNaming() => ReceiveAny(_ => Sender.Tell(Thread.CurrentThread.Name ?? ""));
    }

    [Fact]
    public async Task The_script_dispatcher_runs_its_actors_on_the_script_threads()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadNaming()).WithDispatcher(RuntimeSettings.ScriptDispatcherId));
        var names = new HashSet<string>();
        for (var i = 0; i < 10; i++) names.Add(await actor.Ask<string>("which", AskTimeout));
        Assert.All(names, name => Assert.Matches("^actorruntime\\.script-dispatcher-[01]$", name));
    }

    [Fact]
    public async Task An_empty_setting_puts_supervisors_on_the_default_dispatcher_and_wakes_still_work()
    {
        var options = RuntimeOptions.FromConfig(ConfigurationFactory.ParseString("actorruntime.supervisor-dispatcher = \"\"").WithFallback(RuntimeOptions.DefaultConfig));
        Assert.Equal("", options.SupervisorDispatcher);
        var extension = await LoadWith(Options(Flavor.Mdn) with { SupervisorDispatcher = options.SupervisorDispatcher });
        Assert.Equal("akka.actor.default-dispatcher", DispatcherOf(extension.Supervisor));

        await SuspendIdleEventPage(extension);
        await extension.OpenAsync("popup");
        Assert.Equal("42", await extension.EvaluateAsync("popup", "(await browser.runtime.getBackgroundPage()).twice(21)"));
    }

    [Fact]
    public void A_path_that_is_no_dispatcher_is_refused_with_the_key_and_value()
    {
        var config = ConfigurationFactory.ParseString("actorruntime.supervisor-dispatcher = actorruntime.no-such-dispatcher").WithFallback(RuntimeOptions.DefaultConfig);
        var error = Assert.Throws<ConfigurationException>(() => RuntimeOptions.FromConfig(config));
        Assert.Equal("actorruntime.supervisor-dispatcher: expected the HOCON path of a configured dispatcher (a section with a type) or \"\" for Akka's default, got \"actorruntime.no-such-dispatcher\"", error.Message);
    }
}
