using ActorRuntime.Manifest;

namespace ActorRuntime.Scripting;

/// <summary>Why a module graph cannot run: the console line, and the error an <c>import()</c> rejects with.</summary>
internal sealed record ModuleGraphFailure(string Line, string ErrorName, string Message);

/// <summary>
/// A module graph walked from its root in a context that had loaded none: every module it imports statically and what
/// each import resolved to. The same root walks the same way in every context of the extension (the files, the folder
/// and the limits are the extension's), so the catalog keeps it and every wake and every view shares it, as it shares
/// the parsed modules. Plain data (paths and parsed modules, no engine values).
/// </summary>
internal sealed class WalkedModuleGraph(Dictionary<string, PreparedModule> modules, Dictionary<(string Referrer, string Specifier), string> imports)
{
    public IReadOnlyDictionary<string, PreparedModule> Modules { get; } = modules;
    public IReadOnlyDictionary<(string Referrer, string Specifier), string> Imports { get; } = imports;
}

/// <summary>
/// The modules one context has loaded, and the static imports between them. Before an engine links a new graph (an
/// entry module, or the target of an <c>import()</c>), it is walked here with an explicit stack: every import
/// resolved inside the extension, every file read and parsed (through the extension's catalog, once per extension),
/// and its size and nesting checked against <see cref="ScriptLimits.MaxModules"/> and
/// <see cref="ScriptLimits.MaxModuleDepth"/>, because the engine's linking and evaluation recurse once per level.
/// A graph that fails is not handed to the engine at all, as browsers run nothing of a graph that fails to load.
/// The first graph of a context (a module worker's or background's, usually its only one) is the walk the catalog
/// keeps for the extension; only graphs added after it are walked and kept here.
/// </summary>
/// <remarks><paramref name="webPage"/>: the graph of a tab's web page, whose imports name the web, never the extension's files.</remarks>
internal sealed class ModuleGraph(ScriptCatalog catalog, string baseUrl, ScriptLimits limits, bool webPage = false)
{
    private WalkedModuleGraph? _first;
    private Dictionary<string, PreparedModule>? _modules;
    private Dictionary<(string Referrer, string Specifier), string>? _imports;

    /// <summary>A module of a graph already walked (what an engine then asks for by key).</summary>
    public PreparedModule? Get(string key) =>
        _first is not null && _first.Modules.TryGetValue(key, out var module) ? module : _modules?.GetValueOrDefault(key);

    /// <summary>What a walked static import resolved to.</summary>
    public bool TryGetImport(string referrer, string specifier, out string key)
    {
        if (_first is not null && _first.Imports.TryGetValue((referrer, specifier), out key!)) return true;
        key = null!;
        return _imports is not null && _imports.TryGetValue((referrer, specifier), out key!);
    }

    private bool Has(string key) => (_first?.Modules.ContainsKey(key) ?? false) || (_modules?.ContainsKey(key) ?? false);

    private int Count => (_first?.Modules.Count ?? 0) + (_modules?.Count ?? 0);

    /// <summary>
    /// The module file <paramref name="specifier"/> names from <paramref name="referrer"/> inside the extension folder,
    /// or why it names none (a bare name, another origin, a path the package refuses).
    /// </summary>
    public (string? Path, string? Error) Resolve(string specifier, string? referrer)
    {
        if (webPage) return (null, $"Failed to load module script \"{specifier}\": a web page's modules come from the web, which the runtime does not reach");
        var (path, error) = ModuleSpecifiers.Resolve(specifier, referrer, baseUrl);
        if (path is null) return (null, error);
        try
        {
            return (catalog.Package.Resolve(path), null);
        }
        catch (ManifestException ex)
        {
            return (null, $"Failed to load module script \"{specifier}\": {ex.Message}");
        }
    }

    /// <summary>
    /// Walks <paramref name="root"/> and every module it imports statically that this context has not loaded yet; on
    /// success they are this context's from now on, else nothing is kept and the failure names the module and why.
    /// </summary>
    public ModuleGraphFailure? Add(PreparedModule root)
    {
        if (Has(root.Path)) return null;
        if (_first is null && _modules is null && !webPage)
        {
            // The first graph: the extension's walk of this root, made once (a failure is walked again: it keeps nothing).
            if (catalog.WalkedGraph(root.Path, baseUrl, limits) is { } walked)
            {
                _first = walked;
                return null;
            }
            var (first, failure) = Walk(root);
            if (first is null) return failure;
            _first = catalog.KeepWalkedGraph(root.Path, baseUrl, limits, first);
            return null;
        }
        var (added, refused) = Walk(root);
        if (added is null) return refused;
        _modules ??= new(StringComparer.Ordinal);
        _imports ??= new();
        foreach (var (key, module) in added.Modules) _modules[key] = module;
        foreach (var (key, path) in added.Imports) _imports[key] = path;
        return null;
    }

    /// <summary>The modules of <paramref name="root"/>'s graph this context has not loaded, or why the graph cannot run.</summary>
    private (WalkedModuleGraph? Graph, ModuleGraphFailure? Failure) Walk(PreparedModule root)
    {
        if (root.Error is { } rootError) return (null, new(rootError, root.IsLoadFailure ? "TypeError" : "SyntaxError", rootError));
        if (Count >= limits.MaxModules)
            return (null, Refused(root.Path, null, $"more than {limits.MaxModules} modules in one context (actorruntime.script.max-modules)"));
        var found = new Dictionary<string, PreparedModule>(StringComparer.Ordinal) { [root.Path] = root };
        var imports = new Dictionary<(string, string), string>();
        // Depth-first in import order, as the engine links: the stack's height is the engine's recursion depth.
        var stack = new Stack<(PreparedModule Module, int Next)>();
        stack.Push((root, 0));
        while (stack.TryPop(out var top))
        {
            if (top.Next == top.Module.Imports.Count) continue;
            stack.Push((top.Module, top.Next + 1));
            var import = top.Module.Imports[top.Next];
            var at = $"{top.Module.Path}:{import.Line}:{import.Column}";
            var (path, error) = Resolve(import.Specifier, top.Module.Path);
            if (path is null) return (null, new($"Uncaught TypeError: {error} ({at})", "TypeError", error!));
            if (import.HasAttributes)
                return (null, Refused(path, at, "import attributes (with { type: ... }) are not supported; import JavaScript modules only"));
            imports[(top.Module.Path, import.Specifier)] = path;
            if (Has(path) || found.ContainsKey(path)) continue;
            if (Count + found.Count >= limits.MaxModules)
                return (null, Refused(path, at, $"more than {limits.MaxModules} modules in one context (actorruntime.script.max-modules)"));
            if (stack.Count >= limits.MaxModuleDepth)
                return (null, Refused(path, at, $"static imports nested more than {limits.MaxModuleDepth} deep (actorruntime.script.max-module-depth)"));
            var module = catalog.GetModule(path);
            if (module.LoadFailureReason is { } reason) return (null, Refused(path, at, reason));
            if (module.Error is { } syntax)
                return (null, new($"{syntax}, in the module imported by {at}", "SyntaxError", syntax["Uncaught SyntaxError: ".Length..] + $", in the module imported by {at}"));
            found[path] = module;
            stack.Push((module, 0));
        }
        return (new WalkedModuleGraph(found, imports), null);
    }

    private static ModuleGraphFailure Refused(string path, string? importedAt, string reason)
    {
        var by = importedAt is null ? "" : $" (imported by {importedAt})";
        var line = $"Loading failed for the module with source \"{path}\"{by}: {reason}";
        return new(line, "TypeError", line);
    }
}
