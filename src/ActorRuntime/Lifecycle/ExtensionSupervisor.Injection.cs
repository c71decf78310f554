using ActorRuntime.Apis;
using ActorRuntime.Apis.Injection;
using ActorRuntime.Apis.Tabs;
using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Injections into tabs: the content scripts that apply to a page (the manifest's and those the extension registered),
/// and what the extension injects itself (<c>scripting.executeScript</c>, <c>insertCSS</c>, ...), handed to the tab's
/// content context for its current navigation, which is opened for it (with no content scripts) when there is none.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    /// <summary>Whether any content script of the extension is injected into a page at <paramref name="url"/>.</summary>
    private bool ContentScriptsApply(string url) => Manifest.ContentScripts.Any(scripts => scripts.AppliesTo(url)) || RegisteredScriptsAt(url).Count > 0;

    private IReadOnlyList<ContentScriptSpec> RegisteredScriptsAt(string url) => RegisteredScripts.At(_state, url);

    /// <summary>For an open request: the registered scripts of a <c>tab:&lt;url&gt;</c>; null for anything else.</summary>
    private IReadOnlyList<ContentScriptSpec>? RegisteredScriptsFor(string target) =>
        target.StartsWith("tab:", StringComparison.Ordinal) ? RegisteredScriptsAt(target[4..]) : null;

    private void OnTabInjection(TabInjection injection)
    {
        var caller = injection.Caller;
        if (_halted)
        {
            injection.Delivered.TrySetResult(HaltedMessage);
            return;
        }
        // Checked again here: the tab may have closed or navigated since the call looked at it.
        if (_state.Browser.Tab(injection.TabId) is not { } tab || !TabJson.Visible(_state, tab.Incognito))
        {
            injection.Delivered.TrySetResult(caller.NoTab(injection.TabId));
            return;
        }
        if (ScriptAccess.Refusal(_state, tab) is { } refusal)
        {
            injection.Delivered.TrySetResult(refusal);
            return;
        }
        if (InjectionFrames(injection, tab, out var frameRefusal) is not { } frameIds)
        {
            injection.Delivered.TrySetResult(frameRefusal);
            return;
        }
        // Each frame's document is its own context: all are found (or opened) before any is sent the injection.
        var views = new List<(int FrameId, IActorRef View)>();
        foreach (var frameId in frameIds)
        {
            if (tab.Discarded || ViewForInjection(tab, frameId) is not { } view)
            {
                injection.Delivered.TrySetResult(caller.NoDocument(tab.Id, frameId));
                return;
            }
            views.Add((frameId, view));
        }
        caller.Expect(frameIds);
        foreach (var (frameId, view) in views) _state.Work.Send(view, injection.ForFrame(frameId));
        injection.Delivered.TrySetResult(null);
    }

    /// <summary>The extension's context in the tab's top frame for its current navigation, if it has one.</summary>
    private IActorRef? TabViewFor(BrowserTab tab) => FrameViewFor(tab, 0);

    /// <summary>Opens the extension's content context in a tab none of its content scripts applied to (an injection needs one).</summary>
    private IActorRef? OpenContentView(BrowserTab tab)
    {
        ContextInfo info;
        Contexts.ContextSource source;
        try
        {
            (info, source) = ViewTargets.Resolve(_state.Package, _state.Identity.BaseUrl, "tab:" + tab.Url, tab.Incognito, registered: RegisteredScriptsAt(tab.Url));
        }
        catch (ExtensionRequestException)
        {
            return null;
        }
        CloseFrameView((tab.Id, 0));
        var label = _views.Contains(info.Label) ? $"{info.Label} (tab {tab.Id})" : info.Label;
        info = info with { Label = label, TabId = tab.Id, DocumentId = tab.DocumentId };
        (_tabViews ??= new())[(tab.Id, 0)] = (tab.Navigation, label);
        SpawnView(info, source, ActorRefs.Nobody);
        return _views.TryGet(label, out var view) ? view : null;
    }
}
