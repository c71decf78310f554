using ActorRuntime.Contexts;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>The supervisor's protocol driven directly with the TestKit's implicit sender.</summary>
public class ExtensionSupervisorSpec : RuntimeSpec
{
    private IActorRef Supervisor(Dictionary<string, string> files, Flavor flavor = Flavor.Mdn)
    {
        var folder = Folder(files);
        var supervisor = ExtensionSpawner.Spawn(Sys, ExtensionSpawner.NewState(ExtensionPackage.Load(folder.Path), Options(flavor))).Supervisor;
        supervisor.Tell(Start.Instance);
        ExpectMsg<Started>();
        return supervisor;
    }

    [Fact]
    public void Persistent_background_has_run_before_Started_is_sent()
    {
        var supervisor = Supervisor(Manifests.Standard(Manifests.PersistentScripts, "console.log('loaded');"));
        Assert.Equal(["loaded"], Lines("background"));
        supervisor.Tell(ListContexts.Instance);
        Assert.Equal(["background"], ExpectMsg<ContextList>().Labels);
    }

    [Fact]
    public void Open_view_replies_once_its_scripts_have_run()
    {
        var supervisor = Supervisor(Manifests.Standard(Manifests.PersistentScripts, ""));
        supervisor.Tell(new OpenView("popup", false));
        Assert.Equal("popup", ExpectMsg<ViewOpened>().Label);
        supervisor.Tell(new ExtensionSupervisor.Protocol.Evaluate("popup", "popupLoaded"));
        Assert.Equal("true", ExpectMsg<ContextActor.Protocol.Evaluated>().Result);
    }

    [Fact]
    public void Requests_that_cannot_be_served_fail_with_a_clear_message()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["manifest.json"] = """{ "manifest_version": 2, "name": "t", "version": "1", "background": { "scripts": ["background.js"] } }""";
        var supervisor = Supervisor(files);

        supervisor.Tell(new OpenView("popup", false));
        Assert.Equal("manifest.json declares no popup (browser_action.default_popup (or action / page_action))",
            ExpectMsg<Status.Failure>().Cause.Message);
        supervisor.Tell(new OpenView("window", false));
        Assert.StartsWith("cannot open \"window\": expected popup, options, sidebar", ExpectMsg<Status.Failure>().Cause.Message);
        supervisor.Tell(new OpenView("page:../outside.html", false));
        Assert.Contains("expected a path inside the extension folder", ExpectMsg<Status.Failure>().Cause.Message);
        supervisor.Tell(new ExtensionSupervisor.Protocol.Evaluate("sidebar", "1"));
        Assert.Equal("no open context labelled \"sidebar\" (open: background)", ExpectMsg<Status.Failure>().Cause.Message);
        supervisor.Tell(new CloseView("popup"));
        Assert.IsType<ExtensionRequestException>(ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public void Opening_the_same_view_twice_is_refused()
    {
        var supervisor = Supervisor(Manifests.Standard(Manifests.PersistentScripts, ""));
        supervisor.Tell(new OpenView("popup", false));
        ExpectMsg<ViewOpened>();
        supervisor.Tell(new OpenView("popup", true));
        Assert.Equal("\"popup\" is already open", ExpectMsg<Status.Failure>().Cause.Message);
    }

    [Fact]
    public void Evaluation_failures_come_back_as_status_failures()
    {
        var supervisor = Supervisor(Manifests.Standard(Manifests.PersistentScripts, ""));
        supervisor.Tell(new ExtensionSupervisor.Protocol.Evaluate("background", "Promise.reject(new SyntaxError('nope'))"));
        var failure = ExpectMsg<Status.Failure>();
        Assert.IsType<ScriptFailureException>(failure.Cause);
        Assert.Equal("Uncaught SyntaxError: nope", failure.Cause.Message);
    }

    [Fact]
    public void Closing_a_view_stops_its_actor_and_kills_its_realm()
    {
        var supervisor = Supervisor(Manifests.Standard(Manifests.PersistentScripts, "var keep = [];"));
        supervisor.Tell(new OpenView("popup", false));
        ExpectMsg<ViewOpened>();
        supervisor.Tell(new ExtensionSupervisor.Protocol.Evaluate("popup", "browser.extension.getBackgroundPage().keep.push({}); 1"));
        ExpectMsg<ContextActor.Protocol.Evaluated>();
        supervisor.Tell(new CloseView("popup"));
        Assert.Equal("popup", ExpectMsg<ContextActor.Protocol.Closed>().Label);
        supervisor.Tell(ListContexts.Instance);
        Assert.Equal(["background"], ExpectMsg<ContextList>().Labels);
        supervisor.Tell(new ExtensionSupervisor.Protocol.Evaluate("background", "try { keep[0].x; 'alive' } catch (e) { e.message }"));
        Assert.Equal("\"can't access dead object\"", ExpectMsg<ContextActor.Protocol.Evaluated>().Result);
    }

    [Fact]
    public async Task A_context_that_stops_is_forgotten_by_its_supervisor()
    {
        var supervisor = Supervisor(Manifests.Standard(Manifests.PersistentScripts, ""));
        supervisor.Tell(new OpenView("options", false));
        ExpectMsg<ViewOpened>();
        var children = await Sys.ActorSelection(supervisor.Path / "options*").ResolveOne(TimeSpan.FromSeconds(3));
        Watch(children);
        children.Tell(PoisonPill.Instance);
        ExpectTerminated(children);
        AwaitAssert(() =>
        {
            supervisor.Tell(ListContexts.Instance);
            Assert.Equal(["background"], ExpectMsg<ContextList>().Labels);
        });
    }

    [Fact]
    public void A_worker_started_by_a_wake_answers_it_itself_once_its_script_has_run()
    {
        var supervisor = Supervisor(new Dictionary<string, string>
        {
            ["manifest.json"] = """{ "manifest_version": 3, "name": "t", "version": "1", "background": { "service_worker": "sw.js" } }""",
            ["sw.js"] = "self.ran = true;",
        }, Flavor.Chrome);
        supervisor.Tell(new TerminateBackground("background"));
        ExpectMsg<BackgroundTerminated>();

        supervisor.Tell(new SupervisorSignals.WakeBackground(7, CallerIsPrivate: false));
        var reply = ExpectMsg<SupervisorSignals.BackgroundPageReply>();
        Assert.Equal(7, reply.RequestId);
        Assert.True(reply.Answer.Woke);
        Assert.NotNull(reply.Answer.Window);
        Assert.True(reply.Answer.Window!.Info.IsServiceWorker);
        Assert.True(reply.Answer.Window.InitialEvaluationOver);
        // From the worker, on the turn its script ran: not a hop back through the supervisor.
        Assert.NotEqual(supervisor, LastSender);
        Assert.Equal(supervisor.Path, LastSender.Path.Parent);

        // Answered once. The worker sent its Loaded right after its answer, so once it has answered something later the
        // Loaded is ahead of this status request: a second answer to the wake from the supervisor would come before it.
        var worker = LastSender;
        worker.Tell(new ContextActor.Protocol.Evaluate("self.ran"));
        Assert.Equal("true", ExpectMsg<ContextActor.Protocol.Evaluated>().Result);
        supervisor.Tell(new GetBackgroundStatus());
        Assert.Equal(BackgroundPhase.Running, ExpectMsg<BackgroundStatus>().Phase);

        // A running worker: the supervisor answers, not a woken one.
        supervisor.Tell(new SupervisorSignals.WakeBackground(8, CallerIsPrivate: false));
        var again = ExpectMsg<SupervisorSignals.BackgroundPageReply>();
        Assert.Equal(8, again.RequestId);
        Assert.False(again.Answer.Woke);
        Assert.Equal(supervisor, LastSender);
    }
}
