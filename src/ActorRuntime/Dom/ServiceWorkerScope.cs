using ActorRuntime.Dom.Interfaces;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ActorRuntime.Dom;

/// <summary>
/// The global scope of an MV3 service worker (chrome flavour): <c>self</c> and no <c>window</c>, <c>document</c>,
/// <c>localStorage</c> or <c>XMLHttpRequest</c>; <c>fetch</c> and the worker-exposed interfaces; <c>importScripts</c>
/// during the initial evaluation only; the <c>install</c>, <c>activate</c> and <c>message</c> events, with
/// <c>waitUntil</c>; <c>skipWaiting</c>, <c>clients</c> and <c>registration</c>. Its DOM binding serves events and
/// fetch over a document nobody can reach.
/// </summary>
internal sealed partial class ServiceWorkerScope
{
    /// <summary>The events of ServiceWorkerGlobalScope whose listeners Chromium wants added during the initial evaluation.</summary>
    private static readonly HashSet<string> WorkerEvents = new(StringComparer.Ordinal)
    {
        "install", "activate", "fetch", "message", "messageerror", "push", "pushsubscriptionchange", "sync", "periodicsync",
        "notificationclick", "notificationclose", "backgroundfetchsuccess", "backgroundfetchfail", "backgroundfetchabort", "backgroundfetchclick",
    };

    private static readonly string[] HandlerEvents = ["install", "activate", "message", "messageerror", "error", "unhandledrejection", "rejectionhandled"];

    private static readonly DomInterface[] Exposed =
    [
        NodeInterfaces.EventTarget, CollectionInterfaces.DOMException, EventInterfaces.Event, EventInterfaces.CustomEvent, EventInterfaces.ErrorEvent,
        EventInterfaces.MessageEvent, .. WorkerInterfaces.All, .. UrlInterfaces.All, .. EncodingInterfaces.All, NetworkInterfaces.Headers,
        NetworkInterfaces.Request, NetworkInterfaces.Response, ExtraInterfaces.AbortController, ExtraInterfaces.AbortSignal, .. FormDataInterfaces.All,
    ];

    private readonly DomBinding _dom;
    private readonly ScriptCatalog _catalog;
    private readonly HashSet<string> _imported = new(StringComparer.Ordinal);

    private ServiceWorkerScope(DomBinding dom, ScriptCatalog catalog, string scriptPath, bool isModule)
    {
        _dom = dom;
        _catalog = catalog;
        ScriptPath = scriptPath;
        IsModule = isModule;
    }

    public ContextRealm Realm => _dom.Realm;

    /// <summary>The worker script, relative to the extension's folder.</summary>
    public string ScriptPath { get; }

    public bool IsModule { get; }

    /// <summary>The worker script's URL (<c>chrome-extension://&lt;id&gt;/&lt;path&gt;</c>).</summary>
    public string ScriptUrl => Realm.Identity.BaseUrl + ScriptPath;

    /// <summary>Gives <paramref name="realm"/> (its extension API and timers installed already) the worker's global scope.</summary>
    public static ServiceWorkerScope Install(ContextRealm realm, ScriptCatalog catalog, string scriptPath, bool isModule)
    {
        // The document is the binding's, not the worker's (the realm is no page), and none of the worker's interfaces uses
        // it: a copy of the blank page is made only if something ever asks (the copy was about a twelfth of a worker's
        // set-up in a profile).
        var dom = new DomBinding(realm, DocumentState.MadeWhenNeeded(Manifest.PageParser.BlankDocument));
        var scope = new ServiceWorkerScope(dom, catalog, scriptPath, isModule);
        scope.InstallMembers();
        realm.WorkerScope = scope;
        return scope;
    }

    private void InstallMembers()
    {
        var global = Realm.Global;
        var engine = Realm.Engine;
        WindowMembers.Function(global, engine, "fetch", 1, (_, args) =>
        {
            var promise = _dom.Fetch(args);
            Realm.WatchFetch(args.Length > 0 ? OneLineText.Escape(TypeConverter.ToString(args[0] is ObjectInstance request && request.Get("url") is JsString url ? url : args[0]), 200) : "", promise);
            return promise;
        });
        WindowMembers.InstallEventTarget(_dom, global, "EventTarget", args =>
        {
            var type = args.Length > 0 ? TypeConverter.ToString(args[0]) : "undefined";
            if (Realm.InitialEvaluationOver && WorkerEvents.Contains(type))
                Realm.Log("warn", $"Event handler of '{type}' event must be added on the initial evaluation of worker script.");
        });
        WindowMembers.Function(global, engine, "importScripts", 0, (_, args) =>
        {
            ImportScripts(args);
            return JsValue.Undefined;
        });
        WindowMembers.Function(global, engine, "skipWaiting", 0, (_, _) => Resolved(JsValue.Undefined));
        global.FastSetProperty("clients", new PropertyDescriptor(Clients(), PropertyFlag.Configurable | PropertyFlag.Enumerable));
        global.FastSetProperty("registration", new PropertyDescriptor(Registration(), PropertyFlag.Configurable | PropertyFlag.Enumerable));
        _dom.InstallWindowScope(global, Exposed, HandlerEvents);
    }

    /// <summary>
    /// The initial evaluation: the worker script's top level and the microtasks it queued. Listeners added later are late.
    /// Null when it ran; else the failure, as Chromium's registration fails on a script that throws or does not load.
    /// </summary>
    public string? Evaluate()
    {
        // Chromium refuses import() in every service worker, module or classic (static imports load).
        Realm.DynamicImportDisallowed = true;
        var failure = IsModule ? EntryScripts.RunModule(Realm, ScriptPath) : EntryScripts.RunClassic(Realm, ScriptPath);
        Realm.Extension.DrainJobs(Realm);
        Realm.EndInitialEvaluation();
        if (failure is null) return null;
        Realm.Log("error", RegistrationFailed);
        return failure;
    }

    /// <summary>Chromium's line for a worker whose script could not be evaluated.</summary>
    public const string RegistrationFailed = "Service worker registration failed. Status code: 15";

    /// <summary>
    /// <c>importScripts(...urls)</c>: each script fetched and run in order, synchronously, resolved against the worker
    /// script's URL and only inside the extension. Chromium stores what the initial evaluation imported: a later call
    /// may import those again, and a new one fails with a NetworkError.
    /// </summary>
    private void ImportScripts(JsValue[] args)
    {
        if (IsModule) throw _dom.TypeError("Failed to execute 'importScripts' on 'WorkerGlobalScope': Module scripts don't support importScripts().");
        var paths = new List<(string Url, string Path)>(args.Length);
        foreach (var arg in args)
        {
            var text = TypeConverter.ToString(arg);
            if (!Uri.TryCreate(new Uri(ScriptUrl), text, out var url))
                throw SyntaxError($"Failed to execute 'importScripts' on 'WorkerGlobalScope': The URL '{text}' is invalid.");
            var own = Realm.Identity.BaseUrl;
            var path = url.AbsoluteUri.StartsWith(own, StringComparison.Ordinal) ? Canonical(url) : null;
            if (path is null || (Realm.InitialEvaluationOver && !_imported.Contains(path)))
                throw FailedToLoad(url.AbsoluteUri);
            paths.Add((url.AbsoluteUri, path));
        }
        foreach (var (url, path) in paths)
        {
            var script = _catalog.Get(path);
            if (script.IsLoadFailure) throw FailedToLoad(url);
            if (script.Script is not { } prepared)
                throw SyntaxError(script.Error!.StartsWith("Uncaught SyntaxError: ", StringComparison.Ordinal) ? script.Error["Uncaught SyntaxError: ".Length..] : script.Error);
            if (!Realm.InitialEvaluationOver) _imported.Add(path);
            // An imported script may import again (itself, even): each level runs on the host's stack, so the nesting is
            // bounded as a browser bounds its call stack.
            if (_importDepth >= MaxImportDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
                throw new JavaScriptException((Jint.Native.Error.ErrorConstructor)Realm.ErrorConstructor("RangeError")!, "Maximum call stack size exceeded");
            _importDepth++;
            try
            {
                // What the imported script throws is the caller's to catch, as in a browser.
                Realm.Engine.Execute(in prepared);
            }
            finally
            {
                _importDepth--;
            }
        }
    }

    /// <summary>How deep <c>importScripts</c> may nest (a script importing a script that imports...).</summary>
    private const int MaxImportDepth = 32;

    private int _importDepth;

    /// <summary>The extension-relative path of one of its URLs, as the catalog keys it (one spelling per file); null when refused.</summary>
    private string? Canonical(Uri url)
    {
        try
        {
            return _catalog.Package.Resolve(Uri.UnescapeDataString(url.AbsolutePath));
        }
        catch (ManifestException)
        {
            return null;
        }
    }

    private JavaScriptException FailedToLoad(string url) =>
        _dom.DomError("NetworkError", $"Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '{url}' failed to load.");

    private JavaScriptException SyntaxError(string message) => new((Jint.Native.Error.ErrorConstructor)Realm.ErrorConstructor("SyntaxError")!, message);

    private JsValue Resolved(JsValue value) => Realm.Engine.Call(Realm.PromiseResolve, Realm.PromiseConstructor, [value]);
}
