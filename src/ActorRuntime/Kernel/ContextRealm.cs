using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Kernel;

/// <summary>
/// One context's JavaScript world: its own engine and global (the page's <c>window</c>). Owned by a
/// context actor; only touched during a turn of the extension's event loop.
/// </summary>
internal sealed partial class ContextRealm
{
    public ContextRealm(ContextInfo info, ExtensionKernel extension)
    {
        Info = info;
        Extension = extension;
        var limits = extension.Budget.Limits;
        _modules = new ContextModules(this);
        Engine = new Engine(options =>
        {
            // ES modules: imports are resolved inside the extension and parsed once per extension (ContextModules).
            options.EnableModules(_modules);
            options.UseHostFactory(_ => new ContextModules.MetaHost(this));
            options.Constraint(extension.Budget);
            options.LimitRecursion(limits.MaxRecursionDepth);
            options.Constraints.MaxArraySize = limits.MaxArraySize;
            options.Constraints.StackOverflowGuard = true;
            // A backtracking regex is a single call no statement check interrupts: it gets the turn's budget as its timeout.
            options.RegexTimeoutInterval(limits.Timeout);
            // JSON.parse nests as deep as a message may (Jint's own default is 64, far below browsers'), plus the two
            // levels a storage change wraps a stored value in.
            options.Json.MaxParseDepth = extension.Options.MaxMessageDepth + StorageChangeNesting;
            options.TimeSystem = extension.TimeSystem;
            // Code the engine parses itself (eval, new Function) keeps its functions' source text too, as browsers do.
            options.RetainFunctionSourceText = true;
        });
        BoundedBuiltins.Install(Engine, extension.Budget);
        // Browsers do not ship ShadowRealm (a proposal), and a realm it makes would have its own built-ins, unbounded.
        // Overwritten rather than deleted: a delete costs every engine about 7 KB (measured); `typeof` reads as in browsers.
        Engine.Global.FastSetProperty("ShadowRealm", new PropertyDescriptor(JsValue.Undefined, PropertyFlag.Configurable | PropertyFlag.Writable));
        extension.Options.EngineCensus?.Add(Engine, extension.Package.Id + " " + info.Label);
        Global = Engine.Global;
        // Captured before any page script runs, so a page replacing Promise cannot intercept host callbacks.
        PromiseConstructor = (ObjectInstance)Global.Get("Promise");
        PromiseResolve = PromiseConstructor.Get("resolve");
        PromiseThen = PromiseConstructor.Get("prototype").Get("then");
        ObjectToString = Engine.Intrinsics.Object.Get("prototype").Get("toString");
        var symbol = Global.Get("Symbol");
        _symbolFor = symbol.Get("for");
        _symbolKeyFor = symbol.Get("keyFor");
        Engine.Advanced.PromiseRejectionTracker += TrackRejection;
        // A page's global is its Window: reachable as window/self, tagged so String(window) reads as in browsers. A
        // service worker's is its ServiceWorkerGlobalScope: self, and no window.
        if (!info.IsServiceWorker) Global.FastSetProperty("window", new PropertyDescriptor(Global, PropertyFlag.Configurable));
        Global.FastSetProperty("self", new PropertyDescriptor(Global, PropertyFlag.Configurable | PropertyFlag.Writable));
        Global.DefineOwnProperty(GlobalSymbolRegistry.ToStringTag,
            new PropertyDescriptor(info.IsServiceWorker ? "ServiceWorkerGlobalScope" : "Window", PropertyFlag.Configurable));
        Global.FastSetProperty("location", new PropertyDescriptor(LocationObject.Create(Engine, info.Url), PropertyFlag.Configurable | PropertyFlag.Writable));
    }

    private const int StorageChangeNesting = 2;

    public ContextInfo Info { get; }

    /// <summary>The page's document: its window's identity (a tab's page and its content scripts share it).</summary>
    public object? Document { get; set; }

    /// <summary>The page's DOM as bound in this realm (document, handles, history), counted with the engine as memory the realm holds.</summary>
    public object? PageDom { get; set; }

    /// <summary>What the extension API layer keeps per context (its access, its lastError), set when it installs <c>browser</c>.</summary>
    public object? ApiState { get; set; }

    /// <summary>The context actor that owns this realm's engine.</summary>
    public Akka.Actor.IActorRef Owner { get; init; } = Akka.Actor.ActorRefs.Nobody;

    /// <summary>The context the realm belongs to, for work another context's turn does on its behalf (a posted task).</summary>
    public IContextHost? Host { get; init; }
    public ExtensionKernel Extension { get; }

    private ExtensionIdentity? _identity;

    /// <summary>The extension's id and origin, derived once for this realm (messages it sends name it).</summary>
    public ExtensionIdentity Identity => _identity ??= Extension.Identity;
    public Engine Engine { get; }
    public ObjectInstance Global { get; }
    public ObjectInstance PromiseConstructor { get; }
    public JsValue PromiseResolve { get; }
    public JsValue PromiseThen { get; }

    // The realm's own Date, parseInt and parseFloat, and JSON's work, whatever a script did to the globals: the engine's
    // intrinsics and its serializer and parser (what JSON.stringify and JSON.parse call), reached only when needed. Read
    // from the globals when the realm started, they were half of its reads of built-ins (a twentieth of a worker's
    // start), for built-ins most workers never use.

    /// <summary>The realm's own <c>Date</c> constructor.</summary>
    public JsValue DateConstructor => (JsValue)IntrinsicDate(Engine.Intrinsics);

    /// <summary>The realm's own <c>parseInt</c> and <c>parseFloat</c> (console's <c>%d</c> and <c>%f</c>).</summary>
    public JsValue ParseInt => (JsValue)IntrinsicParseInt(Engine.Intrinsics);

    public JsValue ParseFloat => (JsValue)IntrinsicParseFloat(Engine.Intrinsics);

    /// <summary>What the realm's own <c>JSON.stringify(value)</c> gives (a string, or undefined), a page replacing it or not.</summary>
    public JsValue Stringify(JsValue value) => new Jint.Native.Json.JsonSerializer(Engine).Serialize(value);

    /// <summary>What the realm's own <c>JSON.parse(text)</c> gives; throws its <c>SyntaxError</c> as a <see cref="JavaScriptException"/>.</summary>
    public JsValue ParseJson(string text) => new Jint.Native.Json.JsonParser(Engine).Parse(text);
    public JsValue ObjectToString { get; }

    /// <summary>
    /// The realm's own constructor of a standard error type, as it was before page scripts ran: the engine's intrinsic,
    /// which a script replacing the global cannot change, made only when first asked for (most contexts never throw
    /// one of their own from the host).
    /// </summary>
    public ObjectInstance? ErrorConstructor(string name)
    {
        var intrinsics = Engine.Intrinsics;
        return name switch
        {
            "Error" => intrinsics.Error,
            "TypeError" => intrinsics.TypeError,
            "RangeError" => IntrinsicRangeError(intrinsics),
            "SyntaxError" => IntrinsicSyntaxError(intrinsics),
            "ReferenceError" => IntrinsicReferenceError(intrinsics),
            "EvalError" => IntrinsicEvalError(intrinsics),
            "URIError" => IntrinsicUriError(intrinsics),
            _ => null,
        };
    }

    // Jint keeps these intrinsics internal (Error and TypeError are public); the accessors read them as the engine does.
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_RangeError")]
    private static extern Jint.Native.Error.ErrorConstructor IntrinsicRangeError(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_SyntaxError")]
    private static extern Jint.Native.Error.ErrorConstructor IntrinsicSyntaxError(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_ReferenceError")]
    private static extern Jint.Native.Error.ErrorConstructor IntrinsicReferenceError(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_EvalError")]
    private static extern Jint.Native.Error.ErrorConstructor IntrinsicEvalError(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_Date")]
    [return: System.Runtime.CompilerServices.UnsafeAccessorType("Jint.Native.Date.DateConstructor, Jint")]
    private static extern object IntrinsicDate(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_ParseInt")]
    [return: System.Runtime.CompilerServices.UnsafeAccessorType("Jint.Native.Global.NumberParseFunction, Jint")]
    private static extern object IntrinsicParseInt(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_ParseFloat")]
    [return: System.Runtime.CompilerServices.UnsafeAccessorType("Jint.Native.Global.NumberParseFunction, Jint")]
    private static extern object IntrinsicParseFloat(Intrinsics intrinsics);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_UriError")]
    private static extern Jint.Native.Error.ErrorConstructor IntrinsicUriError(Intrinsics intrinsics);

    public bool IsDead { get; private set; }

    public string Label => Info.Label;

    /// <summary>Unloads the page: every reference into it from another engine now throws, and nothing it held stays pinned.</summary>
    public void Kill()
    {
        if (IsDead) return;
        IsDead = true;
        SeverAllProxies();
        StopWatches();
    }

    /// <summary>Messages whose listeners in this context promised a response later (returned true or a promise).</summary>
    public HashSet<MessageExchange> AwaitingResponse { get; } = new();

    /// <summary>Connected ends of ports held by this context's scripts.</summary>
    public HashSet<PortEnd> OpenPorts { get; } = new();

    private readonly Dictionary<string, Kernel.ExtensionEvent> _events = new(StringComparer.Ordinal);

    /// <summary>Names of the events that have listeners now.</summary>
    public IReadOnlyCollection<string> EventsWithListeners() => _events.Values.Where(e => e.HasListeners).Select(e => e.Name).ToArray();

    /// <summary>The event <paramref name="name"/>, created on first use with <paramref name="rules"/> (browser.* and chrome.* share it).</summary>
    public Kernel.ExtensionEvent GetOrDefineEvent(string name, Kernel.ExtensionEventRules rules) =>
        _events.TryGetValue(name, out var existing) ? existing : _events[name] = new Kernel.ExtensionEvent(this, name, rules);

    /// <summary>The event, when this kind of context has it.</summary>
    public Kernel.ExtensionEvent? Event(string name) => _events.GetValueOrDefault(name);

    // HTML's "about-to-be-notified rejected promises": rejected with no handler yet; reported once the task's jobs have run.
    private readonly Dictionary<JsValue, JsValue> _unhandledRejections = new(ReferenceEqualityComparer.Instance);

    private void TrackRejection(object? sender, PromiseRejectionTrackerEventArgs e)
    {
        if (e.Operation == Jint.Native.Promise.PromiseRejectionOperation.Reject) _unhandledRejections[e.Promise] = e.Value ?? JsValue.Undefined;
        else _unhandledRejections.Remove(e.Promise);
    }

    private void ForgetRejectionsWith(JsValue reason)
    {
        foreach (var (promise, value) in _unhandledRejections.ToArray())
            if (ReferenceEquals(value, reason)) _unhandledRejections.Remove(promise);
    }

    /// <summary>Reports promises still rejected with no handler as <c>Uncaught (in promise) ...</c>, as a browser console does.</summary>
    public void ReportUnhandledRejections()
    {
        if (_unhandledRejections.Count == 0) return;
        var reasons = _unhandledRejections.Values.ToList();
        _unhandledRejections.Clear();
        foreach (var reason in reasons) ReportUncaught(reason);
    }

    /// <summary>A rejection nobody handles, as a browser console prints it: <c>Uncaught (in promise) ...</c>.</summary>
    public void ReportUncaught(JsValue reason) => Log("error", "Uncaught (in promise) " + ErrorReport.DescribeValue(reason));

    /// <summary>
    /// A listener's returned promise rejected, and the runtime's own reaction to it handled it: reported as uncaught,
    /// except in a service worker, whose watch over its events' promises reports it already.
    /// </summary>
    public void ReportListenerRejection(JsValue reason)
    {
        if (!Info.IsServiceWorker) ReportUncaught(reason);
    }

    private readonly JsValue _symbolFor;
    private readonly JsValue _symbolKeyFor;

    /// <summary>
    /// This realm's symbol as seen from <paramref name="to"/>: browsers share one registry among the windows of an
    /// agent, so a registered symbol is the one <paramref name="to"/> has under the same key; any other symbol is itself.
    /// </summary>
    public JsValue SymbolFor(JsSymbol symbol, ContextRealm to)
    {
        var key = Engine.Call(_symbolKeyFor, JsValue.Undefined, [symbol]);
        return key.IsUndefined() ? symbol : to.Engine.Call(to._symbolFor, JsValue.Undefined, [key]);
    }

    public JavaScriptException DeadObjectError() => new(Engine.Intrinsics.TypeError, "can't access dead object");

    public override string ToString() => Label;
}
