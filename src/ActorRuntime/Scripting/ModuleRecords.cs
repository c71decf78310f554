using System.Collections;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Modules;
using AstModule = Acornima.Ast.Module;
using Module = Jint.Runtime.Modules.Module;

namespace ActorRuntime.Scripting;

/// <summary>
/// The engine-independent part of a module's record: what it requests, imports and exports, and whether it awaits at
/// its top level. Plain data (strings and requests, no engine values), the same for every engine. Jint only reads these
/// lists of a source-text module (its one writer of export lists, <c>BuilderModule</c>, builds modules from C# and never
/// comes here), so engines on different threads may share them.
/// </summary>
internal sealed class ModuleRecordEntries(bool isAsync, object requested, object? imports, object localExports, object indirectExports, object starExports)
{
    public bool IsAsync { get; } = isAsync;
    public object Requested { get; } = requested;
    public object? Imports { get; } = imports;
    public object LocalExports { get; } = localExports;
    public object IndirectExports { get; } = indirectExports;
    public object StarExports { get; } = starExports;
}

/// <summary>
/// Builds an engine's record of a parsed module. Jint (4.18) makes every engine's record by walking the module's whole
/// tree twice, for its imports and exports and for a top-level <c>await</c>, though both can only be top-level: in a
/// service worker's cold start that walk was a third of the worker's first turn. The result is the same for every
/// engine, so the first record of a module is built by Jint's public factory and its entries are kept with the parsed
/// module; later engines get a record made as the factory makes it (its base constructors run with the engine and its
/// realm) holding those entries. The factory's record type and constructor are internal to Jint, so this finds them by
/// reflection (and calls the constructor through an accessor), and checks itself: the type's fields must be the ones this
/// was written for, and the first record made from kept entries must equal the factory's field by field. Any difference,
/// or any failure while making a record, turns the sharing off for the process (every record then comes from the
/// factory), and <c>ModuleRecordsTests</c> fails so that a Jint upgrade is looked at.
/// </summary>
internal static class ModuleRecords
{
    private static readonly RecordShape? Shape = RecordShape.Read();
    private static volatile bool _disabled;

    /// <summary>Whether records share entries (false: this Jint's internals differ from what was checked, the factory builds all).</summary>
    public static bool SharesEntries => Shape is not null && !_disabled;

    /// <summary>
    /// <paramref name="engine"/>'s record of <paramref name="prepared"/>; <paramref name="entries"/> is where the module's
    /// shared entries are kept (null before its first record). A race between two engines building a first record at
    /// once keeps one of two equal entry sets.
    /// </summary>
    public static Module Build(Engine engine, in Prepared<AstModule> prepared, ref ModuleRecordEntries? entries)
    {
        if (Shape is null || _disabled) return ModuleFactory.BuildSourceTextModule(engine, in prepared);
        if (Volatile.Read(ref entries) is { } kept)
        {
            try
            {
                return Shape.Create(engine, prepared, kept);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Disable($"a record could not be made from kept entries ({ex.GetType().Name}: {ex.Message})");
                return ModuleFactory.BuildSourceTextModule(engine, in prepared);
            }
        }
        var record = ModuleFactory.BuildSourceTextModule(engine, in prepared);
        if (Shape.Keep(engine, prepared, record) is { } made) Volatile.Write(ref entries, made);
        else Disable("a record made from kept entries differs from the one Jint's factory made");
        return record;
    }

    private static void Disable(string why)
    {
        if (_disabled) return;
        _disabled = true;
        Trace.TraceWarning($"module records: sharing entries between engines is off, every engine walks each module's tree: {why}");
    }

    /// <summary>Jint's source-text module record as this was written for: its type, base constructor and fields.</summary>
    private sealed class RecordShape
    {
        private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;

        /// <summary>Every instance field the record type declares; the ones not set here start empty, as in its constructor.</summary>
        private static readonly string[] RecordFields =
        [
            "_source", "_parserOptions", "_context", "_importMeta", "_importEntries", "_localExportEntries",
            "_indirectExportEntries", "_starExportEntries", "_tlaStatementList", "_tlaAsyncInstance",
        ];

        private Type _type = null!;
        private Func<Engine, Realm> _realm = null!;
        private FieldInfo _source = null!, _parserOptions = null!, _imports = null!, _localExports = null!, _indirectExports = null!, _starExports = null!;
        private FieldInfo _requested = null!, _hasTopLevelAwait = null!;
        private FieldInfo[] _allFields = null!;

        public static RecordShape? Read()
        {
            try
            {
                var type = typeof(Engine).Assembly.GetType("Jint.Runtime.Modules.SourceTextModule");
                if (type is null || type.BaseType != typeof(CyclicModule)) return null;
                var declared = type.GetFields(Declared).Select(f => f.Name).Order(StringComparer.Ordinal);
                if (!declared.SequenceEqual(RecordFields.Order(StringComparer.Ordinal))) return null;
                var constructor = typeof(CyclicModule).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Engine), typeof(Realm), typeof(string), typeof(bool)]);
                var realm = typeof(Engine).GetProperty("Realm", BindingFlags.Instance | BindingFlags.NonPublic, null, typeof(Realm), [], null)?.GetMethod;
                if (constructor is null || realm is null) return null;
                return new RecordShape
                {
                    _type = type,
                    _realm = realm.CreateDelegate<Func<Engine, Realm>>(),
                    _source = Field(type, "_source", typeof(AstModule)),
                    _parserOptions = Field(type, "_parserOptions", typeof(Acornima.ParserOptions)),
                    _imports = Field(type, "_importEntries", null),
                    _localExports = Field(type, "_localExportEntries", null),
                    _indirectExports = Field(type, "_indirectExportEntries", null),
                    _starExports = Field(type, "_starExportEntries", null),
                    _requested = Field(typeof(CyclicModule), "_requestedModules", typeof(HashSet<ModuleRequest>)),
                    _hasTopLevelAwait = Field(typeof(CyclicModule), "_hasTLA", typeof(bool)),
                    _allFields = FieldsFrom(type),
                };
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Any surprise in Jint's shape leaves the factory alone in charge.
                return null;
            }
        }

        /// <summary>A declared field; <paramref name="type"/> null: a list of Jint's internal entries.</summary>
        private static FieldInfo Field(Type owner, string name, Type? type)
        {
            var field = owner.GetField(name, Declared) ?? throw new MissingFieldException(owner.Name, name);
            var matches = type is null
                ? field.FieldType.IsGenericType && field.FieldType.GetGenericTypeDefinition() == typeof(List<>)
                : field.FieldType == type;
            return matches ? field : throw new MissingFieldException(owner.Name, name);
        }

        /// <summary>Every instance field of the record, its own and its base types' down to <see cref="JsValue"/>.</summary>
        private static FieldInfo[] FieldsFrom(Type type)
        {
            var fields = new List<FieldInfo>();
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType) fields.AddRange(t.GetFields(Declared));
            return [.. fields];
        }

        /// <summary>
        /// The entries of <paramref name="record"/>, the factory's, once a record made from them on the same engine is
        /// found equal to it field by field (the same objects, the same values, or both empty); else null.
        /// </summary>
        public ModuleRecordEntries? Keep(Engine engine, in Prepared<AstModule> prepared, Module record)
        {
            if (record.GetType() != _type) return null;
            var entries = new ModuleRecordEntries(
                (bool)_hasTopLevelAwait.GetValue(record)!, _requested.GetValue(record)!, _imports.GetValue(record),
                _localExports.GetValue(record)!, _indirectExports.GetValue(record)!, _starExports.GetValue(record)!);
            try
            {
                var made = Create(engine, prepared, entries);
                return _allFields.All(f => Same(f.GetValue(record), f.GetValue(made))) ? entries : null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }

        private static bool Same(object? factory, object? made) =>
            ReferenceEquals(factory, made) || Equals(factory, made) || (factory is ICollection { Count: 0 } && made is ICollection { Count: 0 } && factory.GetType() == made.GetType());

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = ".ctor")]
        private static extern void BaseConstructor(CyclicModule record, Engine engine, Realm realm, string? location, bool async);

        public Module Create(Engine engine, in Prepared<AstModule> prepared, ModuleRecordEntries entries)
        {
            var record = (CyclicModule)RuntimeHelpers.GetUninitializedObject(_type);
            // The factory's location: the module's source file as the parse named it. Called directly rather than
            // through the ConstructorInfo (checked to exist when the shape was read): reflection's invoke was a
            // quarter of a worker start's module loading.
            BaseConstructor(record, engine, _realm(engine), prepared.Program!.Location.SourceFile, entries.IsAsync);
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
