namespace ActorRuntime.SchemaGenerator.ChromeTypes;

/// <summary>A declaration's JSDoc: only its tags (<c>@chrome-permission tabs</c>) matter here, each with the rest of its line.</summary>
internal sealed record DtsDoc(IReadOnlyList<(string Tag, string Value)> Tags)
{
    public static readonly DtsDoc None = new([]);

    public IEnumerable<string> Values(string tag) => Tags.Where(t => t.Tag == tag).Select(t => t.Value);

    public string? Value(string tag) => Values(tag).FirstOrDefault();

    public bool Has(string tag) => Tags.Any(t => t.Tag == tag);
}

/// <summary>A TypeScript type, as far as chrome-types writes them.</summary>
internal abstract record DtsType;

/// <summary><c>string</c>, <c>Tab</c>, <c>events.Event&lt;H&gt;</c>, <c>Promise&lt;T&gt;</c>: a name with its type arguments.</summary>
internal sealed record DtsNamed(string Name, IReadOnlyList<DtsType> Arguments) : DtsType;

/// <summary>A literal type: a string, a number or a boolean.</summary>
internal sealed record DtsLiteral(object Value) : DtsType;

internal sealed record DtsUnion(IReadOnlyList<DtsType> Items) : DtsType;

internal sealed record DtsIntersection(IReadOnlyList<DtsType> Items) : DtsType;

/// <summary><c>T[]</c>, or a tuple: <c>[T, ...T[]]</c> is an array of at least one.</summary>
internal sealed record DtsArray(DtsType Item, int MinItems, int? MaxItems) : DtsType;

/// <summary>An object type: an interface's, a class's or a literal's members; <c>[name: string]: T</c> is <see cref="Index"/>.</summary>
internal sealed record DtsObject(IReadOnlyList<DtsMember> Members, DtsType? Index) : DtsType;

internal sealed record DtsFunctionType(IReadOnlyList<DtsParameter> Parameters, DtsType Returns) : DtsType;

internal sealed record DtsParameter(string Name, bool Optional, DtsType Type);

/// <summary>A property, or a method when <see cref="IsMethod"/> (its type then a <see cref="DtsFunctionType"/>).</summary>
internal sealed record DtsMember(string Name, bool Optional, DtsType Type, DtsDoc Doc, bool IsMethod = false);

internal enum DtsKind { Type, Interface, Class, Function, Const }

/// <summary>One declaration of a namespace; a function declared several times (overloads) is several.</summary>
internal sealed record DtsDeclaration(DtsKind Kind, string Name, DtsDoc Doc, DtsType Type);

internal sealed record DtsNamespace(string Name, DtsDoc Doc, IReadOnlyList<DtsDeclaration> Declarations);
