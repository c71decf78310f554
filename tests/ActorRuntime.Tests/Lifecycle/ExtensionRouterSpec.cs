using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionRouter.Protocol;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>The per-process router: loads extension folders and routes envelopes to their supervisors by id.</summary>
public class ExtensionRouterSpec : RuntimeSpec
{
    private IActorRef Router() => Sys.ActorOf(ExtensionRouter.Props(Options(Flavor.Mdn)));

    [Fact]
    public void Loads_once_per_id_routes_envelopes_and_unloads()
    {
        using var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, "var answer = 42;"), "router-ext");
        var router = Router();
        router.Tell(new Load(folder.Path));
        Assert.Equal("router-ext", ExpectMsg<Loaded>(AskTimeout).ExtensionId);
        router.Tell(new Load(folder.Path));
        Assert.Equal("router-ext", ExpectMsg<Loaded>().ExtensionId);

        router.Tell(new ExtensionEnvelope("router-ext", new ExtensionSupervisor.Protocol.Evaluate("background", "answer")));
        Assert.Equal("42", ExpectMsg<ActorRuntime.Contexts.ContextActor.Protocol.Evaluated>(AskTimeout).Result);
        router.Tell(ExtensionRouter.Protocol.ListExtensions.Instance);
        Assert.Equal(["router-ext"], ExpectMsg<ExtensionList>().ExtensionIds);

        router.Tell(new Unload("router-ext"));
        ExpectMsg<Unloaded>();
        router.Tell(new ExtensionEnvelope("router-ext", ExtensionSupervisor.Protocol.ListContexts.Instance));
        Assert.Equal("no extension \"router-ext\" is loaded (loaded: none)", ExpectMsg<Status.Failure>().Cause.Message);
    }

    [Fact]
    public void Bad_folders_and_id_clashes_fail_with_one_clear_message()
    {
        var router = Router();
        router.Tell(new Load("/no/such/extension"));
        var missing = ExpectMsg<Status.Failure>().Cause;
        Assert.IsType<ManifestException>(missing);
        Assert.Equal("/no/such/extension: no such extension folder", missing.Message);

        using var first = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts, ""));
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        var id = Path.GetFileName(first.Path);
        router.Tell(new Load(first.Path));
        ExpectMsg<Loaded>(AskTimeout);
        using var clash = new ExtensionFolder(files, Path.Combine("clash", id));
        router.Tell(new Load(clash.Path));
        Assert.Equal($"extension \"{id}\" is already loaded from {first.Path}", ExpectMsg<Status.Failure>().Cause.Message);
    }
}
