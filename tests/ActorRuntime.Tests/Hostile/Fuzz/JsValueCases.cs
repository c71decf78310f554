using ActorRuntime.Scripting;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRuntime.Tests.Hostile.Fuzz;

/// <summary>
/// A JavaScript value to send as a message, as a tree that renders to an expression. Every object it creates is
/// pushed on <c>$</c> before its members are made, so a <see cref="Reference"/> can name an ancestor (a cycle)
/// or an object made earlier (a shared reference).
/// </summary>
public abstract record JsValueCase
{
    /// <summary>The JavaScript expression that builds the value (it uses the helpers of <see cref="JsValueCases.Program"/>).</summary>
    public abstract void Render(StringBuilder js);

    /// <summary>The cases FsCheck tries instead once this one fails: its members on their own, then this case with fewer members.</summary>
    public virtual IEnumerable<JsValueCase> Smaller() => [];

    public sealed override string ToString()
    {
        var js = new StringBuilder();
        Render(js);
        return FuzzRun.Shorten(js.ToString(), 3000);
    }

    protected static IEnumerable<IReadOnlyList<T>> WithoutOne<T>(IReadOnlyList<T> items) =>
        Enumerable.Range(0, items.Count).Select(i => (IReadOnlyList<T>)[.. items.Take(i), .. items.Skip(i + 1)]);
}

/// <summary>A primitive, or an object with no members to walk (a Date, a typed array, an error...), as source text.</summary>
public sealed record Leaf(string Source) : JsValueCase
{
    public override void Render(StringBuilder js) => js.Append(Source);
}

/// <summary>A value the structured clone refuses (a function, a symbol, a promise, a host object...).</summary>
public sealed record Uncloneable(string Source) : JsValueCase
{
    public override void Render(StringBuilder js) => js.Append(Source);
}

/// <summary>The object made <see cref="Index"/>-th (modulo how many exist when it is evaluated), or null when there is none yet.</summary>
public sealed record Reference(int Index) : JsValueCase
{
    public override void Render(StringBuilder js) => js.Append("($.length ? $[").Append(Index).Append(" % $.length] : null)");
}

/// <summary>What kind of container, and how members go in.</summary>
public enum ContainerKind { Object, Array, Map, Set }

/// <summary>
/// A container with members (key source, value). Object keys become own enumerable data properties (<c>__proto__</c> too);
/// some are made non-enumerable, symbol-keyed or getters, which the clone drops or reads as data.
/// </summary>
public sealed record Container(ContainerKind Kind, IReadOnlyList<(JsValueCase Key, JsValueCase Value, Visibility How)> Members, long SparseLength) : JsValueCase
{
    public override void Render(StringBuilder js)
    {
        js.Append("((o) => { ");
        foreach (var (key, value, how) in Members)
        {
            js.Append(Kind switch
            {
                ContainerKind.Map => "o.set(",
                ContainerKind.Set => "o.add(",
                _ => how switch
                {
                    Visibility.Hidden => "hide(o, ",
                    Visibility.SymbolKeyed => "o[Symbol('k')] = (",
                    Visibility.Getter => "getter(o, ",
                    _ => "def(o, ",
                },
            });
            if (Kind is ContainerKind.Set || how is Visibility.SymbolKeyed && Kind is ContainerKind.Object or ContainerKind.Array)
            {
                value.Render(js);
            }
            else
            {
                key.Render(js);
                js.Append(", ");
                value.Render(js);
            }
            js.Append("); ");
        }
        if (Kind == ContainerKind.Array && SparseLength > 0) js.Append("o.length = Math.max(o.length, ").Append(SparseLength).Append("); ");
        js.Append("return o; })(reg(").Append(Kind switch
        {
            ContainerKind.Object => "{}",
            ContainerKind.Array => "[]",
            ContainerKind.Map => "new Map()",
            _ => "new Set()",
        }).Append("))");
    }

    public override IEnumerable<JsValueCase> Smaller() =>
        Members.Select(m => m.Value).Concat(WithoutOne(Members).Select(fewer => (JsValueCase)(this with { Members = fewer })));
}

public enum Visibility { Enumerable, Hidden, SymbolKeyed, Getter }

/// <summary>A chain <see cref="Levels"/> containers deep, built by a loop (kinds taken in turn), ending in <see cref="End"/>.</summary>
public sealed record Deep(int Levels, IReadOnlyList<ContainerKind> Kinds, JsValueCase End) : JsValueCase
{
    public override void Render(StringBuilder js)
    {
        js.Append("chain(").Append(Levels).Append(", [")
            .Append(string.Join(", ", Kinds.Select(k => "'" + k.ToString().ToLowerInvariant() + "'"))).Append("], () => ");
        End.Render(js);
        js.Append(')');
    }

    public override IEnumerable<JsValueCase> Smaller() => Levels > 1 ? [End, this with { Levels = Levels / 2 }] : [End];
}

/// <summary>Generators of <see cref="JsValueCase"/> trees: JSON-like values, every kind the structured clone handles, and some it refuses.</summary>
public static class JsValueCases
{
    /// <summary>The helpers the rendered expressions use; <paramref name="expression"/> is wrapped so each case starts with a fresh <c>$</c>.</summary>
    public static string Program(string expression) => $$"""
        (() => {
          const $ = [];
          const reg = o => ($.push(o), o);
          const def = (o, k, v) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
          const hide = (o, k, v) => Object.defineProperty(o, k, { value: v, enumerable: false, writable: true, configurable: true });
          const getter = (o, k, v) => Object.defineProperty(o, k, { get: () => v, enumerable: true, configurable: true });
          const make = kind => kind === 'array' ? [] : kind === 'map' ? new Map() : kind === 'set' ? new Set() : {};
          const put = (c, v) => c instanceof Map ? c.set('x', v) : c instanceof Set ? c.add(v) : Array.isArray(c) ? c.push(v) : (c.x = v);
          const chain = (levels, kinds, end) => {
            const root = reg(make(kinds[0]));
            let c = root;
            for (let i = 1; i < levels; i++) { const next = reg(make(kinds[i % kinds.length])); put(c, next); c = next; }
            put(c, end());
            return root;
          };
          return {{expression}};
        })()
        """;

    public static Gen<JsValueCase> Any() => Gen.Sized(size => Value(Math.Min(4, 1 + size / 20)));

    private static Gen<JsValueCase> Value(int depth)
    {
        var leaf = Gen.Frequency(
            (12, Primitive().Select(s => (JsValueCase)new Leaf(s))),
            (5, Gen.OneOf(DateLeaf(), RegExpLeaf(), BytesLeaf(), ErrorLeaf()).Select(s => (JsValueCase)new Leaf(s))),
            (2, Gen.Choose(0, 50).Select(i => (JsValueCase)new Reference(i))),
            (1, Gen.Elements(UncloneableSources).Select(s => (JsValueCase)new Uncloneable(s))));
        if (depth <= 0) return leaf;
        var inner = Value(depth - 1);
        return Gen.Frequency(
            (6, leaf),
            (6, ContainerOf(inner)),
            (1, from levels in Gen.Frequency((3, Gen.Choose(2, 200)), (2, Gen.Elements(999, 1000, 1001, 1500, 2500, 4000, 6000)))
                from kinds in Gen.NonEmptyListOf(Gen.Elements(Enum.GetValues<ContainerKind>())).Select(k => k.Take(4).ToList())
                from end in leaf
                select (JsValueCase)new Deep(levels, kinds, end)));
    }

    private static Gen<JsValueCase> ContainerOf(Gen<JsValueCase> inner) =>
        from kind in Gen.Elements(Enum.GetValues<ContainerKind>())
        from members in FuzzText.UpTo(Member(kind, inner), 5)
        from sparse in Gen.Frequency((8, Gen.Constant(0L)), (1, Gen.Elements(3L, 100L, 100_000L, 4_294_967_295L)))
        select (JsValueCase)new Container(kind, members, sparse);

    private static Gen<(JsValueCase, JsValueCase, Visibility)> Member(ContainerKind kind, Gen<JsValueCase> inner) =>
        from key in kind switch
        {
            ContainerKind.Map => Gen.Frequency((3, Primitive().Select(s => (JsValueCase)new Leaf(s))), (1, inner)),
            // An array's length cannot be redefined as an ordinary property: every other key can.
            ContainerKind.Array => Gen.Frequency((4, Gen.Choose(0, 10).Select(i => $"\"{i}\"")), (1, Key().Where(k => k != "\"length\""))).Select(k => (JsValueCase)new Leaf(k)),
            _ => Key().Select(k => (JsValueCase)new Leaf(k)),
        }
        from value in inner
        from how in Gen.Frequency((12, Gen.Constant(Visibility.Enumerable)), (1, Gen.Elements(Visibility.Hidden, Visibility.SymbolKeyed, Visibility.Getter)))
        select (key, value, how);

    /// <summary>A property key as a string literal: names, index-like keys, <c>__proto__</c>, odd characters.</summary>
    private static Gen<string> Key() => Gen.Frequency(
        (4, Gen.Elements("a", "b", "x", "length", "__proto__", "constructor", "toString", "then", "0", "1", "-0", "01", "4294967294", "4294967295", "1e3", "NaN", "")),
        (2, FuzzText.OddString())).Select(FuzzText.JsonLiteral);

    private static Gen<string> Primitive() => Gen.Frequency(
        (6, Gen.Elements("undefined", "null", "true", "false", "0", "-0", "1", "-1", "0.1", "NaN", "Infinity", "-Infinity", "Number.MAX_VALUE", "Number.MIN_VALUE",
            "Number.MAX_SAFE_INTEGER + 2", "2 ** 53", "-(2 ** 31)", "2 ** 32", "1e-320", "0n", "-1n", "12345678901234567890123n", "-(2n ** 64n)", "2n ** 4000n")),
        (2, Gen.Choose(int.MinValue, int.MaxValue).Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Choose(0, int.MaxValue).Select(i => (i / 1000.0).ToString("R", CultureInfo.InvariantCulture))),
        (6, FuzzText.OddString().Select(FuzzText.JsonLiteral)));

    private static Gen<string> DateLeaf() => Gen.Elements(
        "new Date(0)", "new Date(-0)", "new Date(NaN)", "new Date(8.64e15)", "new Date(-8.64e15)", "new Date(1767225600123)", "new Date(-1)", "new Date('x')");

    private static Gen<string> RegExpLeaf() => Gen.Elements(
        "/a+b/gi", "/(?:)/", "new RegExp('')", "/\\u{1F600}/u", "/[\\s\\S]*/msy", "/(?<name>x)\\k<name>/d", "new RegExp('/', 'g')", "new RegExp('\\n')",
        "(() => { const r = /x/g; r.lastIndex = 5; return r; })()", "/[\\p{L}--\\p{Ll}]/v");

    private static Gen<string> BytesLeaf() =>
        from type in Gen.Elements("Uint8Array", "Int8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
            "Float64Array", "BigInt64Array", "BigUint64Array", "ArrayBuffer", "DataView", "Float16Array")
        from bytes in Gen.Elements(0, 1, 8, 16, 64, 4096).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255), n))
        from offset in Gen.Choose(0, 8)
        select Bytes(type, bytes, offset);

    /// <summary>A buffer or a view on part of one (from <paramref name="offset"/>, a multiple of the element size).</summary>
    private static string Bytes(string type, int[] bytes, int offset)
    {
        var buffer = $"new Uint8Array([{string.Join(",", bytes)}]).buffer";
        if (type == "ArrayBuffer") return buffer;
        var start = offset / 8 * 8;
        if (start > bytes.Length) start = 0;
        return $"(() => {{ const b = {buffer}; const size = {type}.BYTES_PER_ELEMENT ?? 1; const start = Math.min({start}, b.byteLength); " +
               $"return new {type}(b, start, Math.floor((b.byteLength - start) / size)); }})()";
    }

    private static Gen<string> ErrorLeaf() =>
        from type in Gen.Elements("Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError")
        from message in FuzzText.OddString()
        from renamed in Gen.Frequency((4, Gen.Constant("")), (1, Gen.Elements("Custom", "DataCloneError", "")))
        select renamed.Length == 0 || type != "Error"
            ? $"new {type}({FuzzText.JsonLiteral(message)})"
            : $"Object.assign(new Error({FuzzText.JsonLiteral(message)}), {{ name: {FuzzText.JsonLiteral(renamed)} }})";

    /// <summary>Values no browser clones: each must make the send fail with a DataCloneError.</summary>
    private static readonly string[] UncloneableSources =
    [
        "(() => 1)", "function named() {}", "(async () => {})", "(function* () {})", "class K {}", "Math.max", "(() => 1).bind(null)",
        "Symbol('s')", "Symbol.iterator", "Promise.resolve(1)", "new WeakMap()", "new WeakSet()", "window", "globalThis", "browser.runtime",
        "new Proxy({}, {})", "new Proxy([], {})",
        "(() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()",
        "new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } })",
        "new Proxy(function () {}, {})",
    ];
}
