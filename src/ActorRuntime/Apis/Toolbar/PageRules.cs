using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ActorRuntime.Browsing;
using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Toolbar;

/// <summary>
/// Chromium's <c>declarativeContent.onPageChanged</c> rules, kept with the extension (they outlive its pages, as in
/// Chromium) and evaluated whenever the button's look in a tab is read: a rule with a <c>PageStateMatcher</c> that fits
/// the tab applies its <c>ShowAction</c>/<c>ShowPageAction</c> (the button is enabled or shown there) and <c>SetIcon</c>.
/// A matcher fits when the tab's URL passes its <c>pageUrl</c> filter and every selector of its <c>css</c> matches an
/// element of the tab's document: the union of the rules' selectors is watched in every tab's document
/// (<see cref="SelectorWatch"/>), which reports the ones matching to the supervisor, kept here per tab and navigation.
/// Rules and matches are replaced whole, so the supervisor's thread may read them.
/// </summary>
internal sealed class PageRules
{
    private static readonly ConditionalWeakTable<ExtensionKernel, PageRules> All = new();

    /// <summary>One PageStateMatcher: its <c>pageUrl</c> filter as JSON (<c>{}</c> matches any URL) and its <c>css</c> selectors, all of which must match.</summary>
    private sealed record Condition(JsonElement PageUrl, IReadOnlyList<string> Css);

    /// <summary>One rule: its id, priority, conditions, action types, and itself as JSON.</summary>
    private sealed record Rule(string Id, int Priority, IReadOnlyList<Condition> Conditions, IReadOnlyList<string> Actions, string Json);

    /// <summary>Why a rule is refused, in the words of the browser (or of the runtime, for its own limits).</summary>
    private sealed class RefusedRule(string message) : Exception(message);

    private volatile IReadOnlyList<Rule> _rules = [];
    private volatile IReadOnlyList<string> _watched = [];
    private ImmutableDictionary<int, (int Navigation, IReadOnlySet<string> Selectors)> _matched = ImmutableDictionary<int, (int, IReadOnlySet<string>)>.Empty;
    private int _lastId;

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        const string Event = "declarativeContent.onPageChanged.";
        registry[Event + "addRules"] = new() { Function = AddRules, OnlyIn = [Flavor.Chrome] };
        registry[Event + "getRules"] = new() { Function = call => Answer(call, Selected(call).Select(r => r.Json)), OnlyIn = [Flavor.Chrome] };
        registry[Event + "removeRules"] = new()
        {
            Function = call =>
            {
                var rules = All.GetValue(call.Realm.Extension, _ => new PageRules());
                var removed = Selected(call).ToHashSet();
                rules._rules = rules._rules.Where(r => !removed.Contains(r)).ToArray();
                rules.Rewatch(call.Realm.Extension);
                return call.Answer(JsValue.Undefined);
            },
            OnlyIn = [Flavor.Chrome],
        };
    }

    /// <summary>The action types of the rules whose conditions fit <paramref name="tab"/> (none when the extension has no rule).</summary>
    public static IReadOnlySet<string> ActionsFor(ExtensionKernel extension, BrowserTab tab)
    {
        if (!All.TryGetValue(extension, out var rules) || rules._rules.Count == 0 || !Uri.TryCreate(tab.Url, UriKind.Absolute, out var uri)) return EmptySet;
        // What the tab's document reported, if it is the document of the tab's current navigation.
        var matched = rules._matched.TryGetValue(tab.Id, out var found) && found.Navigation == tab.Navigation ? found.Selectors : EmptySet;
        return rules._rules
            .Where(rule => rule.Conditions.Any(condition => EventFilters.Matches(condition.PageUrl, uri) && condition.Css.All(matched.Contains)))
            .SelectMany(rule => rule.Actions)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether any rule of the extension has a css matcher (its tabs then need a document to watch the selectors in).</summary>
    public static bool WatchesCss(ExtensionKernel extension) => All.TryGetValue(extension, out var rules) && rules._watched.Count > 0;

    /// <summary>From the supervisor: the watched selectors that match in the document of the tab's <paramref name="navigation"/>.</summary>
    public static void Matched(ExtensionKernel extension, int tabId, int navigation, IReadOnlyList<string> selectors)
    {
        var rules = All.GetValue(extension, _ => new PageRules());
        ImmutableInterlocked.Update(ref rules._matched, m => m.SetItem(tabId, (navigation, selectors.ToHashSet(StringComparer.Ordinal))));
    }

    /// <summary>From the supervisor: the tab closed.</summary>
    public static void ForgetTab(ExtensionKernel extension, int tabId)
    {
        if (All.TryGetValue(extension, out var rules)) ImmutableInterlocked.Update(ref rules._matched, m => m.Remove(tabId));
    }

    /// <summary>
    /// <c>new PageStateMatcher({css})</c>, before the argument is parsed: a css list longer than
    /// <c>max-css-selectors</c> or a selector longer than <c>max-selector-length</c> is refused, naming the key.
    /// </summary>
    public static void CheckMatcherLimits(ContextRealm realm, JsValue argument)
    {
        if (argument is not ObjectInstance given || given.Get("css") is not ObjectInstance css || !css.IsArray()) return;
        var limits = realm.Extension.Options.DeclarativeContent;
        var length = (long)TypeConverter.ToNumber(css.Get("length"));
        if (length > limits.MaxCssSelectors)
            throw new JavaScriptException(realm.Engine.Intrinsics.Error,
                $"a PageStateMatcher's css lists {length} selectors, more than the {limits.MaxCssSelectors} an extension may watch ({PageRuleLimits.MaxCssSelectorsKey})");
        for (long i = 0; i < length; i++)
            if (css.Get(i) is var item && item.IsString() && item.AsString().Length > limits.MaxSelectorLength)
                throw new JavaScriptException(realm.Engine.Intrinsics.Error,
                    $"a css selector of {item.AsString().Length} characters is longer than the {limits.MaxSelectorLength} accepted ({PageRuleLimits.MaxSelectorLengthKey})");
    }

    /// <summary>
    /// <c>new PageStateMatcher({css})</c>: Chromium's bindings refuse a selector that is not a list of valid compound
    /// selectors when the matcher is made (an object built by hand gets to <c>addRules</c>, and never matches).
    /// </summary>
    public static void CheckMatcher(ContextRealm realm, ObjectInstance matcher)
    {
        if (matcher.Get("css") is not ObjectInstance css || !css.IsArray()) return;
        var length = Math.Min((long)TypeConverter.ToNumber(css.Get("length")), realm.Extension.Options.DeclarativeContent.MaxCssSelectors);
        for (long i = 0; i < length; i++)
            if (css.Get(i) is var item && item.IsString() && !CompoundSelectors.IsCompoundList(item.AsString()))
                throw new JavaScriptException(realm.Engine.Intrinsics.Error, "Element of 'css' array must be a list of valid compound selectors: " + item.AsString());
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private static IEnumerable<Rule> Selected(ApiCall call)
    {
        var rules = All.TryGetValue(call.Realm.Extension, out var found) ? found._rules : [];
        if (call[0] is not ObjectInstance ids || !ids.IsArray()) return rules;
        // No more ids are read than the rules an extension may have (max-rules).
        var wanted = Enumerable.Range(0, (int)Math.Min(TypeConverter.ToNumber(ids.Get("length")), call.Realm.Extension.Options.DeclarativeContent.MaxRules)).Select(i => TypeConverter.ToString(ids.Get(i))).ToHashSet();
        return rules.Where(rule => wanted.Contains(rule.Id));
    }

    private static JsValue Answer(ApiCall call, IEnumerable<string> json) =>
        call.Answer(new Jint.Native.Json.JsonParser(call.Realm.Engine).Parse("[" + string.Join(",", json) + "]"));

    private static JsValue AddRules(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var limits = extension.Options.DeclarativeContent;
        var rules = All.GetValue(extension, _ => new PageRules());
        if (call[0] is not ObjectInstance list || !list.IsArray()) return call.Answer(new JsArray(call.Realm.Engine));
        var added = new List<Rule>();
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        try
        {
            for (long i = 0; i < length; i++)
            {
                if (list.Get(i) is not ObjectInstance rule) continue;
                if (rules._rules.Count + added.Count >= limits.MaxRules)
                    throw new RefusedRule($"the extension already has {limits.MaxRules} declarativeContent rules, the most it may ({PageRuleLimits.MaxRulesKey})");
                var id = rule.Get("id") is var given && given.IsString() ? given.AsString() : $"_{Interlocked.Increment(ref rules._lastId)}_";
                if (rules._rules.Any(r => r.Id == id) || added.Any(r => r.Id == id)) throw new RefusedRule($"Duplicate rule ID: {id}");
                var priority = rule.Get("priority") is var p && p.IsNumber() ? (int)p.AsNumber() : 100;
                var conditions = Objects(rule.Get("conditions")).Select(c => Matcher(c, limits)).ToList();
                var actions = Objects(rule.Get("actions")).Select(a => TypeConverter.ToString(a.Get("instanceType"))).ToList();
                var json = new JsonObjectWriter(call.Realm.Engine).Rule(id, priority, rule);
                added.Add(new Rule(id, priority, conditions, actions, json));
            }
            var watched = Watched([.. rules._rules, .. added]);
            if (watched.Count > limits.MaxCssSelectors)
                throw new RefusedRule($"the extension's declarativeContent rules would watch {watched.Count} css selectors, more than the {limits.MaxCssSelectors} it may ({PageRuleLimits.MaxCssSelectorsKey})");
        }
        catch (RefusedRule refused)
        {
            return call.Fail(refused.Message);
        }
        rules._rules = [.. rules._rules, .. added];
        rules.Rewatch(extension);
        return Answer(call, added.Select(r => r.Json));
    }

    /// <summary>The distinct css selectors of <paramref name="rules"/>, in the order they first appear.</summary>
    private static IReadOnlyList<string> Watched(IEnumerable<Rule> rules) =>
        rules.SelectMany(r => r.Conditions).SelectMany(c => c.Css).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>On the turn that changed the rules: every tab's document watches their selectors now, and the supervisor gives a document to tabs without one.</summary>
    private void Rewatch(ExtensionKernel extension)
    {
        var watched = Watched(_rules);
        if (watched.SequenceEqual(_watched, StringComparer.Ordinal)) return;
        _watched = watched;
        SelectorWatch.Watch(extension, watched);
        extension.Work.Send(extension.Supervisor, SupervisorSignals.WatchedSelectorsChanged.Instance);
    }

    private static IEnumerable<ObjectInstance> Objects(JsValue value)
    {
        if (value is not ObjectInstance list || !list.IsArray()) yield break;
        var length = Math.Min((long)TypeConverter.ToNumber(list.Get("length")), 1000);
        for (long i = 0; i < length; i++)
            if (list.Get(i) is ObjectInstance item) yield return item;
    }

    /// <summary>A condition's <c>pageUrl</c> filter and <c>css</c> selectors; a <c>css</c> that is not a list of strings is refused as Chromium refuses it.</summary>
    private static Condition Matcher(ObjectInstance condition, PageRuleLimits limits)
    {
        var selectors = new List<string>();
        var css = condition.Get("css");
        if (!css.IsUndefined())
        {
            if (css is not ObjectInstance list || !list.IsArray()) throw new RefusedRule("Attribute 'css' has an invalid type");
            var length = (long)TypeConverter.ToNumber(list.Get("length"));
            if (length > limits.MaxCssSelectors)
                throw new RefusedRule($"a PageStateMatcher's css lists {length} selectors, more than the {limits.MaxCssSelectors} an extension may watch ({PageRuleLimits.MaxCssSelectorsKey})");
            for (long i = 0; i < length; i++)
            {
                var item = list.Get(i);
                if (!item.IsString()) throw new RefusedRule("Attribute 'css' has an invalid type");
                var selector = item.AsString();
                if (selector.Length > limits.MaxSelectorLength)
                    throw new RefusedRule($"a css selector of {selector.Length} characters is longer than the {limits.MaxSelectorLength} accepted ({PageRuleLimits.MaxSelectorLengthKey})");
                selectors.Add(selector);
            }
        }
        var pageUrl = condition.Get("pageUrl");
        var json = pageUrl is ObjectInstance ? ApiValueJson.Value(pageUrl, 32) : "{}";
        return new Condition(JsonDocument.Parse(json).RootElement.Clone(), selectors);
    }

    /// <summary>Writes a rule as <c>getRules</c> answers it: its id and priority with the conditions and actions as given.</summary>
    private sealed class JsonObjectWriter(Engine engine)
    {
        public string Rule(string id, int priority, ObjectInstance rule)
        {
            var copy = new JsObject(engine);
            copy.FastSetDataProperty("id", id);
            copy.FastSetDataProperty("priority", priority);
            copy.FastSetDataProperty("conditions", rule.Get("conditions"));
            copy.FastSetDataProperty("actions", rule.Get("actions"));
            return ApiValueJson.Value(copy, 32);
        }
    }
}
