using Mono.Cecil;

namespace ActorRuntime.Tests.Architecture;

/// <summary>
/// The folders of <c>src/ActorRuntime</c> are layers that depend one way: Manifest, Timing, Serialization, Diagnostics, Browsing,
/// Configuration, Telemetry → Scripting (engines and their limits) → Storage → Kernel (one extension's shared state, realms, event
/// loop and lifecycle state machine) → Apis → Contexts → Lifecycle → the front door (the root namespace) → Hosting,
/// Cluster, Host. Under all of them, the contract assembly (ActorRuntime.Abstractions).
/// Every reference a type makes (signatures and method bodies, read from the compiled assembly) is checked.
/// </summary>
public class LayerTests
{
    private static readonly string[] Order =
        ["Manifest|Timing|Serialization|Diagnostics|Configuration|Browsing|Telemetry", "Scripting", "Storage", "Kernel", "Dom", "Apis", "Contexts", "Lifecycle", "(root)"];

    [Fact]
    public void Layers_depend_one_way()
    {
        var backEdges = DependencyEdges().Where(edge => Rank(edge.From) < Rank(edge.To)).Select(edge => edge.Example).Distinct().Take(20).ToList();
        Assert.True(backEdges.Count == 0, "back-edges between layers:\n" + string.Join("\n", backEdges));
    }

    /// <summary>
    /// What the compiled code cannot show: a constant of a higher layer is copied into the lower one at compile time, so the
    /// sources are read too, for a using of a higher layer's namespace or a name qualified with it.
    /// </summary>
    [Fact]
    public void Sources_name_no_higher_layer()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ActorRuntime"));
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            var layer = relative.Contains(Path.DirectorySeparatorChar) ? relative.Split(Path.DirectorySeparatorChar)[0] : "(root)";
            var higher = Order.Skip(Rank(layer) + 1).SelectMany(names => names.Split('|')).Where(name => name != "(root)").ToList();
            var text = File.ReadAllText(file);
            foreach (var name in higher)
                if (System.Text.RegularExpressions.Regex.IsMatch(text, $@"(using ActorRuntime\.{name}\b|(?<![\w.])(ActorRuntime\.)?{name}\.[A-Z])"))
                    found.Add($"{relative} names {name}");
        }
        Assert.True(found.Count == 0, "sources naming a higher layer:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_library_does_not_reference_its_hosts()
    {
        var references = AssemblyDefinition.ReadAssembly(typeof(ExtensionRuntime).Assembly.Location).MainModule.AssemblyReferences.Select(r => r.Name);
        // The contract assembly sits under everything; the hosts (Hosting, Cluster, Host) over it.
        Assert.DoesNotContain(references, name => name.StartsWith("ActorRuntime.", StringComparison.Ordinal) && name != "ActorRuntime.Abstractions");
    }

    private static int Rank(string layer) => Array.FindIndex(Order, names => names.Split('|').Contains(layer));

    /// <summary>Every folder is a layer of the order: a new folder is placed in it deliberately, not left out of the check.</summary>
    [Fact]
    public void Every_namespace_is_a_layer()
    {
        var module = AssemblyDefinition.ReadAssembly(typeof(ExtensionRuntime).Assembly.Location).MainModule;
        var unplaced = module.GetTypes().Where(OwnType).Select(type => LayerOf(type)).Distinct().Where(layer => Rank(layer) < 0).ToList();
        Assert.True(unplaced.Count == 0, "namespaces outside the layer order: " + string.Join(", ", unplaced));
    }

    private static string LayerOf(TypeReference type)
    {
        while (type.IsNested) type = type.DeclaringType;
        var parts = type.Namespace.Split('.');
        return parts.Length > 1 ? parts[1] : "(root)";
    }

    private static IEnumerable<(string From, string To, string Example)> DependencyEdges()
    {
        var module = AssemblyDefinition.ReadAssembly(typeof(ExtensionRuntime).Assembly.Location).MainModule;
        foreach (var type in module.GetTypes().Where(t => OwnType(t)))
        {
            foreach (var target in ReferencedTypes(type).Where(t => t is TypeDefinition || t.Scope is ModuleDefinition).Where(OwnType))
            {
                var (from, to) = (LayerOf(type), LayerOf(target));
                if (from != to && Rank(from) >= 0 && Rank(to) >= 0) yield return (from, to, $"{type.FullName} -> {target.FullName}");
            }
        }
    }

    private static bool OwnType(TypeReference type)
    {
        while (type.IsNested) type = type.DeclaringType;
        return type.Namespace == "ActorRuntime" || type.Namespace.StartsWith("ActorRuntime.", StringComparison.Ordinal);
    }

    /// <summary>The types one type refers to: base, interfaces, members' signatures, locals, and every type, method and field its code names.</summary>
    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            // An explicit stack, no recursion: generic arguments nest.
            var pending = new Stack<TypeReference>();
            if (reference is not null) pending.Push(reference);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (current is GenericInstanceType generic) foreach (var argument in generic.GenericArguments) pending.Push(argument);
                if (current is TypeSpecification specification) pending.Push(specification.ElementType);
                else if (current is not GenericParameter) found.Add(current);
            }
        }
        Add(type.BaseType);
        foreach (var implemented in type.Interfaces) Add(implemented.InterfaceType);
        foreach (var field in type.Fields) Add(field.FieldType);
        foreach (var property in type.Properties) Add(property.PropertyType);
        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters) Add(parameter.ParameterType);
            if (!method.HasBody) continue;
            foreach (var variable in method.Body.Variables) Add(variable.VariableType);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference reference: Add(reference); break;
                    case MethodReference called:
                        Add(called.DeclaringType);
                        Add(called.ReturnType);
                        foreach (var parameter in called.Parameters) Add(parameter.ParameterType);
                        // Props.Create<SomeActor>() names its actor only as a generic argument.
                        if (called is GenericInstanceMethod generic) foreach (var argument in generic.GenericArguments) Add(argument);
                        break;
                    case FieldReference field: Add(field.DeclaringType); break;
                }
            }
        }
        return found;
    }
}
