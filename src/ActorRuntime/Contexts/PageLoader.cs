using System.Net;
using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using AngleSharp.Dom;

namespace ActorRuntime.Contexts;

/// <summary>What a context runs when it starts: script files (background scripts, content scripts) or an HTML page.</summary>
internal sealed record ContextSource(IReadOnlyList<string> ScriptFiles, string? PagePath)
{
    /// <summary>A tab's web page HTML (its content scripts run in it); null: an empty page titled with the tab's URL.</summary>
    public string? WebPageHtml { get; init; }

    public static ContextSource Scripts(IReadOnlyList<string> files) => new(files, null);
    public static ContextSource Page(string path) => new([], path);

    /// <summary>An MV3 service worker's script (relative to the extension's folder).</summary>
    public string? WorkerScript { get; init; }

    /// <summary>The worker script is a module (<c>background.type: "module"</c>).</summary>
    public bool WorkerIsModule { get; init; }

    public static ContextSource Worker(string script, bool isModule) => new([], null) { WorkerScript = script, WorkerIsModule = isModule };
    /// <summary>For a tab: the content scripts that apply to its page (the manifest's, then those the extension registered).</summary>
    public IReadOnlyList<ContentScriptSpec> ContentScripts { get; init; } = [];

    public static ContextSource Tab(IReadOnlyList<ContentScriptSpec> contentScripts, string? pageHtml) => new([], null) { WebPageHtml = pageHtml, ContentScripts = contentScripts };
}

/// <summary>
/// Gives a context its document and runs its scripts: an extension page is loaded as browsers load it (its HTML, its
/// scripts in document order); background scripts get the page browsers generate for them, one script element each;
/// content scripts run in order in their tab's document.
/// </summary>
internal static class PageLoader
{
    /// <summary>Loads the context; the first failure (the page itself, else a script) is returned for the supervisor.</summary>
    public static (DomBinding? Dom, string? PageFailure, string? ScriptFailure) Load(ContextRealm realm, ScriptCatalog catalog, ContextSource source, ContextRealm? webPage = null)
    {
        var package = catalog.Package;
        var info = realm.Info;
        // A service worker has no document: its scope runs the script.
        if (source.WorkerScript is { } worker) return (null, null, ServiceWorkerScope.Install(realm, catalog, worker, source.WorkerIsModule).Evaluate());
        if (source.PagePath is { } page)
        {
            IDocument document;
            try
            {
                // Read within the size limit; parsing stops at the first element nested deeper than the depth limit.
                document = catalog.ReadPage(page);
            }
            catch (ExtensionFileException ex)
            {
                var failure = $"Loading failed for the page \"{page}\": {ex.Reason}";
                realm.Log("error", failure);
                return (null, failure, null);
            }
            return RunPage(realm, catalog, document, page);
        }
        if (info.Kind == ContextKind.Background)
        {
            // The page a browser generates for background.scripts: each script an element of it, in order.
            var type = package.Manifest.Background.IsModule ? " type=\"module\"" : "";
            var scripts = string.Concat(source.ScriptFiles.Select(f => $"<script{type} src=\"{WebUtility.HtmlEncode(f)}\"></script>"));
            return RunPage(realm, catalog, Generated($"<!DOCTYPE html><html><head></head><body>{scripts}</body></html>", package), null);
        }
        // A content script's document is its tab's web page, loaded in the page's own world (its scripts run there,
        // without the extension's policy); content scripts run in theirs, on the same document, at the point of the
        // page's load their run_at names (document_start, document_end, document_idle).
        var html = source.WebPageHtml ?? $"<!DOCTYPE html><html><head><title>{WebUtility.HtmlEncode(info.Url)}</title></head><body></body></html>";
        var (tabDocument, refusal) = PageParser.Parse(html, package.Limits.MaxHtmlDepth);
        if (tabDocument is null)
        {
            var failure = $"Loading failed for the web page of {info.Url}: {refusal}";
            realm.Log("error", failure);
            return (null, failure, null);
        }
        var state = new DocumentState(tabDocument);
        var dom = new DomBinding(realm, state);
        WindowMembers.Install(dom);
        var contentScripts = new ContentScriptLoad(realm, webPage, state, catalog, source.ContentScripts);
        if (webPage is not null)
        {
            var pageWorld = new DomBinding(webPage, state);
            WindowMembers.Install(pageWorld);
            new PageLoad(pageWorld, catalog, null, webPage: true)
            {
                AtDocumentStart = () => contentScripts.Run(RunAt.DocumentStart),
                AtDocumentEnd = () => contentScripts.Run(RunAt.DocumentEnd),
            }.Run();
        }
        else
        {
            contentScripts.Run(RunAt.DocumentStart);
            state.ReadyState = "complete";
            contentScripts.Run(RunAt.DocumentEnd);
        }
        contentScripts.Run(RunAt.DocumentIdle);
        return (dom, null, contentScripts.ScriptFailure);
    }

    private static (DomBinding, string?, string?) RunPage(ContextRealm realm, ScriptCatalog catalog, IDocument document, string? page)
    {
        var dom = Bind(realm, document);
        var load = new PageLoad(dom, catalog, page);
        load.Run();
        return (dom, null, load.ScriptFailure);
    }

    private static DomBinding Bind(ContextRealm realm, IDocument document)
    {
        var dom = new DomBinding(realm, new DocumentState(document));
        WindowMembers.Install(dom);
        return dom;
    }

    private static IDocument Generated(string html, ExtensionPackage package) =>
        PageParser.Parse(html, package.Limits.MaxHtmlDepth).Document ?? throw new InvalidOperationException("the generated page did not parse");
}
