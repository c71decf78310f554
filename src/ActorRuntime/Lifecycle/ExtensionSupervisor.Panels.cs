using ActorRuntime.Apis;
using ActorRuntime.Apis.Panels;
using ActorRuntime.Contexts;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using static ActorRuntime.Kernel.PanelSignals;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Chromium's offscreen document (one per extension, the context labelled <c>offscreen</c>) and side panel (the context
/// labelled <c>sidebar</c>, as Firefox's sidebar is), and the extension's contexts as <c>runtime.getContexts</c> lists them
/// for the host. Neither a side panel nor an offscreen document is a reason of its own to keep a worker running.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private const string OffscreenLabel = "offscreen";
    private const string SidebarLabel = "sidebar";

    /// <summary>What the host asks of the supervisor about the extension's contexts.</summary>
    public static class PanelProtocol
    {
        /// <summary>The running contexts as <c>runtime.getContexts({})</c> gives them; replies <see cref="RuntimeContextList"/>.</summary>
        public sealed record ListRuntimeContexts : INoSerializationVerificationNeeded
        {
            public static readonly ListRuntimeContexts Instance = new();
        }

        /// <summary>A JSON array of Chromium's <c>ExtensionContext</c> objects.</summary>
        public sealed record RuntimeContextList(string Json) : INoSerializationVerificationNeeded;
    }

    /// <summary>The messages of this part; false for any other.</summary>
    private bool OnPanelMessage(object message)
    {
        switch (message)
        {
            case CreateOffscreen create: OnCreateOffscreen(create); return true;
            case CloseOffscreen: OnCloseOffscreen(); return true;
            case HasOffscreen: Sender.Tell(new OffscreenState(_views.Contains(OffscreenLabel))); return true;
            case OpenSidePanel open: OnOpenSidePanel(open); return true;
            case PanelProtocol.ListRuntimeContexts:
                Sender.Tell(new PanelProtocol.RuntimeContextList(RuntimeContexts.Json(RuntimeContexts.Describe(_state, RunningContexts()))));
                return true;
            default: return false;
        }
    }

    private void OnCreateOffscreen(CreateOffscreen create)
    {
        // A document still loading counts: Chromium's manager holds it from the call on.
        if (_views.Contains(OffscreenLabel))
        {
            Fail(SingleOffscreenDocument);
            return;
        }
        SpawnView(new ContextInfo(OffscreenLabel, ContextKind.Offscreen, create.IsPrivate, create.Url), ContextSource.Page(create.Path), Sender);
    }

    private void OnCloseOffscreen()
    {
        if (!_views.Contains(OffscreenLabel)) Fail(NoOffscreenDocument);
        else OnCloseView(new CloseView(OffscreenLabel)); // the document answers once it has gone
    }

    /// <summary>Shows the page in the side panel: a panel already showing it stays; one showing another page is replaced.</summary>
    private void OnOpenSidePanel(OpenSidePanel open)
    {
        string relative;
        try
        {
            relative = _state.Package.Resolve(open.Path);
        }
        catch (ManifestException ex)
        {
            Fail($"cannot open the side panel: {ex.Message}");
            return;
        }
        var query = open.Path.IndexOfAny(['?', '#']) is var at and >= 0 ? open.Path[at..] : "";
        var url = _state.Identity.BaseUrl + relative + query;
        if (_views.Info(SidebarLabel) is { } shown)
        {
            if (OpenRequests.ContainsKey(SidebarLabel))
            {
                Fail("the side panel is still opening");
                return;
            }
            if (shown.Url == url)
            {
                Sender.Tell(new ViewOpened(SidebarLabel));
                return;
            }
            _views.Remove(SidebarLabel, out var replaced);
            KeepAliveChanged();
            replaced.Tell(ContextProtocol.Close.Instance, ActorRefs.Nobody);
        }
        SpawnView(new ContextInfo(SidebarLabel, ContextKind.Sidebar, open.IsPrivate, url), ContextSource.Page(relative), Sender);
    }

    /// <summary>For <c>--open sidebar</c> in the chrome flavour: the side panel's page by its default options (the manifest's unless changed).</summary>
    private string? ChromiumPanelPath() =>
        _state.Flavor == Flavor.Chrome ? SidePanelSettings.Options(_state, null) is { Available: true } options ? options.Path : null : null;

    /// <summary>
    /// A click on the button where <c>setPanelBehavior({openPanelOnActionClick: true})</c> holds and a panel is available
    /// for the tab: the panel opens (before any popup or onClicked, as Chromium's button does); false when the click goes on.
    /// </summary>
    private bool OpenPanelOnClick(Browsing.BrowserTab tab)
    {
        if (_state.Flavor != Flavor.Chrome || SidePanelSettings.IfAny(_state) is not { OpenOnActionClick: true }) return false;
        if (SidePanelSettings.Options(_state, tab.Id) is not { Available: true } options) return false;
        OnOpenSidePanel(new OpenSidePanel(options.Path!, tab.Incognito));
        return true;
    }

    /// <summary>The running contexts: the backgrounds that have an actor, then the open views.</summary>
    private IEnumerable<ContextInfo> RunningContexts()
    {
        foreach (var slot in Slots())
        {
            if (slot.Actor is not null) yield return BackgroundContext(slot).Info;
        }
        foreach (var info in _views.Infos) yield return info;
    }
}
