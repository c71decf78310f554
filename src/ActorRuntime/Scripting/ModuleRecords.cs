using System.Reflection;
using System.Runtime.CompilerServices;
using Jint;
using Jint.Runtime;
using Jint.Runtime.Modules;
using AstModule = Acornima.Ast.Module;
using Module = Jint.Runtime.Modules.Module;

namespace ActorRuntime.Scripting;

/// <summary>
/// The engine-independent part of a module's record: what it requests, imports and exports, and whether it awaits at
/// its top level. Plain data (strings and requests, no engine values), the same for every engine; read only by Jint.
/// </summary>
internal sealed class ModuleRecordEntries(string location, bool isAsync, object requested, object? imports, object localExports, object indirectExports, object starExports)
{
    public string Location { get; } = location;
    public bool IsAsync { get; } = isAsync;
    internal object Requested { get; } = requested;
    internal object? Imports { get; } = imports;
    internal object LocalExports { get; } = localExports;
    internal object IndirectExports { get; } = indirectExports;
    internal object StarExports { get; } = starExports;
}

/// <summary>
/// Builds an engine's record of a parsed module. Jint (4.18) makes every engine's record by walking the module's whole
/// tree twice, for its imports and exports and for a top-level <c>await</c>, though both can only be top-level: in a
/// service worker's cold start that walk was a third of the worker's first turn. The result is the same for every
/// engine, so the first record of a module is built by Jint's public factory and its entries are kept with the parsed
/// module; later engines get a record made as the factory makes it (its base constructors run with the engine and its
/// realm) holding those entries. The factory's record type and constructor are internal to Jint, so this reads them by
/// reflection: their shape is checked once against the one this was written for, any difference turns the sharing
/// off (every record then comes from the factory), and <c>ModuleRecordsSpec</c> fails so that a Jint upgrade is looked at.
/// </summary>
internal static class ModuleRecords
{
    private static readonly RecordShape? Shape = RecordShape.Read();

    /// <summary>Whether records share entries (false: this Jint's internals differ from what was checked, the factory builds all).</summary>
    public static bool SharesEntries => Shape is not null;

    /// <summary>
    /// <paramref name="engine"/>'s record of <paramref name="prepared"/>; <paramref name="entries"/> is where the module's
    /// shared entries are kept (null before its first record). A race between two engines building a first record at
    /// once keeps one of two equal entry sets.
    /// </summary>
    public static Module Build(Engine engine, in Prepared<AstModule> prepared, ref ModuleRecordEntries? entries)
    {
        if (Shape is null) return ModuleFactory.BuildSourceTextModule(engine, in prepared);
        if (Volatile.Read(ref entries) is { } kept) return Shape.Create(engine, prepared, kept);
        var record = ModuleFactory.BuildSourceTextModule(engine, in prepared);
        Volatile.Write(ref entries, Shape.Entries(record));
        return record;
    }

    /// <summary>Jint's source-text module record as this was written for: its type, constructor and fields.</summary>
    private sealed class RecordShape
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;

        /// <summary>Every instance field the record type declares; the ones not set here start empty, as in its constructor.</summary>
        private static readonly string[] RecordFields =
        [
            "_source", "_parserOptions", "_context", "_importMeta", "_importEntries", "_localExportEntries",
            "_indirectExportEntries", "_starExportEntries", "_tlaStatementList", "_tlaAsyncInstance",
        ];

        private Type _type = null!;
        private ConstructorInfo _baseConstructor = null!;
        private Func<Engine, Realm> _realm = null!;
        private FieldInfo _source = null!, _parserOptions = null!, _imports = null!, _localExports = null!, _indirectExports = null!, _starExports = null!;
        private FieldInfo _requested = null!, _hasTopLevelAwait = null!;

        public static RecordShape? Read()
        {
            try
            {
                var assembly = typeof(Engine).Assembly;
                var type = assembly.GetType("Jint.Runtime.Modules.SourceTextModule");
                if (type is null || type.BaseType != typeof(CyclicModule)) return null;
                var declared = type.GetFields(Instance).Select(f => f.Name).Order(StringComparer.Ordinal);
                if (!declared.SequenceEqual(RecordFields.Order(StringComparer.Ordinal))) return null;
                var shape = new RecordShape
                {
                    _type = type,
                    _baseConstructor = typeof(CyclicModule).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Engine), typeof(Realm), typeof(string), typeof(bool)])!,
                    _realm = typeof(Engine).GetProperty("Realm", BindingFlags.Instance | BindingFlags.NonPublic)!.GetMethod!.CreateDelegate<Func<Engine, Realm>>(),
                    _source = Field(type, "_source", typeof(AstModule)),
                    _parserOptions = Field(type, "_parserOptions", typeof(Acornima.ParserOptions)),
                    _imports = Field(type, "_importEntries", null),
                    _localExports = Field(type, "_localExportEntries", null),
                    _indirectExports = Field(type, "_indirectExportEntries", null),
                    _starExports = Field(type, "_starExportEntries", null),
                    _requested = Field(typeof(CyclicModule), "_requestedModules", typeof(HashSet<ModuleRequest>)),
                    _hasTopLevelAwait = Field(typeof(CyclicModule), "_hasTLA", typeof(bool)),
                };
                return shape._baseConstructor is null ? null : shape;
            }
            catch (Exception ex) when (ex is MissingMemberException or ArgumentException or InvalidOperationException or NullReferenceException)
            {
                return null;
            }
        }

        /// <summary>A declared field; <paramref name="type"/> null: a list of Jint's internal entries.</summary>
        private static FieldInfo Field(Type owner, string name, Type? type)
        {
            var field = owner.GetField(name, Instance) ?? throw new MissingFieldException(owner.Name, name);
            var matches = type is null
                ? field.FieldType.IsGenericType && field.FieldType.GetGenericTypeDefinition() == typeof(List<>)
                : field.FieldType == type;
            return matches ? field : throw new MissingFieldException(owner.Name, name);
        }

        public ModuleRecordEntries Entries(Module record) => new(
            record.Location, (bool)_hasTopLevelAwait.GetValue(record)!, _requested.GetValue(record)!, _imports.GetValue(record),
            _localExports.GetValue(record)!, _indirectExports.GetValue(record)!, _starExports.GetValue(record)!);

        public Module Create(Engine engine, in Prepared<AstModule> prepared, ModuleRecordEntries entries)
        {
            var record = (CyclicModule)RuntimeHelpers.GetUninitializedObject(_type);
            _baseConstructor.Invoke(record, [engine, _realm(engine), entries.Location, entries.IsAsync]);
            _source.SetValue(record, prepared.Program);
            _parserOptions.SetValue(record, prepared.ParserOptions);
            _requested.SetValue(record, entries.Requested);
            _imports.SetValue(record, entries.Imports);
            _localExports.SetValue(record, entries.LocalExports);
            _indirectExports.SetValue(record, entries.IndirectExports);
            _starExports.SetValue(record, entries.StarExports);
            return record;
        }
    }
}
