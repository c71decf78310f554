using ActorRuntime.Lifecycle;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Storage;

/// <summary>
/// An extension's <c>localStorage</c> over a real SQLite file: kept when the extension is unloaded and loaded again in the
/// same runtime (sessionStorage is not), without showing in <c>browser.storage</c>.
/// </summary>
public sealed class WebStorageDurabilitySpec : RuntimeSpec, IDisposable
{
    private static readonly string Database = Path.Combine(Path.GetTempPath(), "actorruntime-tests", "webstorage-" + Guid.NewGuid().ToString("N") + ".db");

    public WebStorageDurabilitySpec() : base($"actorruntime.storage {{ provider = sqlite, sqlite.path = \"{Database}\" }}")
    {
    }

    /// <summary>The front door over a router of this spec's actor system, as a hosted runtime has it.</summary>
    private IExtensionRuntime Runtime()
    {
        var router = Sys.ActorOf(ExtensionRouter.Props(Options(Flavor.Mdn)));
        return new LocalExtensionRuntime(Sys, _ => Task.FromResult(router), AskTimeout, new Broadcast<ConsoleEntry>(), new Broadcast<ApiCallRecord>());
    }

    [Fact]
    public async Task LocalStorage_survives_an_unload_and_a_load_in_the_same_runtime_and_sessionStorage_does_not()
    {
        var folder = Folder(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts,
            "var changes = 0; browser.storage.onChanged.addListener(() => changes++);")) { ["popup.js"] = "" }, "durable-" + Guid.NewGuid().ToString("N")[..8]);
        var runtime = Runtime();
        var id = await runtime.LoadAsync(folder.Path);
        await runtime.OpenAsync(id, "popup");
        // No wait for the extension to settle: the unload itself lets the saves finish first.
        await runtime.EvaluateAsync(id, "popup",
            "localStorage.kept = 'yes'; localStorage.gone = 'x'; localStorage.removeItem('gone'); localStorage.setItem('n', 1); sessionStorage.session = 'only now'; 0");
        await runtime.UnloadAsync(id);

        id = await runtime.LoadAsync(folder.Path);
        Assert.Equal("""["yes",null,"1",2,null,{},0]""", (await runtime.EvaluateAsync(id, "background", """
            [localStorage.kept, localStorage.getItem('gone'), localStorage.n, localStorage.length, sessionStorage.getItem('session'),
             await browser.storage.local.get(), changes]
            """)).Json);

        await runtime.EvaluateAsync(id, "background", "localStorage.clear(); localStorage.after = 'clear'; 0");
        await runtime.UnloadAsync(id);
        id = await runtime.LoadAsync(folder.Path);
        Assert.Equal("""[["after"],"clear"]""", (await runtime.EvaluateAsync(id, "background", "[Object.keys(localStorage), localStorage.after]")).Json);
        await runtime.UnloadAsync(id);
    }

    public new void Dispose()
    {
        base.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (File.Exists(Database)) File.Delete(Database);
    }
}
