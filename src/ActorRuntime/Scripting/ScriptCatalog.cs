using System.Collections.Concurrent;
using Acornima;
using Acornima.Ast;
using ActorRuntime.Manifest;
using Jint;

namespace ActorRuntime.Scripting;

/// <summary>A script file parsed once and shared by every engine that runs it, or why it cannot run.</summary>
internal sealed class PreparedScript
{
    private PreparedScript(string path, Prepared<Script>? script, string? error, bool isLoadFailure = false)
    {
        IsLoadFailure = isLoadFailure;
        Path = path;
        Script = script;
        Error = error;
    }

    public string Path { get; }
    internal Prepared<Script>? Script { get; }

    /// <summary>The report for a script that cannot run: <c>Uncaught SyntaxError: ...</c> or a load failure.</summary>
    public string? Error { get; }

    /// <summary>The file could not be read at all (as opposed to a syntax error).</summary>
    public bool IsLoadFailure { get; }

    public static PreparedScript Parse(string path, string code)
    {
        try
        {
            return new PreparedScript(path, Engine.PrepareScript(code, path, options: SourceRetaining), null);
        }
        catch (Exception ex) when (SyntaxErrorOf(ex) is { } syntax)
        {
            return new PreparedScript(path, null, $"Uncaught SyntaxError: {syntax.Description} ({path}:{syntax.LineNumber}:{syntax.Column + 1})");
        }
    }

    /// <summary>
    /// How extension code is prepared: keeping each function's source text, so <c>Function.prototype.toString()</c> gives it
    /// as browsers do (<c>scripting.executeScript({func})</c> sends a function as its source). The text is the script's own,
    /// read already and shared by every engine that runs it.
    /// </summary>
    public static readonly ScriptPreparationOptions SourceRetaining = new() { ParsingOptions = new ScriptParsingOptions { RetainFunctionSourceText = true } };

    /// <summary>Jint wraps the parser's error when preparing a script; this finds it either way.</summary>
    internal static ParseErrorException? SyntaxErrorOf(Exception ex) => ex as ParseErrorException ?? ex.InnerException as ParseErrorException;

    public static PreparedScript LoadFailure(string path, string reason) => new(path, null, $"Loading failed for the script with source \"{path}\": {reason}", isLoadFailure: true);
}

/// <summary>
/// Per-extension cache of prepared scripts: each file is read and parsed once, then reused on every wake and every view;
/// the parse itself comes from the runtime's <see cref="SharedScriptParses"/> when it has one (the same text parsed before).
/// </summary>
internal sealed class ScriptCatalog(ExtensionPackage package, SharedScriptParses? shared = null)
{
    private readonly ConcurrentDictionary<string, PreparedScript> _scripts = new(StringComparer.Ordinal);

    public ExtensionPackage Package { get; } = package;

    /// <summary>The script at <paramref name="relativePath"/>, or its load failure when it is missing or refused (a link out of the folder, a pipe, too large ...).</summary>
    public PreparedScript Get(string relativePath) => ReadOnce(_scripts, relativePath, shared is null ? PreparedScript.Parse : shared.Get, PreparedScript.LoadFailure);

    /// <summary>
    /// The file read (within the package's checks) and parsed once, or its load failure. A file that could not be read is
    /// not kept: a script asking for ever new missing paths (<c>import()</c>, <c>importScripts</c>) must not grow the catalog.
    /// </summary>
    private T ReadOnce<T>(ConcurrentDictionary<string, T> cache, string path, Func<string, string, T> parse, Func<string, string, T> loadFailure)
    {
        if (cache.TryGetValue(path, out var known)) return known;
        string code;
        try
        {
            code = Package.ReadText(path);
        }
        catch (ExtensionFileException ex)
        {
            return loadFailure(path, ex.Reason);
        }
        return cache.GetOrAdd(path, parse(path, code));
    }

    /// <summary>
    /// A fresh document of the page at <paramref name="relativePath"/> for one opening (a page's DOM is its own): read and
    /// checked once (size, depth) like the extension's scripts, then each opening parses the kept text again; throws <see cref="ExtensionFileException"/>.
    /// </summary>
    public AngleSharp.Html.Dom.IHtmlDocument ReadPage(string relativePath)
    {
        if (_pageTexts.TryGetValue(relativePath, out var known))
            return known is PageRefusal refused ? throw refused.Exception : PageParser.Parse((string)known, Package.Limits.MaxHtmlDepth).Document!;
        AngleSharp.Html.Dom.IHtmlDocument? first = null;
        object text;
        try
        {
            // The first reading checks the page whole (size, then nesting), and a refusal is kept as the answer; the
            // document that check parsed is this opening's (a page is not parsed twice on its first opening).
            var read = Package.Files.ReadText(relativePath);
            var (document, problem) = PageParser.Parse(read, Package.Limits.MaxHtmlDepth);
            first = document;
            text = problem is null ? read : new PageRefusal(new ExtensionFileException(relativePath, problem));
        }
        catch (ExtensionFileException ex)
        {
            text = new PageRefusal(ex);
        }
        var kept = _pageTexts.GetOrAdd(relativePath, text);
        if (!ReferenceEquals(kept, text)) first = null; // another reading came first: its text is the page's
        if (kept is PageRefusal refusal) throw refusal.Exception;
        return first ?? PageParser.Parse((string)kept, Package.Limits.MaxHtmlDepth).Document!;
    }

    private readonly ConcurrentDictionary<string, object> _pageTexts = new(StringComparer.Ordinal);

    private sealed record PageRefusal(ExtensionFileException Exception);

    /// <summary>
    /// The text of a style sheet file a content script or an injection inserts, read once (within the size limit) and
    /// kept, as scripts are; throws <see cref="ExtensionFileException"/> when it is missing or refused.
    /// </summary>
    public string ReadStyle(string relativePath)
    {
        var text = _styleTexts.GetOrAdd(relativePath, static (path, package) =>
        {
            try
            {
                return package.Files.ReadText(path);
            }
            catch (ExtensionFileException ex)
            {
                return new PageRefusal(ex);
            }
        }, Package);
        return text is PageRefusal refusal ? throw refusal.Exception : (string)text;
    }

    private readonly ConcurrentDictionary<string, object> _styleTexts = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, PreparedModule> _modules = new(StringComparer.Ordinal);

    /// <summary>
    /// The ES module at <paramref name="relativePath"/>, read and parsed once for the extension (every engine and every
    /// wake builds its module record from this), or its load failure when it is missing or refused.
    /// </summary>
    public PreparedModule GetModule(string relativePath) =>
        ReadOnce(_modules, relativePath, shared is null ? PreparedModule.Parse : shared.GetModule, PreparedModule.LoadFailure);

    private readonly ConcurrentDictionary<(string Root, string BaseUrl, ScriptLimits Limits), WalkedModuleGraph> _walkedGraphs = new();

    /// <summary>The walk of the graph of the module at <paramref name="rootPath"/> kept for the extension, if there is one.</summary>
    public WalkedModuleGraph? WalkedGraph(string rootPath, string baseUrl, ScriptLimits limits) =>
        _walkedGraphs.GetValueOrDefault((rootPath, baseUrl, limits));

    /// <summary>
    /// Keeps a successful walk from a module of this catalog, for every later context that starts with it. A root the
    /// catalog does not hold (an inline module) is not kept, so what is kept is bounded by the extension's files.
    /// </summary>
    public WalkedModuleGraph KeepWalkedGraph(string rootPath, string baseUrl, ScriptLimits limits, WalkedModuleGraph walked)
    {
        if (!_modules.TryGetValue(rootPath, out var module) || !ReferenceEquals(module, walked.Modules[rootPath])) return walked;
        return _walkedGraphs.GetOrAdd((rootPath, baseUrl, limits), walked);
    }

    /// <summary>An inline page script: cached by its page and position so reopening a view does not parse again.</summary>
    public PreparedScript GetInline(string key, string code) => _scripts.GetOrAdd(key, static (k, c) => PreparedScript.Parse(k, c), code);
}
