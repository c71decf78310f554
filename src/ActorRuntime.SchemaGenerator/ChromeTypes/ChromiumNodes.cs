using System.Text.Json.Nodes;

namespace ActorRuntime.SchemaGenerator.ChromeTypes;

/// <summary>
/// Turns chrome-types' declarations into nodes of the runtime's API description (the schemas' form: <c>type</c>,
/// <c>$ref</c>, <c>choices</c>, <c>properties</c>, <c>parameters</c>, <c>async</c>...). Looser than Chromium's own schemas
/// where TypeScript says less (every number is a <c>number</c>); what it cannot say exactly is <c>any</c>, never
/// stricter than Chromium. References are always qualified (<c>tabs.Tab</c>) and each one made is remembered in
/// <see cref="Reached"/>, so the types they need can be written too.
/// </summary>
internal sealed class ChromiumNodes(IReadOnlyDictionary<string, Dictionary<string, DtsDeclaration>> typesByNamespace)
{
    /// <summary>The qualified ids of the types a node made so far refers to.</summary>
    public HashSet<string> Reached { get; } = new(StringComparer.Ordinal);

    private static JsonObject Kind(string type) => new() { ["type"] = type };

    public static JsonObject Any() => Kind("any");

    /// <summary>A type declaration (alias, interface or class) as a type of the namespace, with its id.</summary>
    public JsonObject TypeDeclaration(string ns, DtsDeclaration declaration)
    {
        var node = Type(ns, declaration.Type);
        if (declaration.Kind == DtsKind.Class) node["constructor"] = true;
        var typed = new JsonObject { ["id"] = declaration.Name };
        foreach (var (key, value) in node.ToList())
        {
            node.Remove(key);
            typed[key] = value;
        }
        return typed;
    }

    public JsonObject Type(string ns, DtsType type) => type switch
    {
        DtsNamed named => Named(ns, named),
        DtsLiteral { Value: string text } => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(text) },
        DtsLiteral { Value: double } => Kind("number"),
        DtsLiteral { Value: bool } => Kind("boolean"),
        DtsUnion union => Union(ns, union),
        DtsIntersection intersection => Intersection(ns, intersection),
        DtsArray array => Array(ns, array),
        DtsObject obj => Object(ns, obj),
        DtsFunctionType function => new JsonObject { ["type"] = "function", ["parameters"] = Parameters(ns, function.Parameters) },
        _ => Any(),
    };

    private JsonObject Array(string ns, DtsArray array)
    {
        var node = new JsonObject { ["type"] = "array", ["items"] = Type(ns, array.Item) };
        if (array.MinItems > 0) node["minItems"] = array.MinItems;
        if (array.MaxItems is { } max) node["maxItems"] = max;
        return node;
    }

    private JsonObject Named(string ns, DtsNamed named)
    {
        var name = named.Name.StartsWith("chrome.", StringComparison.Ordinal) ? named.Name["chrome.".Length..] : named.Name;
        switch (name)
        {
            case "string": return Kind("string");
            case "number": return Kind("number");
            case "boolean": return Kind("boolean");
            case "null": return Kind("null");
            case "Function": return Kind("function");
            case "ArrayBuffer": return Kind("binary");
            case "object": return new JsonObject { ["type"] = "object", ["additionalProperties"] = Any() };
            // An array of any length: Array<T> as T[].
            case "Array" when named.Arguments.Count == 1: return Array(ns, new DtsArray(named.Arguments[0], 0, null));
            case "Promise" when named.Arguments.Count == 1: return Type(ns, named.Arguments[0]);
        }
        if (Qualified(ns, name) is { } reference)
        {
            Reached.Add(reference);
            return new JsonObject { ["$ref"] = reference };
        }
        // Web platform classes (ImageData, HTMLElement, Window, Blob...), unknown, void and generics' parameters.
        return Any();
    }

    /// <summary>The qualified id of the type <paramref name="name"/> names from <paramref name="ns"/>, when chrome-types declares it.</summary>
    public string? Qualified(string ns, string name)
    {
        if (typesByNamespace.TryGetValue(ns, out var own) && own.ContainsKey(name)) return ns + "." + name;
        var dot = name.LastIndexOf('.');
        return dot > 0 && typesByNamespace.TryGetValue(name[..dot], out var other) && other.ContainsKey(name[(dot + 1)..]) ? name : null;
    }

    /// <summary>
    /// A union: <c>undefined</c> and <c>void</c> dropped (they make a value optional, which its place already says); string
    /// literals only: an enumeration; anything containing <c>any</c> is any; else the choices, each once.
    /// </summary>
    private JsonObject Union(string ns, DtsUnion union)
    {
        var items = union.Items.Where(i => i is not DtsNamed { Name: "undefined" or "void" or "never" }).ToList();
        if (items.Count == 0) return Any();
        if (items.All(i => i is DtsLiteral { Value: string }))
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(items.Select(i => (JsonNode)(string)((DtsLiteral)i).Value).ToArray()) };
        var choices = new List<JsonObject>();
        foreach (var node in items.Select(i => Type(ns, i)))
        {
            if (node["type"]?.GetValue<string>() == "any") return Any();
            if (choices.All(c => c.ToJsonString() != node.ToJsonString())) choices.Add(node);
        }
        return choices.Count == 1 ? choices[0] : new JsonObject { ["choices"] = new JsonArray(choices.ToArray<JsonNode>()) };
    }

    /// <summary>
    /// <c>StorageArea &amp; {QUOTA_BYTES: 10485760}</c>: the referred type with the literal's members as its own properties
    /// (as Firefox's schema writes <c>storage.local</c>); object literals alone merge into one; anything else is any.
    /// </summary>
    private JsonObject Intersection(string ns, DtsIntersection intersection)
    {
        var nodes = intersection.Items.Select(i => Type(ns, i)).ToList();
        var references = nodes.Where(n => n["$ref"] is not null).ToList();
        var objects = nodes.Where(n => n["$ref"] is null && n["type"]?.GetValue<string>() == "object").ToList();
        if (references.Count > 1 || references.Count + objects.Count != nodes.Count) return Any();
        var result = references.Count == 1 ? references[0] : new JsonObject { ["type"] = "object" };
        foreach (var obj in objects)
            foreach (var key in new[] { "properties", "functions", "events" })
            {
                if (obj[key] is not JsonNode items) continue;
                if (items is JsonObject properties)
                {
                    var into = result[key] as JsonObject ?? (JsonObject)(result[key] = new JsonObject());
                    foreach (var (name, value) in properties.ToList()) into[name] = value!.DeepClone();
                }
                else
                {
                    var into = result[key] as JsonArray ?? (JsonArray)(result[key] = new JsonArray());
                    foreach (var item in (JsonArray)items) into.Add(item!.DeepClone());
                }
            }
        return result;
    }

    /// <summary>
    /// An object type: its properties (a literal type is a constant's value), methods as functions, events as events, an
    /// index signature as additional properties; an object declared with nothing (a web platform type) takes anything.
    /// </summary>
    private JsonObject Object(string ns, DtsObject obj)
    {
        var node = Kind("object");
        var properties = new JsonObject();
        var functions = new JsonArray();
        var events = new JsonArray();
        foreach (var group in obj.Members.GroupBy(m => m.Name))
        {
            var member = group.First();
            if (member.IsMethod)
                functions.Add(Function(ns, member.Name, group.Select(m => (DtsFunctionType)m.Type).ToList()));
            else if (Event(ns, member.Name, member.Type) is { } ev) events.Add(ev);
            else
            {
                var property = Property(ns, member.Type);
                if (member.Optional) property["optional"] = true;
                properties[member.Name] = property;
            }
        }
        if (properties.Count > 0) node["properties"] = properties;
        if (functions.Count > 0) node["functions"] = functions;
        if (events.Count > 0) node["events"] = events;
        if (obj.Index is not null) node["additionalProperties"] = Type(ns, obj.Index);
        else if (obj.Members.Count == 0) node["additionalProperties"] = Any();
        return node;
    }

    /// <summary>A property's node: a literal type (<c>MAX_ITEMS: 512</c>) is a constant of that value.</summary>
    public JsonObject Property(string ns, DtsType type) => type switch
    {
        DtsLiteral { Value: string text } => new JsonObject { ["value"] = text },
        DtsLiteral { Value: double number } => new JsonObject { ["value"] = number % 1 == 0 ? (JsonNode)(long)number : number },
        DtsLiteral { Value: bool flag } => new JsonObject { ["value"] = flag },
        _ => Type(ns, type),
    };

    /// <summary>Parameters in order; an optional one says so.</summary>
    public JsonArray Parameters(string ns, IReadOnlyList<DtsParameter> parameters)
    {
        var list = new JsonArray();
        foreach (var parameter in parameters)
        {
            var node = new JsonObject { ["name"] = parameter.Name };
            foreach (var (key, value) in Type(ns, parameter.Type).ToList()) node[key] = value!.DeepClone();
            if (parameter.Optional) node["optional"] = true;
            list.Add(node);
        }
        return list;
    }

    /// <summary>
    /// An event, when <paramref name="type"/> is one: <c>events.Event&lt;(args) =&gt; void&gt;</c> (its listener's parameters);
    /// <c>CustomChromeEvent&lt;(callback, filter?, extraInfoSpec?) =&gt; void&gt;</c> (addListener's own: the listener's
    /// parameters, then the extra ones); <c>events.Event&lt;never, Conditions, Actions&gt;</c> (a declarative event: its
    /// <c>addRules</c>, <c>getRules</c>, <c>removeRules</c>). Null for anything else.
    /// </summary>
    public JsonObject? Event(string ns, string name, DtsType type)
    {
        if (type is not DtsNamed { Name: "events.Event" or "chrome.events.Event" or "CustomChromeEvent" } named || named.Arguments.Count == 0) return null;
        var node = new JsonObject { ["name"] = name, ["type"] = "function" };
        if (named.Arguments[0] is DtsNamed { Name: "never" })
        {
            node["parameters"] = new JsonArray();
            node["rules"] = new JsonObject
            {
                ["conditions"] = Type(ns, named.Arguments.ElementAtOrDefault(1) ?? new DtsNamed("any", [])),
                ["actions"] = Type(ns, named.Arguments.ElementAtOrDefault(2) ?? new DtsNamed("any", [])),
            };
            // Chromium's events.Event declares the rule functions every declarative event has.
            if (typesByNamespace.GetValueOrDefault("events")?.GetValueOrDefault("Event")?.Type is DtsObject eventType)
                node["functions"] = new JsonArray(eventType.Members.Where(m => m.IsMethod && m.Name.EndsWith("Rules", StringComparison.Ordinal))
                    .GroupBy(m => m.Name).Select(g => (JsonNode)Function("events", g.Key, g.Select(m => (DtsFunctionType)m.Type).ToList())).ToArray());
            return node;
        }
        if (named.Arguments[0] is not DtsFunctionType handler)
        {
            node["parameters"] = new JsonArray();
            return node;
        }
        if (named.Name != "CustomChromeEvent")
        {
            node["parameters"] = Parameters(ns, handler.Parameters);
            return node;
        }
        var listener = handler.Parameters.FirstOrDefault()?.Type as DtsFunctionType;
        node["parameters"] = Parameters(ns, listener?.Parameters ?? []);
        if (handler.Parameters.Count > 1) node["extraParameters"] = Parameters(ns, handler.Parameters.Skip(1).ToList());
        return node;
    }

    /// <summary>
    /// One function from all its overloads: the parameters of the longest, each optional where any overload leaves it out
    /// or marks it so; asynchronous (<c>async: "callback"</c>, the callback optional) when one overload returns a Promise or
    /// takes a last <c>callback</c>; else it returns what the first overload returns.
    /// </summary>
    public JsonObject Function(string ns, string name, IReadOnlyList<DtsFunctionType> overloads)
    {
        static bool IsCallback(DtsParameter p) => p.Name == "callback" && p.Type is DtsFunctionType or DtsUnion;
        var promise = overloads.FirstOrDefault(o => o.Returns is DtsNamed { Name: "Promise" });
        var withCallback = overloads.FirstOrDefault(o => o.Parameters.Count > 0 && IsCallback(o.Parameters[^1]));
        var plain = overloads.Select(o => o.Parameters.Where(p => !IsCallback(p)).ToList()).ToList();
        var longest = plain.MaxBy(p => p.Count)!;
        var parameters = new List<DtsParameter>();
        foreach (var parameter in longest)
        {
            var seen = plain.Select(list => list.FirstOrDefault(p => p.Name == parameter.Name)).ToList();
            var optional = seen.Any(p => p is null || p.Optional);
            var types = seen.OfType<DtsParameter>().Select(p => p.Type).ToList();
            parameters.Add(new DtsParameter(parameter.Name, optional, types.Count == 1 ? types[0] : new DtsUnion(types)));
        }
        var node = new JsonObject { ["name"] = name, ["type"] = "function" };
        var list = Parameters(ns, parameters);
        if (promise is not null || withCallback is not null)
        {
            node["async"] = "callback";
            var callback = withCallback?.Parameters[^1];
            var answer = callback?.Type as DtsFunctionType
                         ?? (callback?.Type as DtsUnion)?.Items.OfType<DtsFunctionType>().FirstOrDefault();
            var result = promise?.Returns is DtsNamed { Arguments: [var value] } && value is not DtsNamed { Name: "void" }
                ? [new DtsParameter("result", false, value)]
                : new List<DtsParameter>();
            list.Add(new JsonObject
            {
                ["name"] = "callback",
                ["type"] = "function",
                ["optional"] = promise is not null || callback is { Optional: true },
                ["parameters"] = Parameters(ns, answer?.Parameters ?? result),
            });
        }
        else if (overloads[0].Returns is not DtsNamed { Name: "void" or "undefined" })
            node["returns"] = Type(ns, overloads[0].Returns);
        node["parameters"] = list;
        return node;
    }
}
