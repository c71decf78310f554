namespace ActorRuntime;

/// <summary>
/// The one way to drive extensions, wherever they run: in this process (the hosted runtime, <c>run</c>) or on the
/// nodes of a cluster (<c>serve</c>, <c>remote</c>). Extensions are addressed by id. Every failure is an
/// <see cref="ActorRuntimeException"/> with a stable <see cref="ActorRuntimeException.Code"/>.
/// </summary>
public interface IExtensionRuntime
{
    /// <summary>Loads an extension folder and fires install/startup; returns the extension id.</summary>
    Task<string> LoadAsync(string directory, Flavor? flavor = null, CancellationToken cancellationToken = default);

    /// <summary>The ids of the extensions this runtime can drive.</summary>
    Task<IReadOnlyList<string>> ExtensionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens <c>popup</c>, <c>options</c>, <c>sidebar</c>, <c>page:&lt;path&gt;</c> or <c>tab:&lt;url&gt;</c>; returns the context's label.</summary>
    Task<string> OpenAsync(string extensionId, string target, bool isPrivate = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a tab on <paramref name="url"/> whose web page is <paramref name="pageHtml"/> (its scripts run in the page's own
    /// world; the extension's matching content scripts run in theirs, on the same document); returns the content scripts' label.
    /// </summary>
    Task<string> OpenTabAsync(string extensionId, string url, string pageHtml, bool isPrivate = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Evaluates like a browser console in the context with that label; the result as JSON (a promise is awaited).
    /// A script that throws or rejects fails with <see cref="ScriptFailureException"/>.
    /// </summary>
    Task<Evaluation> EvaluateAsync(string extensionId, string label, string code, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acts on the page of the context with that label as a user would (click, type, check, select, submit, focus, blur) or
    /// reads an element (its text, its markup). A listener that throws is reported on the console, as in a browser, and
    /// does not fail the action.
    /// </summary>
    Task<PageActionResult> ActAsync(string extensionId, string label, PageAction action, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers the extension's requests (<c>fetch</c>, <c>XMLHttpRequest</c>) to URLs matching <paramref name="urlPattern"/>,
    /// a WebExtensions match pattern such as <c>https://ipinfo.io/*</c>, with <paramref name="response"/> from now on, for as
    /// long as the extension is loaded (the newest registration that matches answers). The runtime reaches no network: a
    /// request nothing answers fails as a browser's offline request does; the extension's own files answer its URLs. An
    /// invalid pattern or response is refused (<see cref="ExtensionRequestException"/>).
    /// </summary>
    Task RespondAsync(string extensionId, string urlPattern, ResponseSpec response, CancellationToken cancellationToken = default);

    Task CloseAsync(string extensionId, string label, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ContextsAsync(string extensionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The extension's running contexts as <c>runtime.getContexts({})</c> answers them in the extension: a JSON array of
    /// Chromium's <c>ExtensionContext</c> objects (<c>contextType</c>, <c>contextId</c>, <c>tabId</c>, <c>windowId</c>,
    /// <c>frameId</c>, <c>documentId</c>, <c>documentUrl</c>, <c>documentOrigin</c>, <c>incognito</c>; a service worker has
    /// no document fields), the background first. <see cref="ContextsAsync"/> gives the labels the runtime knows them by.
    /// </summary>
    Task<string> RuntimeContextsAsync(string extensionId, CancellationToken cancellationToken = default);

    /// <summary>Delivers an event to the extension's background (waking an event page), e.g. <c>runtime.onStartup</c>, with JSON arguments.</summary>
    Task DispatchEventAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires any event of any namespace (<c>browserAction.onClicked</c>, <c>tabs.onUpdated</c>) with a JSON array of
    /// arguments in every running context of the extension that listens, as the browser would; a suspended event page
    /// that listened for it is woken first. Returns the listeners' results as a JSON array, one entry per listener
    /// (background first), each promise awaited; <c>null</c> for a listener that returned nothing (or threw, or rejected);
    /// <c>[]</c> when nobody listens. Where the browser acts before firing, so does the runtime: <c>menus.onClicked</c> (or
    /// <c>contextMenus.onClicked</c>) with <c>[{"menuItemId": id, ...}]</c> is a user's click on that item (refused with
    /// <see cref="ExtensionRequestException"/> when the extension has no such item a user could click; a checkbox toggles,
    /// the info is completed as the flavour's browser gives it); <c>notifications.onClosed</c> takes the notification away.
    /// </summary>
    Task<string> FireAsync(string extensionId, string eventName, string argumentsJson = "[]", CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a request as the browser would (a navigation, a page's subresource) and runs it through the extension's
    /// webRequest listeners (<c>onBeforeRequest</c> to <c>onCompleted</c> or <c>onErrorOccurred</c>, their filters,
    /// <c>extraInfoSpec</c> and blocking answers) and declarativeNetRequest rules; the responses registered with
    /// <see cref="RespondAsync"/> answer it (a 3xx with a <c>Location</c> redirects it, a 401 asks <c>onAuthRequired</c>),
    /// else it fails as offline. <paramref name="detailsJson"/> may give <c>method</c>, <c>type</c> (a webRequest
    /// <c>ResourceType</c>), <c>tabId</c> (-1: no tab), <c>frameId</c>, <c>parentFrameId</c>, <c>initiator</c> (the URL of
    /// the document that made it) and <c>requestHeaders</c> (<c>[{"name","value"}]</c>); by default it is a GET of type
    /// <c>main_frame</c> in the focused window's active tab. The tab is not navigated. Bad details are refused with
    /// <see cref="ExtensionRequestException"/>.
    /// </summary>
    Task<RequestResult> RequestAsync(string extensionId, string url, string detailsJson = "{}", CancellationToken cancellationToken = default);

    /// <summary>
    /// The extension's menu items (<c>menus</c> / <c>contextMenus</c>) as its browser holds them: a JSON array of the
    /// top-level items, each <c>{"id","title","contexts",...,"children":[...]}</c> (<c>type</c>, <c>checked</c>,
    /// <c>enabled</c>, <c>visible</c> and URL patterns where they say something); <c>[]</c> when it has none. A click is
    /// fired with <see cref="FireAsync"/> (<c>menus.onClicked</c>).
    /// </summary>
    Task<string> MenusAsync(string extensionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Provides the API function <paramref name="functionName"/> (<c>find.find</c>, <c>tabs.query</c>) for the extension
    /// from now on: its calls, their arguments checked as the browser checks them, are answered by
    /// <paramref name="implementation"/> (before the runtime's own implementation, if any). Only where the extension runs in
    /// this process; elsewhere use <see cref="RunHostScriptAsync"/>.
    /// </summary>
    Task ProvideAsync(string extensionId, string functionName, ProvidedFunction implementation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a host script for the extension: JavaScript in an engine of the host's (extension code never reaches it) with
    /// <c>host.provide(name, fn)</c>, <c>host.respond(pattern, body)</c>, <c>host.fire(name, ...args)</c>,
    /// <c>host.calls()</c> and <c>host.menus()</c>. A script that throws fails with <see cref="ScriptFailureException"/>.
    /// </summary>
    Task RunHostScriptAsync(string extensionId, string code, string fileName = "host.js", CancellationToken cancellationToken = default);

    /// <summary>
    /// Clicks the extension's toolbar button as a user would, in the tab with that id (else the focused window's active
    /// tab): with the <c>activeTab</c> permission the extension may then see and script that tab; the button's popup opens,
    /// or its <c>onClicked(tab)</c> fires. A browser with no tab refuses (<see cref="ExtensionRequestException"/>).
    /// </summary>
    Task<ActionClickResult> ClickActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default);

    /// <summary>The extension's toolbar button as it shows in the tab with that id (else the focused window's active tab, else globally).</summary>
    Task<ActionState> ActionAsync(string extensionId, int? tabId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Terminates the extension's background now, as if it had gone idle, so the next event or message finds a fresh start
    /// and its global state gone: a service worker stops at once; an event page is suspended (its <c>runtime.onSuspend</c>
    /// runs first). True when it was running. A persistent background page, or a label that is no background, is refused
    /// (<see cref="ExtensionRequestException"/>).
    /// </summary>
    Task<bool> TerminateAsync(string extensionId, string label = "background", CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the extension's virtual clock forward, firing due timers in order; refused (<see cref="ExtensionRequestException"/>)
    /// where extensions run on real time.
    /// </summary>
    Task AdvanceAsync(string extensionId, TimeSpan by, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the extension has nothing running or on its way (what the last request caused has happened), starting
    /// it first if it is not running; false when it is still busy after <paramref name="timeout"/>.
    /// </summary>
    Task<bool> SettleAsync(string extensionId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Stops the extension.</summary>
    Task UnloadAsync(string extensionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The API calls extensions make from now on (see the implementation for which extensions'), each with its arguments,
    /// then its result or error: a test asserts "the extension called X with Y and got Z" on it. Calls are recorded only
    /// while someone subscribes.
    /// </summary>
    Subscription<ApiCallRecord> SubscribeCalls();

    /// <summary>Console lines from now on, tagged with their context (see the implementation for which extensions' lines).</summary>
    Subscription<ConsoleEntry> SubscribeConsole();

    /// <summary>
    /// Extensions stopped as a whole from now on (over a limit that holds over time: CPU share, memory held, timers,
    /// queued tasks), with the reason also printed on their console; requests to them are refused afterwards.
    /// </summary>
    Subscription<ExtensionHalted> SubscribeHalted();
}

/// <summary>
/// An evaluation's result as JSON, and <see cref="ConsoleMark"/>: console lines whose <see cref="ConsoleEntry.Sequence"/>
/// is above it were printed after the result (by later tasks), though a subscriber may receive them first.
/// </summary>
public sealed record Evaluation(string Json, long ConsoleMark);
