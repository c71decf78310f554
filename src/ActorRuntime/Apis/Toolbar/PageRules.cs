using System.Runtime.CompilerServices;
using System.Text.Json;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Toolbar;

/// <summary>
/// Chromium's <c>declarativeContent.onPageChanged</c> rules, kept with the extension (they outlive its pages, as in
/// Chromium) and evaluated whenever the button's look in a tab is read: a rule whose <c>PageStateMatcher</c> matches the
/// tab's URL applies its <c>ShowAction</c>/<c>ShowPageAction</c> (the button is enabled or shown there) and
/// <c>SetIcon</c>. A matcher's <c>css</c> needs the tab's document, which the rules are not evaluated against: a
/// condition with <c>css</c> does not match. Rules are replaced whole, so the supervisor's thread may read them.
/// </summary>
internal sealed class PageRules
{
    private static readonly ConditionalWeakTable<ExtensionKernel, PageRules> All = new();

    /// <summary>One rule: its id, priority, conditions' <c>pageUrl</c> filters (null: a <c>css</c> one), action types, and itself as JSON.</summary>
    private sealed record Rule(string Id, int Priority, IReadOnlyList<JsonElement?> Conditions, IReadOnlyList<string> Actions, string Json);

    private volatile IReadOnlyList<Rule> _rules = [];
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
                return call.Answer(JsValue.Undefined);
            },
            OnlyIn = [Flavor.Chrome],
        };
    }

    /// <summary>The action types of the rules whose conditions match <paramref name="url"/> (none when the extension has no rule).</summary>
    public static IReadOnlySet<string> ActionsFor(ExtensionKernel extension, string url)
    {
        if (!All.TryGetValue(extension, out var rules) || rules._rules.Count == 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return EmptySet;
        return rules._rules
            .Where(rule => rule.Conditions.Any(condition => condition is { } pageUrl && EventFilters.Matches(pageUrl, uri)))
            .SelectMany(rule => rule.Actions)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private static IEnumerable<Rule> Selected(ApiCall call)
    {
        var rules = All.TryGetValue(call.Realm.Extension, out var found) ? found._rules : [];
        if (call[0] is not ObjectInstance ids || !ids.IsArray()) return rules;
        var wanted = Enumerable.Range(0, (int)Math.Min(TypeConverter.ToNumber(ids.Get("length")), 10_000)).Select(i => TypeConverter.ToString(ids.Get(i))).ToHashSet();
        return rules.Where(rule => wanted.Contains(rule.Id));
    }

    private static JsValue Answer(ApiCall call, IEnumerable<string> json) =>
        call.Answer(new Jint.Native.Json.JsonParser(call.Realm.Engine).Parse("[" + string.Join(",", json) + "]"));

    private static JsValue AddRules(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var rules = All.GetValue(extension, _ => new PageRules());
        if (call[0] is not ObjectInstance list || !list.IsArray()) return call.Answer(new JsArray(call.Realm.Engine));
        var added = new List<Rule>();
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        for (long i = 0; i < length; i++)
        {
            if (list.Get(i) is not ObjectInstance rule) continue;
            var id = rule.Get("id") is var given && given.IsString() ? given.AsString() : $"_{Interlocked.Increment(ref rules._lastId)}_";
            if (rules._rules.Any(r => r.Id == id) || added.Any(r => r.Id == id))
                return call.Fail($"Duplicate rule ID: {id}");
            var priority = rule.Get("priority") is var p && p.IsNumber() ? (int)p.AsNumber() : 100;
            var conditions = Objects(rule.Get("conditions")).Select(PageUrl).ToList();
            var actions = Objects(rule.Get("actions")).Select(a => TypeConverter.ToString(a.Get("instanceType"))).ToList();
            var json = new JsonObjectWriter(call.Realm.Engine).Rule(id, priority, rule);
            added.Add(new Rule(id, priority, conditions, actions, json));
        }
        rules._rules = [.. rules._rules, .. added];
        return Answer(call, added.Select(r => r.Json));
    }

    private static IEnumerable<ObjectInstance> Objects(JsValue value)
    {
        if (value is not ObjectInstance list || !list.IsArray()) yield break;
        var length = Math.Min((long)TypeConverter.ToNumber(list.Get("length")), 1000);
        for (long i = 0; i < length; i++)
            if (list.Get(i) is ObjectInstance item) yield return item;
    }

    /// <summary>A condition's <c>pageUrl</c> filter as JSON; null for one that also needs the page's CSS (never matched here).</summary>
    private static JsonElement? PageUrl(ObjectInstance condition)
    {
        if (condition.Get("css") is ObjectInstance css && css.IsArray() && TypeConverter.ToNumber(css.Get("length")) > 0) return null;
        var pageUrl = condition.Get("pageUrl");
        var json = pageUrl is ObjectInstance ? ApiValueJson.Value(pageUrl, 32) : "{}";
        return JsonDocument.Parse(json).RootElement.Clone();
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
