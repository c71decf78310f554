using Jint;
using AngleSharp.Dom;
using Jint.Native;
using Jint.Native.Symbol;
using Jint.Native.Object;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>The array-likes of the DOM (NodeList, HTMLCollection, DOMTokenList, NamedNodeMap) and the small value interfaces.</summary>
internal static class CollectionInterfaces
{
    public static readonly DomInterface NodeList = DomInterface.Define<object>("NodeList", null, m => m
        .Get("length", (_, list) => Nodes(list).Count)
        .Method("item", 1, (dom, list, args) => dom.Wrap(Nodes(list).ElementAtOrDefault(Index(args))))
        .WithSymbols(ArrayLike(withForEach: true)), (target, _) => target is INodeList or StaticNodeList);

    public static readonly DomInterface HTMLCollection = DomInterface.Define<IEnumerable<IElement>>("HTMLCollection", null, m => m
        .Get("length", (_, list) => list.Count())
        .Method("item", 1, (dom, list, args) => dom.Wrap(list.ElementAtOrDefault(Index(args))))
        .Method("namedItem", 1, (dom, list, args) => dom.Wrap(Named(list, dom.DomString(Argument(args, 0)))))
        .WithSymbols(ArrayLike(withForEach: false)), (target, _) => target is not INode);

    public static readonly DomInterface DOMTokenList = DomInterface.Define<ITokenList>("DOMTokenList", null, m => m
        .Get("length", (_, list) => list.Length)
        .Property("value", (dom, list) => Owner(dom, list)?.GetAttribute("class") ?? list.ToString() ?? "", (dom, list, v) => Owner(dom, list)?.SetAttribute("class", dom.DomString(v)))
        .Method("item", 1, (_, list, args) => Index(args) is var i && i >= 0 && i < list.Length ? list[i] : JsValue.Null)
        .Method("contains", 1, (dom, list, args) => Boolean(list.Contains(dom.DomString(Argument(args, 0)))))
        .Method("add", 0, (dom, list, args) =>
        {
            var tokens = Tokens(dom, args, "add");
            Update(dom, list, set => set.AddRange(tokens.Where(t => !set.Contains(t)).Distinct()));
            return JsValue.Undefined;
        })
        .Method("remove", 0, (dom, list, args) =>
        {
            var tokens = Tokens(dom, args, "remove");
            Update(dom, list, set => set.RemoveAll(tokens.Contains));
            return JsValue.Undefined;
        })
        .Method("toggle", 1, (dom, list, args) =>
        {
            var token = Tokens(dom, args.Take(1).ToArray(), "toggle")[0];
            var force = Argument(args, 1);
            var present = list.Contains(token);
            var want = force.IsUndefined() ? !present : TypeConverter.ToBoolean(force);
            if (want != present) Update(dom, list, set =>
            {
                if (want) set.Add(token);
                else set.Remove(token);
            });
            return Boolean(want);
        })
        .Method("replace", 2, (dom, list, args) =>
        {
            var tokens = Tokens(dom, args.Take(2).ToArray(), "replace");
            if (!list.Contains(tokens[0])) return JsBoolean.False;
            // The ordered set's "replace": the first of the token or its replacement becomes the replacement, the others go.
            Update(dom, list, set =>
            {
                var at = set.FindIndex(t => t == tokens[0] || t == tokens[1]);
                var kept = set.Where((t, i) => i == at || (t != tokens[0] && t != tokens[1])).ToList();
                kept[kept.IndexOf(set[at])] = tokens[1];
                set.Clear();
                set.AddRange(kept);
            });
            return JsBoolean.True;
        })
        .Method("toString", 0, (dom, list, _) => Owner(dom, list)?.GetAttribute("class") ?? list.ToString() ?? "")
        .WithSymbols(ArrayLike(withForEach: true)));

    public static readonly DomInterface NamedNodeMap = DomInterface.Define<INamedNodeMap>("NamedNodeMap", null, m => m
        .Get("length", (_, map) => map.Length)
        .Method("item", 1, (dom, map, args) => dom.Wrap(Index(args) is var i && i >= 0 && i < map.Length ? map[i] : null))
        .Method("getNamedItem", 1, (dom, map, args) => dom.Wrap(map[dom.DomString(Argument(args, 0))]))
        .WithSymbols(ArrayLike(withForEach: false)));

    public static readonly DomInterface DOMStringMap = DomInterface.Define<DatasetItems>("DOMStringMap", null, _ => { });

    public static readonly DomInterface CSSStyleDeclaration = DomInterface.Define<InlineStyle>("CSSStyleDeclaration", null, m => m
        .Property("cssText", (_, s) => s.CssText, (dom, s, v) => s.CssText = ReadOnlyUnlessInline(dom, s, dom.DomString(v)))
        .Get("length", (_, s) => s.Read().Count)
        .Method("item", 1, (_, s, args) => s.Read().ElementAtOrDefault(Index(args)).Name ?? "")
        .Method("getPropertyValue", 1, (dom, s, args) => s.GetPropertyValue(dom.DomString(Argument(args, 0))))
        .Method("getPropertyPriority", 1, (dom, s, args) => s.GetPropertyPriority(dom.DomString(Argument(args, 0))))
        .Method("setProperty", 2, (dom, s, args) =>
        {
            ReadOnlyUnlessInline(dom, s, "");
            s.SetProperty(dom.DomString(Argument(args, 0)), Argument(args, 1).IsNull() ? "" : dom.DomString(Argument(args, 1)), dom.DomString(Argument(args, 2)) == "important");
            return JsValue.Undefined;
        })
        .Method("removeProperty", 1, (dom, s, args) => s.RemoveProperty(ReadOnlyUnlessInline(dom, s, dom.DomString(Argument(args, 0))))));

    /// <summary>A computed style cannot be changed: NoModificationAllowedError, as browsers throw.</summary>
    private static string ReadOnlyUnlessInline(DomBinding dom, InlineStyle style, string value) => style.IsComputed
        ? throw dom.DomError("NoModificationAllowedError", "These styles are computed, and therefore read-only.")
        : value;

    public static readonly DomInterface DOMRect = DomInterface.Define<ZeroRect>("DOMRect", null, m =>
    {
        foreach (var name in new[] { "x", "y", "width", "height", "top", "right", "bottom", "left" }) m.Get(name, (_, _) => 0);
        m.Method("toJSON", 0, (dom, _, _) =>
        {
            var json = new Jint.Native.JsObject(dom.Engine);
            foreach (var name in new[] { "x", "y", "width", "height", "top", "right", "bottom", "left" }) json.Set(name, 0);
            return json;
        });
    });

    public static readonly DomInterface ValidityState = DomInterface.Define<ControlValidity>("ValidityState", null, m => m
        .Get("valid", (_, v) => Boolean(v.Valid))
        .Get("valueMissing", (_, v) => Boolean(v.ValueMissing))
        .Get("typeMismatch", (_, v) => Boolean(v.State.IsTypeMismatch))
        .Get("patternMismatch", (_, v) => Boolean(v.State.IsPatternMismatch))
        .Get("tooLong", (_, v) => Boolean(v.State.IsTooLong))
        .Get("tooShort", (_, v) => Boolean(v.State.IsTooShort))
        .Get("badInput", (_, v) => Boolean(v.State.IsBadInput))
        .Get("rangeUnderflow", (_, v) => Boolean(v.State.IsRangeUnderflow))
        .Get("rangeOverflow", (_, v) => Boolean(v.State.IsRangeOverflow))
        .Get("stepMismatch", (_, v) => Boolean(v.State.IsStepMismatch))
        .Get("customError", (_, v) => Boolean(v.State.IsCustomError)));

    /// <summary>DOMException's legacy code constants.</summary>
    private static readonly (string Name, int Code)[] LegacyCodeNames =
    [
        ("INDEX_SIZE_ERR", 1), ("DOMSTRING_SIZE_ERR", 2), ("HIERARCHY_REQUEST_ERR", 3), ("WRONG_DOCUMENT_ERR", 4), ("INVALID_CHARACTER_ERR", 5),
        ("NO_DATA_ALLOWED_ERR", 6), ("NO_MODIFICATION_ALLOWED_ERR", 7), ("NOT_FOUND_ERR", 8), ("NOT_SUPPORTED_ERR", 9), ("INUSE_ATTRIBUTE_ERR", 10),
        ("INVALID_STATE_ERR", 11), ("SYNTAX_ERR", 12), ("INVALID_MODIFICATION_ERR", 13), ("NAMESPACE_ERR", 14), ("INVALID_ACCESS_ERR", 15),
        ("VALIDATION_ERR", 16), ("TYPE_MISMATCH_ERR", 17), ("SECURITY_ERR", 18), ("NETWORK_ERR", 19), ("ABORT_ERR", 20), ("URL_MISMATCH_ERR", 21),
        ("QUOTA_EXCEEDED_ERR", 22), ("TIMEOUT_ERR", 23), ("INVALID_NODE_TYPE_ERR", 24), ("DATA_CLONE_ERR", 25),
    ];

    public static readonly DomInterface DOMException = DomInterface.Define<DomExceptionValue>("DOMException", null, m => m
        .OnErrorPrototype()
        .WithSymbols((_, prototype, constructor) =>
        {
            // Web IDL constants: on the interface object and the prototype, enumerable, neither writable nor configurable.
            foreach (var (name, code) in LegacyCodeNames)
            {
                var value = new Jint.Runtime.Descriptors.PropertyDescriptor(code, Jint.Runtime.Descriptors.PropertyFlag.Enumerable);
                constructor.FastSetProperty(name, value);
                prototype.FastSetProperty(name, value);
            }
        })
        .Constructible(0, (dom, args) => new DomExceptionValue(Argument(args, 1).IsUndefined() ? "Error" : dom.DomString(args[1]), Argument(args, 0).IsUndefined() ? "" : dom.DomString(args[0])))
        .Get("name", (_, e) => e.Name)
        .Get("message", (_, e) => e.Message)
        .Get("code", (_, e) => LegacyCode(e.Name))
        // Jint 4.18's Error.prototype.toString reads name and message with Error.prototype as the receiver, which these
        // brand-checked accessors refuse; the standard reads them from the error itself, as this toString does.
        .Method("toString", 0, (_, e, _) => e.Message.Length == 0 ? e.Name : $"{e.Name}: {e.Message}"));

    private static int LegacyCode(string name) => name switch
    {
        "IndexSizeError" => 1, "HierarchyRequestError" => 3, "WrongDocumentError" => 4, "InvalidCharacterError" => 5,
        "NoModificationAllowedError" => 7, "NotFoundError" => 8, "NotSupportedError" => 9, "InvalidStateError" => 11,
        "SyntaxError" => 12, "InvalidModificationError" => 13, "NamespaceError" => 14, "InvalidAccessError" => 15,
        "SecurityError" => 18, "NetworkError" => 19, "AbortError" => 20, "QuotaExceededError" => 22, "TimeoutError" => 23,
        "DataCloneError" => 25, _ => 0,
    };

    private static IList<INode> Nodes(object list) => list switch
    {
        StaticNodeList fixedList => fixedList.Nodes,
        INodeList live => live.ToList(),
        _ => [],
    };

    private static int Index(JsValue[] args) => (int)Math.Clamp(TypeConverter.ToNumber(Argument(args, 0)) is var n && double.IsNaN(n) ? 0 : n, -1, int.MaxValue);

    public static IElement? Named(IEnumerable<IElement> list, string name) =>
        name.Length == 0 ? null : list.FirstOrDefault(e => e.Id == name) ?? list.FirstOrDefault(e => e.GetAttribute("name") == name);

    private static IElement? Owner(DomBinding dom, ITokenList list) => dom.TokenListOwner(list);

    /// <summary>DOMTokenList's update steps: the ordered set of tokens, changed, written back to the attribute (duplicates gone).</summary>
    private static void Update(DomBinding dom, ITokenList list, Action<List<string>> change)
    {
        var owner = Owner(dom, list);
        var text = owner?.GetAttribute("class");
        var set = (text ?? "").Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        change(set);
        if (owner is null || (text is null && set.Count == 0)) return;
        owner.SetAttribute("class", string.Join(' ', set));
    }

    private static string[] Tokens(DomBinding dom, JsValue[] args, string member)
    {
        var tokens = args.Select(dom.DomString).ToArray();
        if (tokens.Length == 0 && member is "toggle" or "replace") dom.Required(args, 0, member, "DOMTokenList");
        foreach (var token in tokens)
        {
            if (token.Length == 0)
                throw dom.DomError("SyntaxError", dom.Flavor == Flavor.Chrome
                    ? $"Failed to execute '{member}' on 'DOMTokenList': The token provided must not be empty."
                    : "An invalid or illegal string was specified");
            if (token.Any(char.IsWhiteSpace))
                throw dom.DomError("InvalidCharacterError", dom.Flavor == Flavor.Chrome
                    ? $"Failed to execute '{member}' on 'DOMTokenList': The token provided ('{token}') contains HTML space characters, which are not valid in tokens."
                    : "String contains an invalid character");
        }
        return tokens;
    }

    /// <summary>Iteration as on arrays (<c>for...of</c>, spread, and <c>forEach</c> where Web IDL gives it).</summary>
    private static Action<DomBinding, ObjectInstance, ObjectInstance> ArrayLike(bool withForEach) => (dom, prototype, _) =>
    {
        var arrayPrototype = dom.Engine.Intrinsics.Array.PrototypeObject;
        var values = arrayPrototype.Get("values");
        prototype.DefineOwnProperty(GlobalSymbolRegistry.Iterator, new Jint.Runtime.Descriptors.PropertyDescriptor(values, Jint.Runtime.Descriptors.PropertyFlag.Configurable | Jint.Runtime.Descriptors.PropertyFlag.Writable));
        if (!withForEach) return;
        foreach (var name in new[] { "forEach", "keys", "values", "entries" })
            prototype.FastSetProperty(name, new Jint.Runtime.Descriptors.PropertyDescriptor(arrayPrototype.Get(name), Jint.Runtime.Descriptors.PropertyFlag.ConfigurableEnumerableWritable));
    };
}
