namespace ActorRuntime.SchemaGenerator.ChromeTypes;

/// <summary>
/// Reads the declarations of chrome-types' <c>declare namespace chrome { ... }</c>: its namespaces and, in each, type aliases,
/// interfaces, classes, functions (every overload) and constants, with their JSDoc tags. Only the TypeScript that file
/// uses is understood; anything else is an error naming its line, so a new form in a later version is seen, not skipped.
/// Nesting is bounded (a type nested deeper than <see cref="MaxDepth"/> is refused).
/// </summary>
internal sealed class DtsParser
{
    private const int MaxDepth = 64;
    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;

    private DtsParser(List<Token> tokens) => _tokens = tokens;

    /// <summary>The namespaces under <c>chrome</c>, by the names scripts use (<c>_debugger</c> exported as <c>debugger</c>).</summary>
    public static List<DtsNamespace> Parse(string text)
    {
        var parser = new DtsParser(DtsLexer.Read(text));
        return parser.Chrome();
    }

    private Token Current => _tokens[_position];

    private Token Next() => _tokens[_position++];

    private bool Accept(string text)
    {
        if (!Current.Is(text)) return false;
        _position++;
        return true;
    }

    private void Expect(string text)
    {
        if (!Accept(text)) throw Unexpected($"'{text}'");
    }

    private string Name()
    {
        var token = Next();
        return token.Kind is TokenKind.Identifier or TokenKind.String ? token.Text : throw Unexpected("a name", token);
    }

    private FormatException Unexpected(string expected, Token? token = null) =>
        new($"expected {expected}, found {token ?? Current}");

    /// <summary>The last JSDoc before the next declaration (skipping any before it).</summary>
    private DtsDoc Docs()
    {
        var doc = DtsDoc.None;
        while (Current.Kind == TokenKind.Doc) doc = DtsLexer.Doc(Next().Text);
        return doc;
    }

    private List<DtsNamespace> Chrome()
    {
        while (!(Current.Is("declare") && _tokens[_position + 1].Is("namespace") && _tokens[_position + 2].Is("chrome")))
        {
            if (Current.Kind == TokenKind.End) throw new FormatException("the file declares no namespace chrome");
            _position++;
        }
        _position += 3;
        Expect("{");
        var namespaces = new List<DtsNamespace>();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var doc = Docs();
            if (Accept("}")) break;
            if (Accept("export") && Current.Is("{"))
            {
                Alias(aliases);
                continue;
            }
            Expect("namespace");
            namespaces.AddRange(Namespace(doc, prefix: ""));
        }
        return namespaces.Select(ns => aliases.TryGetValue(ns.Name, out var alias) ? ns with { Name = alias } : ns).ToList();
    }

    private IEnumerable<DtsNamespace> Namespace(DtsDoc doc, string prefix)
    {
        var name = prefix + Name();
        while (Accept(".")) name += "." + Name();
        Expect("{");
        var declarations = new List<DtsDeclaration>();
        var nested = new List<DtsNamespace>();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var memberDoc = Docs();
            if (Accept("}")) break;
            if (Accept("export") && Current.Is("{"))
            {
                Alias(aliases);
                continue;
            }
            Accept("declare");
            var keyword = Next();
            switch (keyword.Text)
            {
                case "namespace":
                    nested.AddRange(Namespace(memberDoc, name + "."));
                    break;
                case "type":
                {
                    var typeName = Name();
                    SkipGenerics();
                    Expect("=");
                    declarations.Add(new(DtsKind.Type, typeName, memberDoc, Type()));
                    Accept(";");
                    break;
                }
                case "interface" or "class":
                {
                    var typeName = Name();
                    SkipGenerics();
                    if (Accept("extends")) throw Unexpected("no interface inheritance in chrome's namespaces", keyword);
                    Expect("{");
                    declarations.Add(new(keyword.Text == "class" ? DtsKind.Class : DtsKind.Interface, typeName, memberDoc, ObjectBody()));
                    break;
                }
                case "function":
                {
                    var functionName = Name();
                    SkipGenerics();
                    var parameters = Parameters();
                    Expect(":");
                    declarations.Add(new(DtsKind.Function, functionName, memberDoc, new DtsFunctionType(parameters, Type())));
                    Accept(";");
                    break;
                }
                case "const" or "let":
                {
                    var constName = Name();
                    Expect(":");
                    declarations.Add(new(DtsKind.Const, constName, memberDoc, Type()));
                    Accept(";");
                    break;
                }
                default:
                    throw Unexpected("a declaration", keyword);
            }
        }
        declarations = declarations.Select(d => aliases.TryGetValue(d.Name, out var alias) ? d with { Name = alias } : d).ToList();
        return nested.Prepend(new DtsNamespace(name, doc, declarations));
    }

    /// <summary><c>export {_debugger as debugger};</c>: a declaration whose name is a reserved word, exported under it.</summary>
    private void Alias(Dictionary<string, string> aliases)
    {
        Expect("{");
        var inner = Name();
        Expect("as");
        aliases[inner] = Name();
        Expect("}");
        Accept(";");
    }

    /// <summary>Skips a declaration's type parameters (<c>&lt;H extends (...args: any) =&gt; void, C = void&gt;</c>): they are read as <c>any</c>.</summary>
    private void SkipGenerics()
    {
        if (!Current.Is("<")) return;
        var depth = 0;
        do
        {
            var token = Next();
            if (token.Is("<")) depth++;
            else if (token.Is(">")) depth--;
            else if (token.Kind == TokenKind.End) throw Unexpected("'>'", token);
        } while (depth > 0);
    }

    /// <summary>A parameter list, after which the current token is past its <c>)</c>.</summary>
    private List<DtsParameter> Parameters()
    {
        Expect("(");
        var parameters = new List<DtsParameter>();
        while (true)
        {
            Docs();
            if (Accept(")")) return parameters;
            var rest = Accept("...");
            var name = Name();
            var optional = Accept("?");
            Expect(":");
            var type = Type();
            parameters.Add(new DtsParameter(name, optional || rest, rest ? new DtsArray(type, 0, null) : type));
            if (!Accept(",") && !Current.Is(")")) throw Unexpected("',' or ')'");
        }
    }

    /// <summary>The members of an object type, after its <c>{</c> up to and past its <c>}</c>; a class's constructor is left out.</summary>
    private DtsObject ObjectBody()
    {
        var members = new List<DtsMember>();
        DtsType? index = null;
        while (true)
        {
            var doc = Docs();
            if (Accept("}")) return new DtsObject(members, index);
            if (Accept("["))
            {
                Name();
                Expect(":");
                Type();
                Expect("]");
                Expect(":");
                index = Type();
            }
            else
            {
                if (Current.Is("readonly") && _tokens[_position + 1].Kind is TokenKind.Identifier or TokenKind.String) _position++;
                var name = Name();
                var optional = Accept("?");
                if (Current.Is("("))
                {
                    var parameters = Parameters();
                    var returns = Accept(":") ? Type() : new DtsNamed("void", []);
                    if (name != "constructor") members.Add(new DtsMember(name, optional, new DtsFunctionType(parameters, returns), doc, IsMethod: true));
                }
                else
                {
                    Expect(":");
                    members.Add(new DtsMember(name, optional, Type(), doc));
                }
            }
            if (!Accept(";") && !Accept(",") && !Current.Is("}")) throw Unexpected("';', ',' or '}'");
        }
    }

    private DtsType Type()
    {
        if (++_depth > MaxDepth) throw new FormatException($"line {Current.Line}: a type nests more than {MaxDepth} levels deep");
        try
        {
            Accept("|");
            var items = new List<DtsType> { Intersection() };
            while (Accept("|")) items.Add(Intersection());
            return items.Count == 1 ? items[0] : new DtsUnion(items);
        }
        finally
        {
            _depth--;
        }
    }

    private DtsType Intersection()
    {
        var items = new List<DtsType> { Postfix() };
        while (Accept("&")) items.Add(Postfix());
        return items.Count == 1 ? items[0] : new DtsIntersection(items);
    }

    private DtsType Postfix()
    {
        var type = Primary();
        while (Current.Is("[") && _tokens[_position + 1].Is("]"))
        {
            _position += 2;
            type = new DtsArray(type, 0, null);
        }
        return type;
    }

    private DtsType Primary()
    {
        var token = Current;
        if (token.Is("(")) return IsFunctionType() ? FunctionType() : Parenthesised();
        if (Accept("{")) return ObjectBody();
        if (Accept("[")) return Tuple();
        if (token.Kind == TokenKind.String) return new DtsLiteral(Next().Text);
        if (token.Kind == TokenKind.Number || token.Is("-"))
        {
            var negative = Accept("-");
            var number = Next();
            if (number.Kind != TokenKind.Number) throw Unexpected("a number", number);
            return new DtsLiteral((negative ? -1 : 1) * double.Parse(number.Text, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (token.Is("true") || token.Is("false")) return new DtsLiteral(Next().Text == "true");
        var name = Name();
        while (Accept(".")) name += "." + Name();
        var arguments = new List<DtsType>();
        if (Accept("<"))
        {
            do arguments.Add(Type());
            while (Accept(","));
            Expect(">");
        }
        return new DtsNamed(name, arguments);
    }

    /// <summary>Whether the <c>(</c> here opens a function type's parameters rather than a parenthesised type.</summary>
    private bool IsFunctionType()
    {
        var after = _position + 1;
        while (_tokens[after].Kind == TokenKind.Doc) after++;
        var next = _tokens[after];
        return next.Is(")") || next.Is("...") || (next.Kind == TokenKind.Identifier && (_tokens[after + 1].Is(":") || _tokens[after + 1].Is("?")));
    }

    private DtsType FunctionType()
    {
        var parameters = Parameters();
        Expect("=>");
        return new DtsFunctionType(parameters, Type());
    }

    private DtsType Parenthesised()
    {
        Expect("(");
        var type = Type();
        Expect(")");
        return type;
    }

    /// <summary>A tuple: <c>[string, ...string[]]</c> is an array of at least one string; <c>[A, B]</c> an array of two.</summary>
    private DtsType Tuple()
    {
        var items = new List<DtsType>();
        DtsType? rest = null;
        while (!Accept("]"))
        {
            if (Accept("...")) rest = Type() is DtsArray array ? array.Item : throw Unexpected("an array after '...'");
            else items.Add(Type());
            if (!Accept(",") && !Current.Is("]")) throw Unexpected("',' or ']'");
        }
        var all = items.Concat(rest is null ? [] : [rest]).Distinct().ToList();
        var item = all.Count == 1 ? all[0] : new DtsUnion(all);
        return new DtsArray(item, items.Count, rest is null ? items.Count : null);
    }
}
