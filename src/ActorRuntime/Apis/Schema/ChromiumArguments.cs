using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Schema;

/// <summary>
/// Chromium's argument checking (<c>extensions/renderer/bindings</c>, the <c>chrome</c> flavour): arguments are matched
/// to the signature consuming before skipping, then each is parsed against its type; a failure throws a TypeError
/// <c>Error in invocation of tabs.query(object queryInfo, function callback): ...</c>. Patterns and formats are not
/// checked (Chromium's renderer does not).
/// </summary>
internal sealed class ChromiumArguments(ApiCheckContext context)
{
    private readonly ApiSchema _schema = ApiSchema.Instance;

    /// <summary>One value per parameter of the signature (null for an omitted one), the callback slot included.</summary>
    public JsValue[] Check(JsValue[] arguments, IReadOnlyList<SchemaNode> parameters, bool hasCallback, string qualifiedName)
    {
        var slots = new JsValue?[parameters.Count];
        if (!Match(parameters, arguments, slots, hasCallback))
            throw Invocation(qualifiedName, parameters, "No matching signature.");
        var result = new JsValue[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var value = slots[i];
            if (value is null || value.IsNullish())
            {
                result[i] = JsValue.Null;
                continue;
            }
            if (hasCallback && i == parameters.Count - 1)
            {
                result[i] = value;
                continue;
            }
            var (parsed, error) = Parse(value, parameters[i], depth: 0);
            if (error is not null) throw Invocation(qualifiedName, parameters, $"Error at parameter '{parameters[i].Name}': {error}");
            result[i] = parsed!;
        }
        return result;
    }

    private Jint.Runtime.JavaScriptException Invocation(string name, IReadOnlyList<SchemaNode> parameters, string error) =>
        context.Error($"Error in invocation of {name}({Signature(parameters)}): {error}");

    /// <summary>The signature as Chromium prints it: <c>[optional ]type name</c>, joined by commas.</summary>
    public string Signature(IReadOnlyList<SchemaNode> parameters) =>
        string.Join(", ", parameters.Select(p => (p.Optional && !p.OptionalByDefault ? "optional " : "") + TypeName(p) + " " + p.Name));

    private string TypeName(SchemaNode node) => node.Kind switch
    {
        SchemaKind.Ref => node.Ref!.Contains('.') ? node.Ref! : node.Namespace + "." + node.Ref,
        SchemaKind.Choices => "[" + string.Join("|", node.Choices!.Select(TypeName)) + "]",
        SchemaKind.Object when node.IsInstanceOf is { } instance => instance,
        _ => node.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Chromium's matching: each argument is given to the next parameter if it fits, else that parameter is left out when optional.</summary>
    private bool Match(IReadOnlyList<SchemaNode> parameters, JsValue[] arguments, JsValue?[] slots, bool hasCallback)
    {
        if (arguments.Length > parameters.Count) return false;
        var stack = new Stack<(int Argument, int Parameter, bool TriedConsuming)>();
        stack.Push((0, 0, false));
        while (stack.Count > 0)
        {
            var (a, p, triedConsuming) = stack.Pop();
            if (a == arguments.Length && p == parameters.Count) return true;
            if (arguments.Length - a > parameters.Count - p) continue;
            if (!triedConsuming && a < arguments.Length)
            {
                stack.Push((a, p, true));
                var parameter = parameters[p];
                if ((parameter.Optional && arguments[a].IsNullish()) || IsCorrectType(parameter, arguments[a]))
                {
                    slots[p] = arguments[a];
                    stack.Push((a + 1, p + 1, false));
                }
                continue;
            }
            if (parameters[p].Optional)
            {
                slots[p] = null;
                stack.Push((a, p + 1, false));
                continue;
            }
            // Promise form: the callback, last, may be left out.
            if (hasCallback && a == arguments.Length && parameters.Count - p == 1)
            {
                slots[p] = null;
                return true;
            }
        }
        return false;
    }

    private bool IsCorrectType(SchemaNode node, JsValue value)
    {
        node = _schema.Target(node, chromiumFlavor: true);
        return node.Kind switch
        {
            SchemaKind.Any => true,
            SchemaKind.Choices => node.Choices!.Any(c => IsCorrectType(c, value)),
            SchemaKind.Integer => value is JsNumber n && (IsInt32(n.AsNumber()) || n.AsNumber() == 0),
            SchemaKind.Number => value.IsNumber(),
            SchemaKind.Boolean => value.IsBoolean(),
            SchemaKind.String => value.IsString(),
            SchemaKind.Object => value is ObjectInstance && !value.IsCallable() && !value.IsArray(),
            SchemaKind.Array => value.IsArray(),
            SchemaKind.Binary => value is Jint.Native.JsArrayBuffer or Jint.Native.JsTypedArray,
            SchemaKind.Function => value.IsCallable(),
            SchemaKind.Null => value.IsNull(),
            _ => false,
        };
    }

    private static bool IsInt32(double number) => number % 1 == 0 && number is >= int.MinValue and <= int.MaxValue;

    /// <summary>What Chromium calls a value's type in its errors.</summary>
    private static string Found(JsValue value) => value switch
    {
        _ when value.IsNull() => "null",
        _ when value.IsUndefined() => "undefined",
        JsNumber n => IsInt32(n.AsNumber()) ? "integer" : "number",
        _ when value.IsBoolean() => "boolean",
        _ when value.IsString() => "string",
        _ when value.IsArray() => "array",
        _ when value.IsCallable() => "function",
        Jint.Native.JsArrayBuffer or Jint.Native.JsTypedArray => "binary",
        ObjectInstance => "object",
        _ => "other",
    };

    private (JsValue? Value, string? Error) Parse(JsValue value, SchemaNode node, int depth)
    {
        if (depth > ApiCheckContext.MaxDepth) return (null, $"Value is nested more than {ApiCheckContext.MaxDepth} levels deep.");
        var target = _schema.Target(node, chromiumFlavor: true);
        if (target.Kind == SchemaKind.Any) return (value, null);
        if (!IsCorrectType(target, value)) return (null, $"Invalid type: expected {TypeName(node)}, found {Found(value)}.");
        switch (target.Kind)
        {
            case SchemaKind.Choices:
                foreach (var choice in target.Choices!.Where(c => IsCorrectType(c, value)))
                    if (Parse(value, choice, depth + 1) is { Error: null } parsed) return parsed;
                return (null, "Value did not match any choice.");
            case SchemaKind.Integer or SchemaKind.Number:
                var number = value.AsNumber();
                if (!double.IsFinite(number)) return (null, "Value must not be NaN or Infinity.");
                if (target.Minimum is { } min && number < min) return (null, $"Value must be at least {min}.");
                if (target.Maximum is { } max && number > max) return (null, $"Value must be at most {max}.");
                return (value, null);
            case SchemaKind.String:
                var text = value.AsString();
                if (target.MinLength is { } minLength && text.Length < minLength) return (null, $"String must have at least {minLength} characters; found {text.Length}.");
                if (target.MaxLength is { } maxLength && text.Length > maxLength) return (null, $"String must have at most {maxLength} characters; found {text.Length}.");
                if (target.Enum is { } allowed && !allowed.Contains(text))
                    return (null, $"Value must be one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
                return (value, null);
            case SchemaKind.Array:
                return ParseArray((ObjectInstance)value, target, depth);
            case SchemaKind.Object:
                return ParseObject((ObjectInstance)value, target, depth);
            default:
                return (value, null);
        }
    }

    private (JsValue?, string?) ParseArray(ObjectInstance array, SchemaNode node, int depth)
    {
        var length = (long)TypeConverter.ToNumber(array.Get("length"));
        if (node.MinItems is { } min && length < min) return (null, $"Array must have at least {min} items; found {length}.");
        if (node.MaxItems is { } max && length > max) return (null, $"Array must have at most {max} items; found {length}.");
        var items = new List<JsValue>();
        for (long i = 0; i < length; i++)
        {
            var item = array.Get(i);
            if (node.Items is null)
            {
                items.Add(item);
                continue;
            }
            var (parsed, error) = Parse(item, node.Items, depth + 1);
            if (error is not null) return (null, $"Error at index {i}: {error}");
            items.Add(parsed!);
        }
        return (context.NewArray(items), null);
    }

    private (JsValue?, string?) ParseObject(ObjectInstance value, SchemaNode node, int depth)
    {
        if (node.IsInstanceOf is { } instanceOf)
            return context.IsInstanceOf(value, instanceOf) ? (value, null) : (null, $"Value must be an instance of {instanceOf}.");
        var result = context.NewObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, item) in context.OwnEnumerable(value))
        {
            var property = node.Properties?.FirstOrDefault(p => p.Name == key);
            var spec = property ?? node.AdditionalProperties;
            if (spec is null) return (null, $"Unexpected property: '{key}'.");
            seen.Add(key);
            if (item.IsNullish())
            {
                if (property is { Optional: false }) return (null, $"Missing required property '{key}'.");
                continue;
            }
            var (parsed, error) = Parse(item, spec, depth + 1);
            if (error is not null) return (null, $"Error at property '{key}': {error}");
            result.FastSetDataProperty(key, parsed!);
        }
        foreach (var required in (node.Properties ?? []).Where(p => !p.Optional && !seen.Contains(p.Name!)))
            return (null, $"Missing required property '{required.Name}'.");
        return (result, null);
    }
}
