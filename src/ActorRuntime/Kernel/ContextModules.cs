using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Modules;

namespace ActorRuntime.Kernel;

/// <summary>
/// A context's module loader: the engine asks it for every <c>import</c>. Static imports were walked and checked
/// before the engine links a graph (<see cref="ModuleGraph"/>), so they are answered from that walk; any other request
/// is an <c>import()</c>, whose target graph is walked here first, and which a service worker refuses. Each engine
/// builds its own record of a module from the tree the extension's catalog parsed once
/// (<see cref="PreparedModule.BuildRecord"/>), and keeps it: a module imported twice in one context runs once.
/// </summary>
internal sealed class ContextModules(ContextRealm realm) : IModuleLoader
{
    /// <summary>The referrer an entry is imported with, so the engine's request for it is told from an <c>import()</c>.</summary>
    internal const string EntryReferrer = "\0entry";

    /// <summary>Chromium's error for <c>import()</c> in a service worker.</summary>
    public const string WorkerDynamicImportMessage =
        "import() is disallowed on ServiceWorkerGlobalScope by the HTML specification. See https://github.com/w3c/ServiceWorker/issues/1356.";

    private ModuleGraph? _graph;

    /// <summary>The modules this context has loaded (made on the first import: most contexts never import).</summary>
    public ModuleGraph Graph => _graph ??= new ModuleGraph(realm.Extension.Catalog, realm.Identity.BaseUrl, realm.Extension.Budget.Limits, webPage: realm.Info.Kind == ContextKind.WebPage);

    public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest)
    {
        var specifier = moduleRequest.Specifier;
        if (referencingModuleLocation == EntryReferrer) return Resolved(moduleRequest, specifier);
        if (referencingModuleLocation is not null && Graph.TryGetImport(referencingModuleLocation, specifier, out var imported)) return Resolved(moduleRequest, imported);
        if (realm.DynamicImportDisallowed) throw Error("TypeError", WorkerDynamicImportMessage);
        var (path, error) = ResolveDynamic(specifier, referencingModuleLocation);
        if (path is null) throw Error("TypeError", error!);
        if (Graph.Add(realm.Extension.Catalog.GetModule(path)) is { } failure) throw Error(failure.ErrorName, failure.Message);
        return Resolved(moduleRequest, path);
    }

    private static ResolvedSpecifier Resolved(ModuleRequest request, string key) => new(request, key, null, SpecifierType.RelativeOrAbsolute);

    /// <summary>
    /// An <c>import()</c>'s target. Extension pages resolve it against the importing script or module; a web page's and
    /// a content script's own code resolve against the web page's URL, which the runtime has no network for, so a
    /// content script imports the extension's modules by their full URL (<c>runtime.getURL</c>) as extensions do.
    /// </summary>
    private (string? Path, string? Error) ResolveDynamic(string specifier, string? referrer)
    {
        var fromModule = referrer is not null && Graph.Get(referrer) is not null;
        if (realm.Info.Kind == ContextKind.WebPage || (realm.Info.Kind == ContextKind.ContentScript && !fromModule && !specifier.StartsWith(realm.Identity.BaseUrl, StringComparison.Ordinal)))
            return (null, $"Failed to fetch dynamically imported module: \"{specifier}\" resolves against the web page's address {realm.Info.Url}, and the runtime reaches no network");
        // Code without a file of its own (console input) imports relative to the extension's root.
        return Graph.Resolve(specifier, referrer == "eval" ? null : referrer);
    }

    public Module LoadModule(Engine engine, ResolvedSpecifier resolved)
    {
        var module = Graph.Get(resolved.Key) ?? throw Error("TypeError", $"Failed to load module script \"{resolved.Key}\"");
        return module.BuildRecord(engine);
    }

    /// <summary>The realm's own error of that name (as it was before page scripts ran).</summary>
    private JavaScriptException Error(string name, string message) =>
        name == "SyntaxError" && realm.ErrorConstructor(name) is { } syntaxError
            ? new(realm.Engine.Construct(syntaxError, [message]))
            : new(realm.Engine.Intrinsics.TypeError, message);

    /// <summary><c>import.meta.url</c>: the module's URL in the extension (an inline module's: its page's).</summary>
    internal sealed class MetaHost(ContextRealm realm) : Host
    {
        public override List<KeyValuePair<JsValue, JsValue>> GetImportMetaProperties(Module moduleRecord)
        {
            var location = moduleRecord.Location;
            var fragment = location.IndexOf('#');
            if (fragment >= 0) location = location[..fragment];
            var url = location.Contains("://", StringComparison.Ordinal) ? location : realm.Identity.BaseUrl + string.Join('/', location.Split('/').Select(Uri.EscapeDataString));
            return [new KeyValuePair<JsValue, JsValue>("url", url)];
        }
    }
}
