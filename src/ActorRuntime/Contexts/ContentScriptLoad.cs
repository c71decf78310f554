using ActorRuntime.Apis.Injection;
using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;

namespace ActorRuntime.Contexts;

/// <summary>
/// The content scripts that apply to a tab's page, injected as browsers inject them: every style sheet into the document
/// before any of its content (with its <c>document_start</c> scripts), then each script at its <c>run_at</c> point of the
/// page's load, in the order they were declared (the manifest's, then those the extension registered), each in its world:
/// the extension's isolated world, or the page's own (<c>world: "MAIN"</c>; Chromium honours it in MV3 only).
/// </summary>
internal sealed class ContentScriptLoad(ContextRealm isolated, ContextRealm? page, DocumentState document, ScriptCatalog catalog, IReadOnlyList<ContentScriptSpec> scripts)
{
    /// <summary>The first script that could not be read (the context's script failure).</summary>
    public string? ScriptFailure { get; private set; }

    private int _codeCount;

    public void Run(RunAt phase)
    {
        if (phase == RunAt.DocumentStart) InsertStyles();
        foreach (var spec in scripts)
        {
            if (spec.RunAt != phase) continue;
            var realm = WorldOf(spec);
            foreach (var source in spec.Scripts)
            {
                var script = Prepare(source);
                if (script.IsLoadFailure) ScriptFailure ??= script.Error;
                realm.RunScript(script);
                realm.Extension.DrainJobs(realm);
            }
        }
    }

    private ContextRealm WorldOf(ContentScriptSpec spec)
    {
        var extension = isolated.Extension;
        var chromiumMv2 = extension.Flavor == Flavor.Chrome && extension.Manifest.ManifestVersion < 3;
        return spec.World == ScriptWorld.Main && page is not null && !chromiumMv2 ? page : isolated;
    }

    private PreparedScript Prepare(ContentSource source)
    {
        // Code registered as text (Firefox's contentScripts.register) is parsed for each page it runs in.
        if (source.IsCode) return PreparedScript.Parse($"{isolated.Identity.BaseUrl}registered-code-{++_codeCount}.js", source.Text);
        try
        {
            return catalog.Get(catalog.Package.Resolve(source.Text));
        }
        catch (ManifestException ex)
        {
            return PreparedScript.LoadFailure(source.Text, ex.Message);
        }
    }

    private void InsertStyles()
    {
        foreach (var spec in scripts)
        foreach (var source in spec.Styles)
        {
            string key, css;
            if (source.IsCode) (key, css) = ("code:" + source.Text, source.Text);
            else
            {
                try
                {
                    var path = catalog.Package.Resolve(source.Text);
                    (key, css) = (isolated.Identity.BaseUrl + path, catalog.ReadStyle(path));
                }
                catch (Exception ex) when (ex is ManifestException or ExtensionFileException)
                {
                    isolated.Log("error", $"Loading failed for the style sheet \"{source.Text}\": {(ex is ExtensionFileException file ? file.Reason : ex.Message)}");
                    continue;
                }
            }
            if (Injector.InsertStyle(isolated, document, key, StyleOrigin.Author, css) is { } refused) isolated.Log("error", refused);
        }
    }
}
