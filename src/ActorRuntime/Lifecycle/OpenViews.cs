using ActorRuntime.Kernel;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>The views a supervisor has open (popup, options, sidebar, extension tabs, content scripts), by label, with who each is.</summary>
internal sealed class OpenViews
{
    // Made with the first view: most of a node's extensions are suspended with none, and an empty dictionary costs 80 bytes.
    private Dictionary<string, (IActorRef Actor, ContextInfo Info)>? _opened;
    private static readonly Dictionary<string, (IActorRef Actor, ContextInfo Info)> None = new(StringComparer.Ordinal);

    // Read-only where none was opened yet (removing from it finds nothing).
    private Dictionary<string, (IActorRef Actor, ContextInfo Info)> Views => _opened ?? None;

    public int Count => Views.Count;

    public IEnumerable<string> Labels => Views.Keys;

    public IEnumerable<IActorRef> Actors => Views.Values.Select(view => view.Actor);

    /// <summary>Who the open views are, in opening order.</summary>
    public IEnumerable<ContextInfo> Infos => Views.Values.Select(view => view.Info);

    /// <summary>Who the view with that label is, if it is open.</summary>
    public ContextInfo? Info(string label) => Views.TryGetValue(label, out var view) ? view.Info : null;

    public bool Contains(string label) => Views.ContainsKey(label);

    public void Add(ContextInfo info, IActorRef actor) => (_opened ??= new(StringComparer.Ordinal))[info.Label] = (actor, info);

    public bool TryGet(string label, out IActorRef actor)
    {
        var found = Views.TryGetValue(label, out var view);
        actor = view.Actor;
        return found;
    }

    public bool Remove(string label, out IActorRef actor) => Remove(label, out actor, out _);

    public bool Remove(string label, out IActorRef actor, out ContextInfo info)
    {
        var found = Views.Remove(label, out var view);
        actor = view.Actor;
        info = view.Info;
        return found;
    }

    /// <summary>The views running in the browser's tab <paramref name="tabId"/>.</summary>
    public IReadOnlyList<string> InTab(int tabId) =>
        Views.Where(view => view.Value.Info.TabId == tabId).Select(view => view.Key).ToList();

    /// <summary>Forgets the views <paramref name="actor"/> was; returns their labels.</summary>
    public IReadOnlyList<string> RemoveActor(IActorRef actor)
    {
        var labels = Views.Where(view => view.Value.Actor.Equals(actor)).Select(view => view.Key).ToList();
        foreach (var label in labels) Views.Remove(label);
        return labels;
    }

    /// <summary>
    /// The views that keep a Chromium event page alive: every open extension view but side panels (content scripts are
    /// no views); with split profiles, only those of the background's own profile.
    /// </summary>
    public int KeepingAlive(bool splitProfiles, bool isPrivate) =>
        Views.Values.Count(view => view.Info.Kind is not (ContextKind.Sidebar or ContextKind.ContentScript)
                                    && (!splitProfiles || view.Info.IsPrivate == isPrivate));
}
