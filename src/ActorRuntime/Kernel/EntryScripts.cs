using ActorRuntime.Manifest;
using ActorRuntime.Scripting;

namespace ActorRuntime.Kernel;

/// <summary>
/// Running a context's one entry script outside a page (a service worker's <c>background.service_worker</c>): the
/// file read and parsed once per extension through its catalog, errors in the context's console as pages report them.
/// Each returns null once the script's synchronous part has run to its end (its promise jobs run too; a module's
/// top-level <c>await</c> goes on as later jobs), else the line reported: the load failure (a missing or refused
/// file, a module graph that fails to resolve or is over its bounds), a syntax error, or what the script threw.
/// Call them on the context's turn with the turn's budget armed (<c>extension.Budget.Arm()</c>), as pages are loaded.
/// </summary>
internal static class EntryScripts
{
    /// <summary>Runs the ES module at <paramref name="path"/> (extension-relative, as the manifest names it) and its imports.</summary>
    public static string? RunModule(ContextRealm realm, string path)
    {
        var (relative, failure) = Normalise(realm, path, "module");
        if (relative is null) return Report(realm, failure!);
        var (loadFailure, evaluationError) = realm.RunModule(realm.Extension.Catalog.GetModule(relative));
        return loadFailure ?? evaluationError;
    }

    /// <summary>Runs the classic script at <paramref name="path"/> (extension-relative, as the manifest names it).</summary>
    public static string? RunClassic(ContextRealm realm, string path)
    {
        var (relative, failure) = Normalise(realm, path, "script");
        if (relative is null) return Report(realm, failure!);
        var error = realm.RunScriptReporting(realm.Extension.Catalog.Get(relative));
        realm.Extension.DrainJobs(realm);
        return error;
    }

    private static (string? Path, string? Error) Normalise(ContextRealm realm, string path, string what)
    {
        try
        {
            return (realm.Extension.Catalog.Package.Resolve(path), null);
        }
        catch (ManifestException ex)
        {
            return (null, $"Loading failed for the {what} with source \"{path}\": {ex.Message}");
        }
    }

    private static string Report(ContextRealm realm, string line)
    {
        realm.Log("error", line);
        return line;
    }
}
