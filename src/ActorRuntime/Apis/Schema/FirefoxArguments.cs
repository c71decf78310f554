using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Schema;

/// <summary>
/// Firefox's argument checking (<c>Schemas.sys.mjs</c>, used in the <c>mdn</c> and <c>firefox</c> flavours): arguments are
/// matched to parameters by their base types, skipping optional parameters first, then each is normalized against its
/// type; a failure throws an <c>Error</c> (not a TypeError) with Firefox's text:
/// <c>Incorrect argument types for tabs.query.</c> or <c>Type error for parameter queryInfo (...) for tabs.query.</c>.
/// </summary>
internal sealed class FirefoxArguments(ApiCheckContext context)
{
    private readonly ApiSchema _schema = ApiSchema.Instance;
    private readonly List<string> _path = new();
    private ChoiceTexts? _choices;

    /// <summary>
    /// The arguments a call of <paramref name="function"/> gets, one per parameter (an omitted optional one is its
    /// default, or null), normalized; or an error thrown into the caller's engine.
    /// </summary>
    public JsValue[] Check(SchemaNode function, JsValue[] arguments, IReadOnlyList<SchemaNode> parameters, string qualifiedName)
    {
        var fixedArguments = new JsValue[parameters.Count];
        if (!Match(parameters, arguments, fixedArguments))
            throw context.Error($"Incorrect argument types for {qualifiedName}.");
        for (var i = 0; i < parameters.Count; i++)
        {
            if (fixedArguments[i].IsNull()) continue;
            var result = Normalize(fixedArguments[i], parameters[i]);
            if (result.Error is { } error)
                throw context.Error($"Type error for parameter {parameters[i].Name} ({error}) for {qualifiedName}.");
            fixedArguments[i] = result.Value!;
        }
        return fixedArguments;
    }

    /// <summary>Assigns arguments to parameters, trying to leave each optional parameter out before giving it the next argument.</summary>
    private bool Match(IReadOnlyList<SchemaNode> parameters, JsValue[] arguments, JsValue[] assigned)
    {
        if (arguments.Length > parameters.Count) return false;
        // The search over which optional parameters are left out, as an explicit stack of (parameter, argument, tried).
        var stack = new Stack<(int Parameter, int Argument, bool TriedOmitting)>();
        stack.Push((0, 0, false));
        while (stack.Count > 0)
        {
            var (p, a, triedOmitting) = stack.Pop();
            if (p == parameters.Count)
            {
                if (a == arguments.Length) return true;
                continue;
            }
            var parameter = parameters[p];
            if (parameter.Optional && !triedOmitting)
            {
                stack.Push((p, a, true));
                assigned[p] = DefaultOf(parameter);
                stack.Push((p + 1, a, false));
                continue;
            }
            if (a == arguments.Length) continue;
            var argument = arguments[a];
            if (HasBaseType(parameter, argument)) assigned[p] = argument;
            else if (parameter.Optional && argument.IsNullish()) assigned[p] = DefaultOf(parameter);
            else continue;
            stack.Push((p + 1, a + 1, false));
        }
        return false;
    }

    private JsValue DefaultOf(SchemaNode node) => node.Default is { } value ? context.FromJson(value) : JsValue.Null;

    /// <summary>Firefox's base type of a value: null, array, integer (a number with no fraction), or its typeof.</summary>
    private static string BaseType(JsValue value) => value switch
    {
        _ when value.IsNull() => "null",
        _ when value.IsArray() => "array",
        JsNumber n when n.AsNumber() % 1 == 0 => "integer",
        _ => value.Type switch
        {
            Types.Undefined => "undefined",
            Types.Boolean => "boolean",
            Types.String => "string",
            Types.Number => "number",
            Types.Symbol => "symbol",
            Types.BigInt => "bigint",
            _ => value.IsCallable() ? "function" : "object",
        },
    };

    private bool HasBaseType(SchemaNode node, JsValue value)
    {
        node = _schema.Target(node);
        var type = BaseType(value);
        return node.Kind switch
        {
            SchemaKind.Any => true,
            SchemaKind.Choices => node.Choices!.Any(c => c.InManifestVersion(context.ManifestVersion) && HasBaseType(c, value)),
            SchemaKind.Number => type is "number" or "integer",
            _ => type == KindName(node.Kind),
        };
    }

    private static string KindName(SchemaKind kind) => kind switch
    {
        SchemaKind.String => "string",
        SchemaKind.Integer => "integer",
        SchemaKind.Number => "number",
        SchemaKind.Boolean => "boolean",
        SchemaKind.Array => "array",
        SchemaKind.Object => "object",
        SchemaKind.Function => "function",
        SchemaKind.Null => "null",
        SchemaKind.Binary => "object",
        _ => "any",
    };

    private readonly record struct Checked(JsValue? Value, string? Error)
    {
        public static Checked Ok(JsValue value) => new(value, null);
    }

    /// <summary>Records a failure: the choice text for an enclosing <c>choices</c>, and the message with the path it happened at.</summary>
    private Checked Fail(string message, string? choiceText)
    {
        if (_choices is { } choices && choiceText is not null)
        {
            var below = _path.Skip(choices.PathDepth).ToList();
            choices.Add(below.Count > 0 ? $".{string.Join('.', below)} must {choiceText}" : choiceText);
        }
        return new Checked(null, _path.Count > 0 ? $"Error processing {string.Join('.', _path)}: {message}" : message);
    }

    private static string Article(string type) => "aeiou".Contains(type[0]) ? $"be an {type} value" : $"be a {type} value";

    private Checked Normalize(JsValue value, SchemaNode node)
    {
        if (_path.Count > ApiCheckContext.MaxDepth)
            return Fail($"Value is nested more than {ApiCheckContext.MaxDepth} levels deep", $"be nested less than {ApiCheckContext.MaxDepth} levels deep");
        if (node.Kind == SchemaKind.Ref)
        {
            context.WarnIfDeprecated(node, value, _path);
            node = _schema.Target(node);
        }
        switch (node.Kind)
        {
            case SchemaKind.Any:
                return Checked.Ok(value);
            case SchemaKind.Choices:
                return NormalizeChoices(value, node);
        }
        var typeName = KindName(node.Kind);
        if (node.Kind == SchemaKind.Boolean ? !value.IsBoolean() : !HasBaseType(node, value))
            return Fail($"Expected {typeName} instead of {context.Json(value)}", node.Kind == SchemaKind.Boolean ? "be a boolean" : Article(typeName));
        context.WarnIfDeprecated(node, value, _path);
        return node.Kind switch
        {
            SchemaKind.String => NormalizeString(value.AsString(), node),
            SchemaKind.Integer => NormalizeInteger(value.AsNumber(), node),
            SchemaKind.Number => double.IsFinite(value.AsNumber()) ? Checked.Ok(value) : Fail("NaN and infinity are not valid", "be a finite number"),
            SchemaKind.Boolean => node.Enum is { } allowed && !allowed.Contains(value.AsBoolean() ? "true" : "false")
                ? Fail($"Invalid value {context.Json(value)}", $"be {string.Join(", ", allowed)}")
                : Checked.Ok(value),
            SchemaKind.Array => NormalizeArray((ObjectInstance)value, node),
            SchemaKind.Object => NormalizeObject((ObjectInstance)value, node),
            _ => Checked.Ok(value),
        };
    }

    private Checked NormalizeString(string text, SchemaNode node)
    {
        var value = (JsValue)text;
        if (node.Enum is { } allowed)
            return allowed.Contains(text)
                ? Checked.Ok(value)
                : Fail($"Invalid enumeration value {context.Json(value)}", $"be one of [{string.Join(", ", allowed.Select(e => context.Json(e)))}]");
        if (node.MinLength is { } min && text.Length < min) return Fail($"String {context.Json(value)} is too short (must be {min})", $"be longer than {min}");
        if (node.MaxLength is { } max && text.Length > max) return Fail($"String {context.Json(value)} is too long (must be {max})", $"be shorter than {max}");
        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            var literal = SchemaPatterns.Literal(node.PatternSource!);
            return Fail($"String {context.Json(value)} must match {literal}", $"match the pattern {literal}");
        }
        if (node.Format is { } format)
        {
            var (formatted, error) = SchemaFormats.Apply(format, text, context);
            if (error is not null) return Fail(error, $"match the format \"{format}\"");
            return Checked.Ok(formatted!);
        }
        return Checked.Ok(value);
    }

    private Checked NormalizeInteger(double number, SchemaNode node)
    {
        const double maxSafe = 9007199254740991;
        if (Math.Abs(number) > maxSafe) return Fail("Integer is out of range", "be a valid 32 bit signed integer");
        if (node.Minimum is { } min && number < min) return Fail($"Integer {Render(number)} is too small (must be at least {Render(min)})", $"be at least {Render(min)}");
        if (node.Maximum is { } max && number > max) return Fail($"Integer {Render(number)} is too big (must be at most {Render(max)})", $"be no greater than {Render(max)}");
        return Checked.Ok(number);
    }

    private static string Render(double number) => number.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private Checked NormalizeArray(ObjectInstance array, SchemaNode node)
    {
        var length = (long)TypeConverter.ToNumber(array.Get("length"));
        var result = new List<JsValue>();
        for (long i = 0; i < length; i++)
        {
            var item = array.Get(i);
            if (node.Items is null)
            {
                result.Add(item);
                continue;
            }
            _path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var itemResult = Normalize(item, node.Items);
            _path.RemoveAt(_path.Count - 1);
            if (itemResult.Error is { } error)
            {
                // onError "warn" or "ignore": the element is dropped (with a console line for "warn").
                if (node.Items.OnError is "warn") context.Warn(error);
                else if (node.Items.OnError is not "ignore") return new Checked(null, error);
                continue;
            }
            result.Add(itemResult.Value!);
        }
        if (node.MinItems is { } min && result.Count < min) return Fail($"Array requires at least {min} items; you have {result.Count}", $"have at least {min} items");
        if (node.MaxItems is { } max && result.Count > max) return Fail($"Array requires at most {max} items; you have {result.Count}", $"have at most {max} items");
        return Checked.Ok(context.NewArray(result));
    }

    private Checked NormalizeObject(ObjectInstance value, SchemaNode node)
    {
        if (node.IsInstanceOf is { } instanceOf)
            return context.IsInstanceOf(value, instanceOf) ? Checked.Ok(value) : Fail($"Object must be an instance of {instanceOf}", $"be an instance of {instanceOf}");
        // Firefox copies own enumerable properties once (getters run once) and checks the copy.
        var own = context.OwnEnumerable(value);
        var result = context.NewObject();
        foreach (var property in node.Properties ?? [])
        {
            var name = property.Name!;
            var present = own.Remove(name, out var propertyValue);
            if (present && !property.InManifestVersion(context.ManifestVersion))
            {
                context.Warn(WithPath($"Property \"{name}\" is unsupported in Manifest Version {context.ManifestVersion}"));
                if (node.AdditionalProperties is null) own[name] = propertyValue!;
                continue;
            }
            if (present && property.Unsupported) return Fail($"Property \"{name}\" is unsupported by Firefox", $"not contain an unsupported \"{name}\" property");
            if (!present)
            {
                if (!property.Optional) return Fail($"Property \"{name}\" is required", $"contain the required \"{name}\" property");
                result.FastSetDataProperty(name, DefaultOf(property));
                continue;
            }
            if (property.Optional && propertyValue!.IsNullish())
            {
                result.FastSetDataProperty(name, DefaultOf(property));
                continue;
            }
            _path.Add(name);
            var checkedProperty = Normalize(propertyValue!, property);
            _path.RemoveAt(_path.Count - 1);
            if (checkedProperty.Error is { } error)
            {
                if (property.OnError is "warn") context.Warn(error);
                else if (property.OnError is not "ignore") return new Checked(null, error);
                result.FastSetDataProperty(name, DefaultOf(property));
                continue;
            }
            result.FastSetDataProperty(name, checkedProperty.Value!);
        }
        foreach (var (pattern, type) in node.PatternProperties ?? [])
            foreach (var key in own.Keys.Where(k => pattern.IsMatch(k)).ToList())
            {
                _path.Add(key);
                var checkedProperty = Normalize(own[key], type);
                _path.RemoveAt(_path.Count - 1);
                if (checkedProperty.Error is not null) return checkedProperty;
                result.FastSetDataProperty(key, checkedProperty.Value!);
                own.Remove(key);
            }
        if (own.Count == 0) return Checked.Ok(result);
        if (node.AdditionalProperties is { } additional)
        {
            foreach (var (key, item) in own)
            {
                _path.Add(key);
                var checkedProperty = Normalize(item, additional);
                _path.RemoveAt(_path.Count - 1);
                if (checkedProperty.Error is not null) return checkedProperty;
                result.FastSetDataProperty(key, checkedProperty.Value!);
            }
            return Checked.Ok(result);
        }
        if (own.Count == 1)
        {
            var key = own.Keys.First();
            return Fail($"Unexpected property \"{key}\"", $"not contain an unexpected \"{key}\" property");
        }
        var keys = string.Join(", ", own.Keys.Order(StringComparer.Ordinal));
        return Fail($"Unexpected properties: {keys}", $"not contain the unexpected properties [{keys}]");
    }

    private string WithPath(string message) => _path.Count > 0 ? $"Warning processing {string.Join('.', _path)}: {message}" : message;

    private Checked NormalizeChoices(JsValue value, SchemaNode node)
    {
        var outer = _choices;
        var texts = _choices = new ChoiceTexts(_path.Count);
        Checked last = new(null, "Value matches no choice");
        try
        {
            foreach (var choice in node.Choices!.Where(c => c.InManifestVersion(context.ManifestVersion)))
            {
                last = Normalize(value, choice);
                if (last.Error is null) return last;
            }
        }
        finally
        {
            _choices = outer;
        }
        if (texts.Count <= 1) return last;
        var list = texts.Joined();
        var message = value is ObjectInstance || value.IsNull() ? $"Value must either: {list}" : $"Value {context.Json(value)} must either: {list}";
        // Inside another choices, this one is one alternative: ".path must either [a, or b]".
        return Fail(message, $"either [{list}]");
    }

    /// <summary>The distinct texts the alternatives of one <c>choices</c> failed with.</summary>
    private sealed class ChoiceTexts(int pathDepth)
    {
        private readonly List<string> _texts = new();
        public int PathDepth { get; } = pathDepth;
        public int Count => _texts.Count;

        public void Add(string text)
        {
            if (!_texts.Contains(text)) _texts.Add(text);
        }

        public string Joined() => string.Join(", ", _texts.Select((t, i) => i == _texts.Count - 1 ? "or " + t : t));
    }
}
