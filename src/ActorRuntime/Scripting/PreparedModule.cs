using Acornima.Ast;
using Jint;

namespace ActorRuntime.Scripting;

/// <summary>One static <c>import</c> (or <c>export ... from</c>) of a module: what it names and where it is written.</summary>
internal sealed record ModuleImport(string Specifier, int Line, int Column, bool HasAttributes);

/// <summary>
/// An ES module file parsed once per extension and shared by every engine that imports it (each engine builds its own
/// module record from the shared tree and the entries the first record found, <see cref="ModuleRecords"/>), or why it
/// cannot run. Its static imports are listed once here, so checking a graph's bounds before an engine links it reads no
/// tree again.
/// </summary>
internal sealed class PreparedModule
{
    private PreparedModule(string path, Prepared<Module>? module, IReadOnlyList<ModuleImport> imports, string? error, string? loadFailureReason)
    {
        Path = path;
        Module = module;
        Imports = imports;
        Error = error;
        LoadFailureReason = loadFailureReason;
    }

    /// <summary>The extension-relative path (the module's location in its engines), or an inline module's page key.</summary>
    public string Path { get; }

    internal Prepared<Module>? Module { get; }

    /// <summary>The static imports in source order (the order an engine links them in).</summary>
    public IReadOnlyList<ModuleImport> Imports { get; }

    private ModuleRecordEntries? _recordEntries;

    /// <summary><paramref name="engine"/>'s record of this module (one that can run).</summary>
    public Jint.Runtime.Modules.Module BuildRecord(Engine engine) => ModuleRecords.Build(engine, Module!.Value, ref _recordEntries);

    /// <summary>Whether a first record's entries are kept for the next engines' records.</summary>
    internal bool KeepsRecordEntries => Volatile.Read(ref _recordEntries) is not null;

    /// <summary>The report for a module that cannot run: <c>Uncaught SyntaxError: ... (path:line:column)</c> or a load failure.</summary>
    public string? Error { get; }

    /// <summary>Why the file could not be read at all (as opposed to a syntax error), else null.</summary>
    public string? LoadFailureReason { get; }

    public bool IsLoadFailure => LoadFailureReason is not null;

    /// <summary>Module code keeps its functions' source text too (<c>Function.prototype.toString()</c>), as scripts do.</summary>
    private static readonly ModulePreparationOptions SourceRetaining = new() { ParsingOptions = new ModuleParsingOptions { RetainFunctionSourceText = true } };

    public static PreparedModule Parse(string path, string code)
    {
        try
        {
            var prepared = Engine.PrepareModule(code, path, SourceRetaining);
            return new PreparedModule(path, prepared, ImportsOf(prepared.Program!), null, null);
        }
        catch (Exception ex) when (PreparedScript.SyntaxErrorOf(ex) is { } syntax)
        {
            return new PreparedModule(path, null, [], $"Uncaught SyntaxError: {syntax.Description} ({path}:{syntax.LineNumber}:{syntax.Column + 1})", null);
        }
    }

    public static PreparedModule LoadFailure(string path, string reason) =>
        new(path, null, [], $"Loading failed for the module with source \"{path}\": {reason}", reason);

    private static List<ModuleImport> ImportsOf(Module program)
    {
        var imports = new List<ModuleImport>();
        foreach (var statement in program.Body)
        {
            var (source, attributes) = statement switch
            {
                ImportDeclaration import => (import.Source, import.Attributes.Count),
                ExportAllDeclaration exportAll => (exportAll.Source, exportAll.Attributes.Count),
                ExportNamedDeclaration { Source: { } from } exportNamed => (from, exportNamed.Attributes.Count),
                _ => (null, 0),
            };
            if (source is null) continue;
            var start = statement.Location.Start;
            imports.Add(new ModuleImport(source.Value, start.Line, start.Column + 1, attributes > 0));
        }
        return imports;
    }
}
