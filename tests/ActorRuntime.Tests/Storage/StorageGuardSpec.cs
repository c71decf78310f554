using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Storage;
using ActorRuntime.Tests.Support;
using static ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Tests.Storage;

/// <summary>The guard in front of an extension's storage, driven with the storage protocol directly.</summary>
public sealed class StorageGuardSpec : RuntimeSpec
{
    [Fact]
    public void A_call_the_storage_cannot_serve_fails_alone_and_the_calls_behind_it_are_answered()
    {
        var folder = Folder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, "")));
        var state = ExtensionSpawner.NewState(ExtensionPackage.Load(folder.Path), Options(Flavor.Mdn));
        var guard = Sys.ActorOf(StorageGuard.Props(new StorageOwner(state.Package.Id, Flavor.Mdn, state.Options.MaxMessageDepth, (to, message) => state.Work.Send(to, message))));
        // An install record that does not read as a version, as a hand-edited database could hold.
        guard.Tell(new Call(1, new Set(StorageQuotas.Installs, new Dictionary<string, string> { ["version"] = "1" })), TestActor);
        Assert.Null(ExpectMsg<StorageAnswer>(AskTimeout).Error);

        guard.Tell(new Call(2, new MarkInstalled("2.0")), TestActor);
        guard.Tell(new Call(3, new Set(StorageQuotas.Local, new Dictionary<string, string> { ["k"] = "true" })), TestActor);
        guard.Tell(new Call(4, new Get(StorageQuotas.Local, null)), TestActor);
        var refused = ExpectMsg<StorageAnswer>(AskTimeout);
        Assert.Equal((2L, "storage.installs.record failed: the stored data could not be read (see the node's log)"), (refused.RequestId, refused.Error));
        var stored = ExpectMsg<StorageAnswer>(AskTimeout);
        Assert.Equal((3L, (object?)1, (string?)null), (stored.RequestId, stored.Value, stored.Error));
        var read = ExpectMsg<StorageAnswer>(AskTimeout);
        Assert.Equal(4, read.RequestId);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "true" }, read.Value);
    }
}
