using ActorRuntime.Apis;
using ActorRuntime.Apis.Injection;
using ActorRuntime.Browsing;
using ActorRuntime.Contexts;
using ActorRuntime.Kernel;
using ActorRuntime.Kernel.Dnr;
using ActorRuntime.Manifest;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// The extension in a tab's child frames: each frame's document is a content context of its own (its own engines, the
/// isolated world and the page's), labelled <c>content:&lt;frame url&gt; (tab T, frame F)</c>, opened when a content
/// script with <c>all_frames</c> applies there (<c>match_about_blank</c>: an about:blank or about:srcdoc frame, by the
/// URL its origin comes from) or an injection targets the frame; closed with the tab's next navigation.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    /// <summary>The child frames of a web page being opened in a tab: its iframes, their documents from the network.</summary>
    private IReadOnlyList<PlannedFrame> PlanFrames(ContextInfo info, string html)
    {
        var network = _state.Network;
        var package = _state.Package;
        return FramePlanner.Plan(info.Url, html, _state.Options.BrowserLimits, package.Limits.MaxHtmlDepth,
            (url, parentUrl) =>
            {
                // The extension's declarativeNetRequest rules see the frame's document as a sub_frame request of the
                // document holding it; a block leaves the frame an error page. (webRequest listeners do not hear it.)
                var dnrRequest = new DnrRequest(url, WebStorage.OriginOf(parentUrl), "get", "sub_frame", info.TabId ?? -1);
                if (_state.NetRules.Evaluate(dnrRequest, DeclarativeNetRequestApi.AccessOf(_state), record: true, now: _state.Clock.GetUtcNow()).Blocks) return null;
                // Answered at once (the model's pages load at once), as the page's own request (no extension origin).
                var response = network.Answer(new NetworkRequest("GET", OfflineNetwork.WithoutFragment(url), null) { IsPrivate = info.IsPrivate, Label = info.Label }, package);
                return response is null ? null : System.Text.Encoding.UTF8.GetString(response.Body);
            },
            line => _state.Report(new ConsoleEntry("runtime", "warn", $"{info.Label}: {line}")));
    }

    /// <summary>Closes the extension's contexts in the tab made for an earlier navigation.</summary>
    private void CloseStaleViews(BrowserTab tab)
    {
        if (_tabViews is null) return;
        foreach (var (key, known) in _tabViews.Where(entry => entry.Key.Tab == tab.Id && entry.Value.Navigation != tab.Navigation).ToList())
            CloseFrameView(key);
    }

    private void EnsureFrameView(BrowserTab tab, BrowserFrame frame)
    {
        // An error page (nothing answered the frame's URL, or a rule blocked it) is not the extension's to script.
        if (frame.ErrorOccurred || FrameViewFor(tab, frame.FrameId) is not null) return;
        var scripts = FrameScripts(tab, frame);
        if (scripts.Count > 0) OpenFrameView(tab, frame, scripts);
    }

    /// <summary>
    /// The content scripts injected into a child frame: those with <c>all_frames</c> whose patterns match the frame's URL,
    /// or, for an about:blank / about:srcdoc frame with <c>match_about_blank</c>, the URL its origin comes from.
    /// </summary>
    private IReadOnlyList<ContentScriptSpec> FrameScripts(BrowserTab tab, BrowserFrame frame)
    {
        var inheriting = DocumentIds.IsInheriting(frame.Url);
        var originUrl = tab.OriginUrl(frame.FrameId);
        var found = new List<ContentScriptSpec>();
        foreach (var spec in Manifest.ContentScripts.Concat(RegisteredScriptsAt(frame.Url)))
            if (spec.AllFrames && spec.AppliesTo(frame.Url)) found.Add(spec);
        if (inheriting)
            foreach (var spec in Manifest.ContentScripts.Concat(RegisteredScriptsAt(originUrl)))
                if (spec.AllFrames && spec.MatchAboutBlank && spec.AppliesTo(originUrl) && !found.Contains(spec)) found.Add(spec);
        return found;
    }

    /// <summary>The extension's context in a frame of the tab (0: the top frame) for its current navigation, if it has one.</summary>
    private IActorRef? FrameViewFor(BrowserTab tab, int frameId) =>
        _tabViews is not null && _tabViews.TryGetValue((tab.Id, frameId), out var known) && known.Navigation == tab.Navigation && _views.TryGet(known.Label, out var view)
            ? view
            : null;

    /// <summary>Opens the extension's content context in a child frame, with the content scripts that apply there (none for an injection).</summary>
    private IActorRef? OpenFrameView(BrowserTab tab, BrowserFrame frame, IReadOnlyList<ContentScriptSpec> scripts)
    {
        var label = $"content:{frame.Url} (tab {tab.Id}, frame {frame.FrameId})";
        var info = new ContextInfo(label, ContextKind.ContentScript, tab.Incognito, frame.Url)
        {
            TabId = tab.Id,
            FrameId = frame.FrameId,
            DocumentId = frame.DocumentId,
        };
        CloseFrameView((tab.Id, frame.FrameId));
        if (_views.Contains(label)) return null;
        (_tabViews ??= new())[(tab.Id, frame.FrameId)] = (tab.Navigation, label);
        SpawnView(info, ContextSource.Tab(scripts, frame.Html), ActorRefs.Nobody);
        return _views.TryGet(label, out var view) ? view : null;
    }

    /// <summary>
    /// The frames an injection goes into, checked against the tab's document now: the top frame by default; every frame
    /// the extension may script with <c>allFrames</c>; those named by <c>frameIds</c> or <c>documentIds</c> (each must
    /// exist and be the extension's to script). Null, with the flavour's refusal, when one named cannot be.
    /// </summary>
    private IReadOnlyList<int>? InjectionFrames(TabInjection injection, BrowserTab tab, out string? refusal)
    {
        refusal = null;
        var chromium = _state.Flavor == Flavor.Chrome;
        if (injection.DocumentIds is { } documentIds)
        {
            var ids = new List<int>();
            foreach (var documentId in documentIds)
            {
                int? frameId = documentId == tab.DocumentId ? 0 : tab.Frames.FirstOrDefault(frame => frame.DocumentId == documentId)?.FrameId;
                if (frameId is null)
                {
                    refusal = $"No document with id {documentId} in tab with id {tab.Id}";
                    return null;
                }
                if (frameId.Value != 0 && !MayScript(tab, frameId.Value))
                {
                    refusal = chromium ? ScriptAccess.ChromiumCannotAccessPage : "Frame not found, or missing host permission";
                    return null;
                }
                if (!ids.Contains(frameId.Value)) ids.Add(frameId.Value);
            }
            return ids;
        }
        if (injection.AllFrames) return [0, .. tab.Frames.Where(frame => MayScript(tab, frame.FrameId)).Select(frame => frame.FrameId)];
        if (injection.FrameIds is not { } named) return [0];
        var chosen = new List<int>();
        foreach (var frameId in named)
        {
            if (!tab.HasFrame(frameId) || (frameId != 0 && !MayScript(tab, frameId)))
            {
                refusal = !chromium ? "Frame not found, or missing host permission"
                    : tab.HasFrame(frameId) ? ScriptAccess.ChromiumCannotAccessPage
                    : injection.Caller.Form == ResultForm.Values ? $"No frame with id {frameId} in tab {tab.Id}." : $"No frame with id {frameId} in tab with id {tab.Id}";
                return null;
            }
            if (!chosen.Contains(frameId)) chosen.Add(frameId);
        }
        return chosen;
    }

    /// <summary>Whether the extension may script the frame's document: a host permission for the URL its origin comes from, or the tab's activeTab grant.</summary>
    private bool MayScript(BrowserTab tab, int frameId)
    {
        var url = tab.OriginUrl(frameId);
        return ScriptAccess.IsWebPage(url) && (ScriptAccess.HoldsHostPermission(_state, url) || _state.Browser.HasActiveTab(_state.Package.Id, tab.Id));
    }

    /// <summary>The extension's context in the frame, opened (with no content scripts) when it has none there; null when none can be.</summary>
    private IActorRef? ViewForInjection(BrowserTab tab, int frameId)
    {
        if (frameId == 0) return TabViewFor(tab) ?? OpenContentView(tab);
        return FrameViewFor(tab, frameId) ?? (tab.Frame(frameId) is { } frame ? OpenFrameView(tab, frame, []) : null);
    }
}
