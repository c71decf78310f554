using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>A script's <c>URL</c>: its record and the <c>searchParams</c> object that stays with it.</summary>
internal sealed class UrlObject
{
    public UrlObject(UrlRecord record)
    {
        Record = record;
        SearchParams = new SearchParamsList(this);
        SearchParams.Reload();
    }

    public UrlRecord Record { get; set; }
    public SearchParamsList SearchParams { get; }
}

/// <summary>A <c>URLSearchParams</c>' list of pairs; one a URL owns writes its query back on every change.</summary>
internal sealed class SearchParamsList(UrlObject? owner = null)
{
    public List<(string Name, string Value)> Pairs { get; } = [];

    /// <summary>The URL Standard's "update": the owning URL's query becomes the list serialized (none when empty).</summary>
    public void Update()
    {
        if (owner is null) return;
        var query = FormUrlEncoded.Serialize(Pairs);
        owner.Record.Query = query.Length == 0 ? null : query;
    }

    /// <summary>The owning URL's query changed (<c>href</c>, <c>search</c>): the list is parsed from it again, in place.</summary>
    public void Reload()
    {
        Pairs.Clear();
        if (owner?.Record.Query is { } query) Pairs.AddRange(FormUrlEncoded.Parse(query));
    }
}

/// <summary>An iterator over a <c>URLSearchParams</c>, live as Web IDL's pair iterators are.</summary>
internal sealed class SearchParamsIterator(SearchParamsList list, SearchParamsIterator.Kind kind)
{
    public enum Kind { Keys, Values, Entries }

    public SearchParamsList List { get; } = list;
    public Kind What { get; } = kind;
    public int Index { get; set; }
}

/// <summary>
/// <c>URL</c> and <c>URLSearchParams</c> (URL Standard) over <see cref="UrlRecord"/>: the constructor throws the
/// flavour's TypeError for what does not parse, every attribute reads and writes its component, <c>searchParams</c> is
/// the same live object each time, and <c>URL.canParse</c>/<c>URL.parse</c> are there.
/// </summary>
internal static class UrlInterfaces
{
    public static readonly DomInterface URL = DomInterface.Define<UrlObject>("URL", null, m => m
        .Constructible(1, (dom, args) =>
        {
            if (args.Length == 0) throw ArgumentsRequired(dom, "URL", 1, 0);
            return new UrlObject(Parse(dom, args) ?? throw Invalid(dom, args));
        })
        .Property("href", (_, u) => u.Record.Href, (dom, u, v) =>
        {
            var text = Usv(dom, v);
            u.Record = UrlRecord.Parse(text) ?? throw dom.TypeError(dom.Flavor == Flavor.Chrome
                ? "Failed to set the 'href' property on 'URL': Invalid URL"
                : $"URL.href setter: {text} is not a valid URL.");
            u.SearchParams.Reload();
        })
        .Get("origin", (_, u) => u.Record.Origin)
        .Property("protocol", (_, u) => u.Record.Scheme + ":", (dom, u, v) => u.Record.SetProtocol(Usv(dom, v)))
        .Property("username", (_, u) => u.Record.Username, (dom, u, v) => u.Record.SetUsername(Usv(dom, v)))
        .Property("password", (_, u) => u.Record.Password, (dom, u, v) => u.Record.SetPassword(Usv(dom, v)))
        .Property("host", (_, u) => u.Record.HostAndPort, (dom, u, v) => u.Record.SetHost(Usv(dom, v), withPort: true))
        .Property("hostname", (_, u) => u.Record.Host ?? "", (dom, u, v) => u.Record.SetHost(Usv(dom, v), withPort: false))
        .Property("port", (_, u) => u.Record.Port, (dom, u, v) => u.Record.SetPort(Usv(dom, v)))
        .Property("pathname", (_, u) => u.Record.Path, (dom, u, v) => u.Record.SetPathname(Usv(dom, v)))
        .Property("search", (_, u) => string.IsNullOrEmpty(u.Record.Query) ? "" : "?" + u.Record.Query, (dom, u, v) =>
        {
            u.Record.SetSearch(Usv(dom, v));
            u.SearchParams.Reload();
        })
        .Get("searchParams", (dom, u) => dom.Wrap(u.SearchParams))
        .Property("hash", (_, u) => string.IsNullOrEmpty(u.Record.Fragment) ? "" : "#" + u.Record.Fragment, (dom, u, v) => u.Record.SetHash(Usv(dom, v)))
        .Method("toString", 0, (_, u, _) => u.Record.Href)
        .Method("toJSON", 0, (_, u, _) => u.Record.Href)
        .WithSymbols((dom, _, constructor) =>
        {
            Static(dom, constructor, "canParse", args => Boolean(Parse(dom, Checked(dom, args, "canParse")) is not null));
            Static(dom, constructor, "parse", args => Parse(dom, Checked(dom, args, "parse")) is { } record ? dom.Wrap(new UrlObject(record)) : JsValue.Null);
        }));

    public static readonly DomInterface URLSearchParams = DomInterface.Define<SearchParamsList>("URLSearchParams", null, m => m
        .Constructible(0, (dom, args) =>
        {
            var list = new SearchParamsList();
            Initialize(dom, list, Argument(args, 0));
            return list;
        })
        .Get("size", (_, p) => p.Pairs.Count)
        .Method("append", 2, (dom, p, args) =>
        {
            p.Pairs.Add((UsvArgument(dom, args, 0, "append"), UsvArgument(dom, args, 1, "append")));
            p.Update();
            return JsValue.Undefined;
        })
        .Method("delete", 1, (dom, p, args) =>
        {
            var name = UsvArgument(dom, args, 0, "delete");
            var value = OptionalValue(dom, args);
            p.Pairs.RemoveAll(pair => pair.Name == name && (value is null || pair.Value == value));
            p.Update();
            return JsValue.Undefined;
        })
        .Method("get", 1, (dom, p, args) =>
        {
            var name = UsvArgument(dom, args, 0, "get");
            return p.Pairs.FindIndex(pair => pair.Name == name) is var at and >= 0 ? p.Pairs[at].Value : JsValue.Null;
        })
        .Method("getAll", 1, (dom, p, args) =>
        {
            var name = UsvArgument(dom, args, 0, "getAll");
            return ElementInterfaces.JsArray(dom, p.Pairs.Where(pair => pair.Name == name).Select(pair => (JsValue)pair.Value));
        })
        .Method("has", 1, (dom, p, args) =>
        {
            var name = UsvArgument(dom, args, 0, "has");
            var value = OptionalValue(dom, args);
            return Boolean(p.Pairs.Any(pair => pair.Name == name && (value is null || pair.Value == value)));
        })
        .Method("set", 2, (dom, p, args) =>
        {
            var name = UsvArgument(dom, args, 0, "set");
            var value = UsvArgument(dom, args, 1, "set");
            var first = p.Pairs.FindIndex(pair => pair.Name == name);
            if (first < 0) p.Pairs.Add((name, value));
            else
            {
                p.Pairs[first] = (name, value);
                for (var i = p.Pairs.Count - 1; i > first; i--)
                    if (p.Pairs[i].Name == name) p.Pairs.RemoveAt(i);
            }
            p.Update();
            return JsValue.Undefined;
        })
        .Method("sort", 0, (_, p, _) =>
        {
            // A stable sort by name in UTF-16 code units, as the standard asks.
            var sorted = p.Pairs.OrderBy(pair => pair.Name, StringComparer.Ordinal).ToList();
            p.Pairs.Clear();
            p.Pairs.AddRange(sorted);
            p.Update();
            return JsValue.Undefined;
        })
        .Method("toString", 0, (_, p, _) => FormUrlEncoded.Serialize(p.Pairs))
        .Method("forEach", 1, (dom, p, args) =>
        {
            var callback = Argument(args, 0);
            if (!callback.IsCallable())
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to execute 'forEach' on 'URLSearchParams': The callback provided as parameter 1 is not a function."
                    : "URLSearchParams.forEach: Argument 1 is not callable.");
            var self = dom.Wrap(p);
            // Live, as Web IDL's forEach: pairs added while it runs are visited too.
            for (var i = 0; i < p.Pairs.Count; i++)
                dom.Engine.Call(callback, Argument(args, 1), [p.Pairs[i].Value, p.Pairs[i].Name, self]);
            return JsValue.Undefined;
        })
        .Method("entries", 0, (dom, p, _) => dom.Wrap(new SearchParamsIterator(p, SearchParamsIterator.Kind.Entries)))
        .Method("keys", 0, (dom, p, _) => dom.Wrap(new SearchParamsIterator(p, SearchParamsIterator.Kind.Keys)))
        .Method("values", 0, (dom, p, _) => dom.Wrap(new SearchParamsIterator(p, SearchParamsIterator.Kind.Values)))
        .WithSymbols((_, prototype, _) =>
            prototype.DefineOwnProperty(GlobalSymbolRegistry.Iterator, new PropertyDescriptor(prototype.Get("entries"), PropertyFlag.Configurable | PropertyFlag.Writable))));

    /// <summary>The iterators <c>entries()</c>, <c>keys()</c> and <c>values()</c> return (not a global name, as in browsers).</summary>
    public static readonly DomInterface Iterator = DomInterface.Define<SearchParamsIterator>("URLSearchParams Iterator", null, m => m
        .Method("next", 0, (dom, it, _) =>
        {
            var result = new JsObject(dom.Engine);
            if (it.Index >= it.List.Pairs.Count)
            {
                result.FastSetDataProperty("value", JsValue.Undefined);
                result.FastSetDataProperty("done", JsBoolean.True);
                return result;
            }
            var (name, value) = it.List.Pairs[it.Index++];
            result.FastSetDataProperty("value", it.What switch
            {
                SearchParamsIterator.Kind.Keys => (JsValue)name,
                SearchParamsIterator.Kind.Values => value,
                _ => new JsArray(dom.Engine, [name, value]),
            });
            result.FastSetDataProperty("done", JsBoolean.False);
            return result;
        })
        .WithSymbols((dom, prototype, _) =>
        {
            // %IteratorPrototype% above it (so for...of and spread work on it); no constructor of its own.
            var generator = (ObjectInstance)dom.Engine.Evaluate(in GeneratorScript);
            prototype.Prototype = ((ObjectInstance)generator.Get("prototype")).Prototype?.Prototype ?? prototype.Prototype;
            prototype.RemoveOwnProperty("constructor");
        }));

    private static readonly Prepared<Acornima.Ast.Script> GeneratorScript = Engine.PrepareScript("(function* () {})", "url-iterator");

    public static readonly DomInterface[] All = [URL, URLSearchParams];

    public static DomInterface? For(object target) => target switch
    {
        UrlObject => URL,
        SearchParamsList => URLSearchParams,
        SearchParamsIterator => Iterator,
        _ => null,
    };

    /// <summary>The URL the arguments give (a base resolved first), or null when the URL or its base does not parse.</summary>
    private static UrlRecord? Parse(DomBinding dom, JsValue[] args)
    {
        var text = Usv(dom, args[0]);
        if (args.Length < 2 || args[1].IsUndefined()) return UrlRecord.Parse(text);
        return UrlRecord.Parse(Usv(dom, args[1])) is { } baseUrl ? UrlRecord.Parse(text, baseUrl) : null;
    }

    private static JsValue[] Checked(DomBinding dom, JsValue[] args, string member)
    {
        dom.Required(args, 0, member, "URL");
        return args;
    }

    /// <summary>The browsers' TypeError for a URL (or base) that does not parse.</summary>
    private static JavaScriptException Invalid(DomBinding dom, JsValue[] args)
    {
        var url = Usv(dom, args[0]);
        var baseText = args.Length > 1 && !args[1].IsUndefined() ? Usv(dom, args[1]) : null;
        var baseFails = baseText is not null && UrlRecord.Parse(baseText) is null;
        if (dom.Flavor == Flavor.Chrome)
            return dom.TypeError(baseFails ? "Failed to construct 'URL': Invalid base URL" : "Failed to construct 'URL': Invalid URL");
        return dom.TypeError($"URL constructor: {(baseFails ? baseText : url)} is not a valid URL.");
    }

    public static JavaScriptException ArgumentsRequired(DomBinding dom, string name, int required, int given) =>
        dom.TypeError(dom.Flavor == Flavor.Chrome
            ? $"Failed to construct '{name}': {required} argument{(required == 1 ? "" : "s")} required, but only {given} present."
            : $"{name} constructor: At least {required} argument{(required == 1 ? "" : "s")} required, but only {given} passed");

    private static void Static(DomBinding dom, ObjectInstance constructor, string name, Func<JsValue[], JsValue> body) =>
        constructor.FastSetProperty(name, new PropertyDescriptor(
            new ClrFunction(dom.Engine, name, (_, args) => body(args), 1, PropertyFlag.Configurable), PropertyFlag.ConfigurableEnumerableWritable));

    private static string Usv(DomBinding dom, JsValue value) => FormUrlEncoded.Usv(dom.DomString(value));

    private static string UsvArgument(DomBinding dom, JsValue[] args, int index, string member) =>
        FormUrlEncoded.Usv(dom.Required(args, index, member, "URLSearchParams"));

    private static string? OptionalValue(DomBinding dom, JsValue[] args) => args.Length > 1 && !args[1].IsUndefined() ? Usv(dom, args[1]) : null;

    /// <summary>
    /// The constructor's argument, as Web IDL converts <c>(sequence&lt;sequence&lt;USVString&gt;&gt; or
    /// record&lt;USVString, USVString&gt; or USVString)</c>: an iterable of pairs, an object's own enumerable properties,
    /// or a query string (a leading "?" dropped).
    /// </summary>
    private static void Initialize(DomBinding dom, SearchParamsList list, JsValue init)
    {
        if (init.IsUndefined()) return;
        if (init is not ObjectInstance obj)
        {
            var text = Usv(dom, init);
            list.Pairs.AddRange(FormUrlEncoded.Parse(text.StartsWith('?') ? text[1..] : text));
            return;
        }
        var iteratorMethod = obj.Get(GlobalSymbolRegistry.Iterator);
        if (iteratorMethod.IsUndefined() || iteratorMethod.IsNull())
        {
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                if (obj.GetOwnProperty(key) is not { Enumerable: true } || key is not JsString name) continue;
                // Keys that are the same once lone surrogates become U+FFFD are one record entry: the last value wins, in the first place.
                var (text, value) = (FormUrlEncoded.Usv(name.ToString()), Usv(dom, obj.Get(key)));
                var at = list.Pairs.FindIndex(pair => pair.Name == text);
                if (at >= 0) list.Pairs[at] = (text, value);
                else list.Pairs.Add((text, value));
            }
            return;
        }
        foreach (var item in Iterate(dom, obj, iteratorMethod))
        {
            if (item is not ObjectInstance pair)
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence."
                    : "URLSearchParams constructor: Element of sequence<sequence<USVString>> branch of (sequence<sequence<USVString>> or record<USVString, USVString> or USVString) can't be converted to a sequence.");
            var values = Iterate(dom, pair, pair.Get(GlobalSymbolRegistry.Iterator)).Take(3).Select(v => Usv(dom, v)).ToList();
            if (values.Count != 2)
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements"
                    : "URLSearchParams constructor: Expected a sequence of name-value pairs: each element must hold exactly two values");
            list.Pairs.Add((values[0], values[1]));
        }
    }

    /// <summary>Runs a script iterable's iterator protocol, one value at a time.</summary>
    private static IEnumerable<JsValue> Iterate(DomBinding dom, ObjectInstance iterable, JsValue method)
    {
        if (!method.IsCallable())
            throw dom.TypeError(dom.Flavor == Flavor.Chrome
                ? "Failed to construct 'URLSearchParams': The object must have a callable @@iterator property."
                : "URLSearchParams constructor: @@iterator is not callable.");
        if (dom.Engine.Call(method, iterable, []) is not ObjectInstance iterator) throw dom.TypeError("Result of the Symbol.iterator method is not an object");
        var next = iterator.Get("next");
        while (true)
        {
            if (dom.Engine.Call(next, iterator, []) is not ObjectInstance step) throw dom.TypeError("Iterator result is not an object");
            if (TypeConverter.ToBoolean(step.Get("done"))) yield break;
            yield return step.Get("value");
        }
    }
}
