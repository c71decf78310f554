using Jint;
using System.Security.Cryptography;
using System.Text;
using ActorRuntime.Dom.Interfaces;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// Loads a page as a browser does, on the page's own turn: the parsed tree is handed to the document in document order
/// (a script sees only what comes before it), each classic script running when it is reached; then
/// <c>readyState</c> goes to <c>interactive</c>, <c>async</c> scripts run, then <c>defer</c> and module scripts in
/// document order (an ES module with its imports, <see cref="ContextRealm.RunModule"/>), <c>DOMContentLoaded</c>
/// fires, <c>readyState</c> goes to <c>complete</c> and the window's <c>load</c> fires. Extension pages run under
/// the extension content security policy: inline scripts and inline <c>on*</c> handlers never run, and the console
/// gets the browser's line naming what was blocked.
/// </summary>
internal sealed class PageLoad(DomBinding dom, ScriptCatalog catalog, string? pagePath, bool webPage = false)
{
    /// <summary>The first script that failed to load, if any (as the page's load failure).</summary>
    public string? ScriptFailure { get; private set; }

    /// <summary>
    /// Run once the document exists and before any of its content or scripts (content scripts' <c>document_start</c>):
    /// the tree is then only its root element, as a browser's parser has built it by then.
    /// </summary>
    public Action? AtDocumentStart { get; init; }

    /// <summary>Run once the document is parsed, after <c>DOMContentLoaded</c> and before <c>load</c> (<c>document_end</c>).</summary>
    public Action? AtDocumentEnd { get; init; }

    public void Run()
    {
        var document = dom.Document;
        dom.ReadyState = "loading";
        Replay(document);
        ReportInlineHandlers(document);
        dom.ReadyState = "interactive";
        Fire(document, "readystatechange", bubbles: false);
        foreach (var script in _async) RunLater(script);
        foreach (var script in _deferred) RunLater(script);
        Fire(document, "DOMContentLoaded", bubbles: true);
        AtDocumentEnd?.Invoke();
        dom.ReadyState = "complete";
        Fire(document, "readystatechange", bubbles: false);
        Fire(dom.Window, "load", bubbles: false);
        dom.Realm.Extension.DrainJobs(dom.Realm);
    }

    private readonly List<IHtmlScriptElement> _deferred = [];
    private readonly List<IHtmlScriptElement> _async = [];

    /// <summary>
    /// Takes every node after the first script out of the tree, then puts the nodes back one by one in document order,
    /// running each script when its element is back: the tree a script sees is the tree the parser had built by then.
    /// </summary>
    private void Replay(IDocument document)
    {
        var order = new List<INode>();
        var pending = new Stack<INode>();
        pending.Push(document);
        while (pending.TryPop(out var node))
        {
            order.Add(node);
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling) pending.Push(child);
        }
        // Replayed from the first script, or (with something to run at document start) from the root element.
        var first = AtDocumentStart is null ? order.FindIndex(n => n is IHtmlScriptElement) : order.FindIndex(n => n is IElement);
        if (first < 0)
        {
            AtDocumentStart?.Invoke();
            return;
        }
        var later = new List<(INode Node, INode Parent)>();
        // A script runs when its end tag is reached: after its last child (its text), or at once when it has none.
        var endOf = new Dictionary<INode, IHtmlScriptElement>(ReferenceEqualityComparer.Instance);
        for (var i = first; i < order.Count; i++)
            if (order[i] is IHtmlScriptElement script) endOf[script.LastChild ?? script] = script;
        for (var i = first + 1; i < order.Count; i++) later.Add((order[i], order[i].Parent!));
        for (var i = later.Count - 1; i >= 0; i--) later[i].Parent.RemoveChild(later[i].Node);
        AtDocumentStart?.Invoke();
        if (order[first] is IHtmlScriptElement firstScript && endOf.ContainsKey(firstScript)) Reached(firstScript);
        foreach (var (node, parent) in later)
        {
            parent.AppendChild(node);
            if (endOf.TryGetValue(node, out var ended)) Reached(ended);
        }
    }

    private void Reached(IHtmlScriptElement script)
    {
        var type = (script.GetAttribute("type") ?? "").Trim().ToLowerInvariant();
        var source = script.GetAttribute("src");
        if (type == "module")
        {
            // Module scripts are deferred (run after parsing, in document order with defer scripts), unless async.
            if (source is null && !webPage) ReportBlocked(InlineScriptLine(script.TextContent));
            else if (script.HasAttribute("async")) _async.Add(script);
            else _deferred.Add(script);
            return;
        }
        if (type.Length > 0 && type is not ("text/javascript" or "application/javascript" or "text/ecmascript" or "application/ecmascript")) return;
        // A browser that runs modules skips the fallback scripts marked for browsers that do not.
        if (script.HasAttribute("nomodule")) return;
        if (source is null)
        {
            // A web page's own inline scripts run; an extension page's are blocked by the extension's policy.
            if (webPage) RunInline(script);
            else ReportBlocked(InlineScriptLine(script.TextContent));
            return;
        }
        if (script.HasAttribute("async")) _async.Add(script);
        else if (script.HasAttribute("defer")) _deferred.Add(script);
        else RunExternal(script);
    }

    /// <summary>A script run after parsing: an <c>async</c> or <c>defer</c> script, or a module script.</summary>
    private void RunLater(IHtmlScriptElement element)
    {
        if ((element.GetAttribute("type") ?? "").Trim().Equals("module", StringComparison.OrdinalIgnoreCase)) RunModule(element);
        else RunExternal(element);
    }

    private void RunModule(IHtmlScriptElement element)
    {
        var source = element.GetAttribute("src");
        PreparedModule module;
        if (source is null)
            // Only a web page's (the extension's policy blocks inline scripts): its own, not kept in the extension's catalog.
            module = PreparedModule.Parse($"{dom.DocumentUrl}#inline-module-{++_inlineCount}", element.TextContent);
        else if (webPage)
            module = PreparedModule.LoadFailure(dom.ResolveUrl(source), "the runtime reaches no network");
        else module = FromExtension(source, catalog.GetModule, PreparedModule.LoadFailure);
        // document.currentScript is null while a module runs, as in browsers.
        var (loadFailure, _) = dom.Realm.RunModule(module);
        if (loadFailure is not null)
        {
            ScriptFailure ??= loadFailure;
            Fire(element, "error", bubbles: false);
            return;
        }
        Fire(element, "load", bubbles: false);
    }

    private int _inlineCount;

    private void RunInline(IHtmlScriptElement element)
    {
        // Parsed here, not kept in the extension's catalog: a web page is not part of the extension.
        var script = PreparedScript.Parse($"{dom.DocumentUrl}#inline-{++_inlineCount}", element.TextContent);
        Run(element, script);
    }

    private void RunExternal(IHtmlScriptElement element)
    {
        var source = element.GetAttribute("src")!;
        PreparedScript script;
        if (webPage)
            // A web page's scripts come from the web, which the runtime does not reach.
            script = PreparedScript.LoadFailure(dom.ResolveUrl(source), "the runtime reaches no network");
        else script = FromExtension(source, catalog.Get, PreparedScript.LoadFailure);
        Run(element, script);
    }

    /// <summary>A script element's file of the extension, resolved against the page; a path out of the folder is a load failure.</summary>
    private T FromExtension<T>(string source, Func<string, T> get, Func<string, string, T> loadFailure)
    {
        try
        {
            return get(catalog.Package.Resolve(source, pagePath));
        }
        catch (ManifestException ex)
        {
            return loadFailure(source, ex.Message);
        }
    }

    private void Run(IHtmlScriptElement element, PreparedScript script)
    {
        if (script.IsLoadFailure)
        {
            ScriptFailure ??= script.Error;
            dom.Realm.Log("error", script.Error!);
            Fire(element, "error", bubbles: false);
            return;
        }
        dom.CurrentScript = element;
        try
        {
            dom.Realm.RunScript(script);
        }
        finally
        {
            dom.CurrentScript = null;
        }
        dom.Realm.Extension.DrainJobs(dom.Realm);
        Fire(element, "load", bubbles: false);
    }

    private void Fire(object target, string type, bool bubbles)
    {
        var ev = EventInterfaces.Create(dom, EventInterfaces.Event, type, bubbles, cancelable: false);
        dom.Dispatch(ev, target);
        dom.Realm.Extension.DrainJobs(dom.Realm);
    }

    private void ReportInlineHandlers(IDocument document)
    {
        if (webPage) return;
        foreach (var element in document.QuerySelectorAll("*"))
            foreach (var attribute in element.Attributes)
                if (attribute.Name.StartsWith("on", StringComparison.Ordinal) && ElementInterfaces.HandlerEvents.Contains(attribute.Name[2..]))
                    ReportBlocked(InlineHandlerLine(attribute.Value));
    }

    private void ReportBlocked(string line) => dom.Realm.Log("error", line);

    /// <summary>The script-src directive of the extension pages' default policy, per browser and manifest version.</summary>
    private string Directive()
    {
        var v3 = catalog.Package.Manifest.ManifestVersion >= 3;
        return dom.Flavor == Flavor.Chrome
            ? v3 ? "script-src 'self'" : "script-src 'self' blob: filesystem:"
            : v3 ? "script-src 'self'" : "script-src 'self' 'wasm-unsafe-eval'";
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private string InlineScriptLine(string text) => dom.Flavor == Flavor.Chrome
        ? $"Refused to execute inline script because it violates the following Content Security Policy directive: \"{Directive()}\". Either the 'unsafe-inline' keyword, a hash ('{Hash(text)}'), or a nonce ('nonce-...') is required to enable inline execution."
        : $"Content-Security-Policy: The page’s settings blocked an inline script (script-src-elem) from being executed because it violates the following directive: “{Directive()}”. Consider using a hash ('{Hash(text)}') or a nonce.";

    private string InlineHandlerLine(string text) => dom.Flavor == Flavor.Chrome
        ? $"Refused to execute inline event handler because it violates the following Content Security Policy directive: \"{Directive()}\". Either the 'unsafe-inline' keyword, a hash ('{Hash(text)}'), or a nonce ('nonce-...') is required to enable inline execution."
        : $"Content-Security-Policy: The page’s settings blocked an event handler (script-src-attr) from being executed because it violates the following directive: “{Directive()}”. Consider using a hash ('{Hash(text)}') together with 'unsafe-hashes'.";
}
