using System.Collections.Concurrent;
using System.Reflection;

namespace ActorRuntime.Scripting;

/// <summary>
/// Estimates the memory an extension's engines hold: the .NET objects reachable from them through the script engine's
/// own types (Jint, its parser's syntax trees, arrays, strings, collections), with an explicit stack and one visit per
/// object, and a page's DOM (the runtime's DOM handles and AngleSharp's nodes). The walk stops at anything else (the runtime's and Akka's objects, delegates, reflection), so it never
/// wanders into the rest of the process, and stops early once the total passes what the caller cares about.
/// </summary>
/// <remarks>
/// .NET offers no retained size per object graph, and closures keep their scopes in engine-internal objects no
/// script-visible walk reaches, hence a walk of the engine's own fields. Sizes are estimates (object header plus
/// 8 bytes a field, array and string payloads), good to within tens of percent, which is what a limit of hundreds of
/// megabytes needs.
/// </remarks>
internal static class RetainedSize
{
    private const long ObjectHeader = 16;
    private const long Reference = 8;

    private static readonly ConcurrentDictionary<Type, TypeShape> Shapes = new();

    /// <summary>Bytes reachable from <paramref name="roots"/>, or the first total past <paramref name="stopAbove"/>.</summary>
    public static long Measure(IEnumerable<object> roots, long stopAbove, Func<Type, bool>? alsoEngineData = null)
    {
        _alsoEngineData = alsoEngineData;
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        foreach (var root in roots)
            if (visited.Add(root)) pending.Push(root);
        long total = 0;
        while (pending.TryPop(out var item))
        {
            total += Visit(item, visited, pending);
            if (total > stopAbove) return total;
        }
        return total;
    }

    private static long Visit(object item, HashSet<object> visited, Stack<object> pending)
    {
        switch (item)
        {
            case string text:
                return 22 + 2L * text.Length;
            case Array array:
                return VisitArray(array, visited, pending);
        }
        var shape = Shape(item.GetType());
        foreach (var field in shape.References) Follow(field.GetValue(item), visited, pending);
        foreach (var field in shape.Structs) VisitStruct(field.GetValue(item), visited, pending);
        return shape.Size;
    }

    private static long VisitArray(Array array, HashSet<object> visited, Stack<object> pending)
    {
        var element = array.GetType().GetElementType()!;
        long length = array.LongLength;
        if (element.IsPrimitive || element.IsEnum) return 24 + length * PrimitiveSize(element);
        if (!element.IsValueType)
        {
            foreach (var value in (object?[])array) Follow(value, visited, pending);
            return 24 + length * Reference;
        }
        var shape = Shape(element);
        if (shape.References.Length > 0 || shape.Structs.Length > 0)
            foreach (var value in array) VisitStruct(value, visited, pending);
        return 24 + length * Math.Max(Reference, shape.Size - ObjectHeader);
    }

    private static void VisitStruct(object? boxed, HashSet<object> visited, Stack<object> pending)
    {
        if (boxed is null) return;
        var shape = Shape(boxed.GetType());
        foreach (var field in shape.References) Follow(field.GetValue(boxed), visited, pending);
        foreach (var field in shape.Structs) VisitStruct(field.GetValue(boxed), visited, pending);
    }

    private static void Follow(object? value, HashSet<object> visited, Stack<object> pending)
    {
        if (value is null || !IsEngineData(value.GetType()) || !visited.Add(value)) return;
        pending.Push(value);
    }

    /// <summary>Objects that belong to the engine's data; anything else ends the walk there.</summary>
    /// <summary>The caller's own types that hold script data (the kernel's timers and clones), for the walk running on this thread.</summary>
    [ThreadStatic]
    private static Func<Type, bool>? _alsoEngineData;

    private static bool IsEngineData(Type type)
    {
        if (_alsoEngineData?.Invoke(type) == true) return true;
        if (type == typeof(string)) return true;
        if (type.IsArray) return true;
        if (typeof(Delegate).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type)) return false;
        var name = type.Namespace ?? "";
        return name.StartsWith("Jint", StringComparison.Ordinal)
               || name.StartsWith("Acornima", StringComparison.Ordinal)
               || name.StartsWith("System.Collections", StringComparison.Ordinal)
               // A page's DOM: the runtime's handles and AngleSharp's nodes (not its browsing context, parser or configuration).
               || name.StartsWith("ActorRuntime.Dom", StringComparison.Ordinal)

               || name is "AngleSharp.Dom" or "AngleSharp.Html.Dom" or "AngleSharp.Svg.Dom" or "AngleSharp.Mathml.Dom"
               || type == typeof(System.Text.StringBuilder);
    }

    private static TypeShape Shape(Type type) => Shapes.GetOrAdd(type, static t =>
    {
        var references = new List<FieldInfo>();
        var structs = new List<FieldInfo>();
        var size = ObjectHeader;
        for (var current = t; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var fieldType = field.FieldType;
                if (fieldType.IsPointer || fieldType.IsByRef || fieldType.IsByRefLike)
                {
                    size += Reference;
                    continue;
                }
                if (fieldType.IsPrimitive || fieldType.IsEnum)
                {
                    size += PrimitiveSize(fieldType);
                    continue;
                }
                if (fieldType.IsValueType)
                {
                    var inner = Shape(fieldType);
                    size += Math.Max(Reference, inner.Size - ObjectHeader);
                    if (inner.References.Length > 0 || inner.Structs.Length > 0) structs.Add(field);
                    continue;
                }
                size += Reference;
                references.Add(field);
            }
        }
        return new TypeShape([.. references], [.. structs], size);
    });

    private static long PrimitiveSize(Type type)
    {
        if (type.IsEnum) type = Enum.GetUnderlyingType(type);
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean or TypeCode.Byte or TypeCode.SByte => 1,
            TypeCode.Char or TypeCode.Int16 or TypeCode.UInt16 => 2,
            TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Single => 4,
            _ => 8,
        };
    }

    private sealed record TypeShape(FieldInfo[] References, FieldInfo[] Structs, long Size);
}
