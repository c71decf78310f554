using System.Runtime.CompilerServices;
using ActorRuntime.Kernel;
using AngleSharp.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// Chromium's content watcher for <c>declarativeContent</c>: the browser hands every tab's renderer the css selectors of
/// the extension's rules, and the renderer tells it which of them match an element of the tab's top document, again
/// whenever the document changes. Here a tab's document is checked once a turn after a change (a mutation, or a change
/// of the watched selectors), and the supervisor told the matching set on the first check and whenever it changes.
/// Everything here is touched only on the extension's turn: the rules change on a context's turn, the documents change
/// and are checked on theirs.
/// </summary>
internal sealed class SelectorWatch
{
    /// <summary>What one extension watches, and the tab documents watching it.</summary>
    private sealed class Watched
    {
        public IReadOnlyList<string> Selectors = [];

        /// <summary>
        /// The selectors that can match: a list of compound selectors that parses. Picked once per change of the rules, not
        /// on every check (a matcher built by hand, not through PageStateMatcher, reaches the rules unchecked and never matches).
        /// </summary>
        public string[] Matchable = [];

        public readonly List<WeakReference<SelectorWatch>> Documents = [];

        public List<SelectorWatch> Live()
        {
            var live = new List<SelectorWatch>();
            Documents.RemoveAll(d => !d.TryGetTarget(out var watch) || watch._dom.Realm.IsDead);
            foreach (var document in Documents)
                if (document.TryGetTarget(out var watch)) live.Add(watch);
            return live;
        }
    }

    private static readonly ConditionalWeakTable<ExtensionKernel, Watched> All = new();

    // A document's watch lives as long as its binding: the list above only points at it.
    private static readonly ConditionalWeakTable<DomBinding, SelectorWatch> ByDocument = new();

    private readonly DomBinding _dom;
    private readonly int _tabId;
    private readonly Watched _watched;
    private MutationObserver? _observer;
    private bool _scheduled;
    private string[]? _reported;

    private SelectorWatch(DomBinding dom, int tabId, Watched watched)
    {
        _dom = dom;
        _tabId = tabId;
        _watched = watched;
    }

    /// <summary>The rules changed: their css selectors (distinct, each bounded in length when the rule was added) are what every tab's document watches now.</summary>
    public static void Watch(ExtensionKernel extension, IReadOnlyList<string> selectors)
    {
        var watched = All.GetValue(extension, _ => new Watched());
        if (watched.Selectors.SequenceEqual(selectors, StringComparer.Ordinal)) return;
        watched.Selectors = selectors;
        watched.Matchable = selectors.Where(CompoundSelectors.IsCompoundList).ToArray();
        foreach (var watch in watched.Live()) watch.SelectorsChanged();
    }

    /// <summary>A tab's document (a content-script context's page) starts watching what the extension's rules watch.</summary>
    public static void Attach(DomBinding dom)
    {
        // declarativeContent is Chromium's alone: the other flavours have no rules to watch for.
        // Chromium watches the top frame's document (the frames' own documents report nothing here).
        if (dom.Flavor != Flavor.Chrome || dom.Realm.Info is not { Kind: ContextKind.ContentScript, TabId: { } tabId, FrameId: 0 } || ByDocument.TryGetValue(dom, out _)) return;
        var watched = All.GetValue(dom.Realm.Extension, _ => new Watched());
        var watch = new SelectorWatch(dom, tabId, watched);
        ByDocument.Add(dom, watch);
        watched.Live(); // the closed tabs' documents go first
        watched.Documents.Add(new WeakReference<SelectorWatch>(watch));
        if (watched.Selectors.Count > 0) watch.SelectorsChanged();
    }

    private void SelectorsChanged()
    {
        // Mutations are observed only while something is watched: a page's changes cost nothing otherwise.
        if (_watched.Matchable.Length > 0 && _observer is null)
        {
            _observer = new MutationObserver((_, _) => Schedule());
            _observer.Connect(_dom.Document, childList: true, subtree: true, attributes: true, characterData: false,
                attributeOldValue: false, characterDataOldValue: false, attributeFilter: null);
        }
        else if (_watched.Matchable.Length == 0 && _observer is not null)
        {
            _observer.Disconnect();
            _observer = null;
        }
        Schedule();
    }

    /// <summary>One check a turn, however many mutations the turn made: it runs as a task of its own after them.</summary>
    private void Schedule()
    {
        if (_scheduled || _dom.Realm.IsDead) return;
        _scheduled = true;
        var extension = _dom.Realm.Extension;
        // The runtime's own task, at most one per document at a time: not the page's to count against its task limit.
        using (extension.Loop.ExemptFromLimit())
            extension.Loop.Post(_dom.Realm, Check);
    }

    private void Check()
    {
        _scheduled = false;
        if (_dom.Realm.IsDead) return;
        var matched = Matching(_dom.Document, _watched.Matchable);
        if (_reported is not null && _reported.SequenceEqual(matched, StringComparer.Ordinal)) return;
        _reported = matched;
        var extension = _dom.Realm.Extension;
        extension.Work.Send(extension.Supervisor, new SupervisorSignals.WatchedSelectorsMatched(_tabId, _dom.Realm.Info.Label, matched));
    }

    /// <summary>The selectors of <paramref name="selectors"/> (compound lists that parse) that match an element of <paramref name="document"/>; one too costly for the tree matches nothing.</summary>
    private static string[] Matching(IDocument document, string[] selectors)
    {
        if (selectors.Length == 0) return [];
        int? depth = null;
        var matched = new List<string>();
        foreach (var selector in selectors)
        {
            // :is() and :not() may still hold combinators: those are held to the bound every query is held to.
            if (SelectorCost.TooCostly(selector, depth ??= SelectorCost.TreeDepth(document))) continue;
            try
            {
                if (document.QuerySelector(selector) is not null) matched.Add(selector);
            }
            catch (DomException)
            {
                // Blink skips a selector it cannot parse: it never matches.
            }
        }
        return [.. matched];
    }
}

/// <summary>
/// Chromium watches only compound selectors (no combinator: <c>input[type='password']</c>, <c>video.player</c>), or lists
/// of them, as they are cheap to match; a PageStateMatcher given anything else is refused when it is made.
/// </summary>
internal static class CompoundSelectors
{
    [ThreadStatic] private static IDocument? _blank;

    /// <summary>Whether <paramref name="selector"/> parses and each selector of the list is compound (a combinator may appear only inside a pseudo-class's parentheses).</summary>
    public static bool IsCompoundList(string selector) => !HasTopLevelCombinator(selector) && Parses(selector);

    private static bool Parses(string selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return false;
        _blank ??= new AngleSharp.Html.Parser.HtmlParser().ParseDocument("");
        try
        {
            _blank.QuerySelector(selector);
            return true;
        }
        catch (DomException)
        {
            return false;
        }
    }

    private static bool HasTopLevelCombinator(string selector)
    {
        var nesting = 0;
        char? quote = null;
        var inCompound = false;
        var spaceAfterCompound = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (c == '\\')
            {
                i++;
                inCompound = true;
                continue;
            }
            if (quote is { } q)
            {
                if (c == q) quote = null;
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = c;
                continue;
            }
            if (c is '(' or '[') nesting++;
            else if (c is ')' or ']') nesting--;
            if (nesting > 0 || c is ')' or ']')
            {
                if (spaceAfterCompound) return true;
                inCompound = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                spaceAfterCompound = inCompound;
                continue;
            }
            if (c is '>' or '+' or '~') return true;
            if (c == ',')
            {
                inCompound = false;
                spaceAfterCompound = false;
                continue;
            }
            // A compound followed by whitespace and then another compound: the descendant combinator.
            if (spaceAfterCompound) return true;
            inCompound = true;
        }
        return false;
    }
}
