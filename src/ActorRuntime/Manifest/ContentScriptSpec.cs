namespace ActorRuntime.Manifest;

/// <summary>The JavaScript world a content script runs in: the extension's isolated world, or the page's own (<c>MAIN</c>).</summary>
internal enum ScriptWorld { Isolated, Main }

/// <summary>One script or style sheet a content script injects: a file of the extension, or code given as text (Firefox's <c>contentScripts.register</c>).</summary>
internal sealed record ContentSource(string Text, bool IsCode)
{
    public static ContentSource File(string path) => new(path, false);
}

/// <summary>
/// Content scripts as the manifest's <c>content_scripts</c> declares them, or as an extension registers them
/// (<c>scripting.registerContentScripts</c>, <c>contentScripts.register</c>): where they apply, what they inject, when
/// and in which world. <c>all_frames</c> and <c>match_about_blank</c> choose the child frames of a tab's page they run
/// in too (the supervisor's frames).
/// </summary>
internal sealed record ContentScriptSpec(IReadOnlyList<string> Matches, IReadOnlyList<string> Js, RunAt RunAt)
{
    public IReadOnlyList<string> ExcludeMatches { get; init; } = [];

    /// <summary>Globs over the whole URL (<c>*</c> any run of characters, <c>?</c> one): when any is given, one must match.</summary>
    public IReadOnlyList<string> IncludeGlobs { get; init; } = [];

    public IReadOnlyList<string> ExcludeGlobs { get; init; } = [];

    /// <summary>Style sheet files, inserted into the document before any of its own content or scripts.</summary>
    public IReadOnlyList<string> Css { get; init; } = [];

    public bool AllFrames { get; init; }
    public bool MatchAboutBlank { get; init; }
    public ScriptWorld World { get; init; }

    /// <summary>Scripts in order when some are code rather than files (Firefox's <c>contentScripts.register</c>); null: <see cref="Js"/>.</summary>
    public IReadOnlyList<ContentSource>? JsSources { get; init; }

    /// <summary>Style sheets in order when some are code; null: <see cref="Css"/>.</summary>
    public IReadOnlyList<ContentSource>? CssSources { get; init; }

    public IEnumerable<ContentSource> Scripts => JsSources ?? Js.Select(ContentSource.File);

    public IEnumerable<ContentSource> Styles => CssSources ?? Css.Select(ContentSource.File);

    /// <summary>
    /// Whether the browser injects these scripts into a page at <paramref name="url"/>: a match pattern matches, no
    /// excluded pattern does, an include glob matches when there are any, and no exclude glob does.
    /// </summary>
    public bool AppliesTo(string url) =>
        Matches.Any(pattern => MatchPattern.Matches(pattern, url))
        && !ExcludeMatches.Any(pattern => MatchPattern.Matches(pattern, url))
        && (IncludeGlobs.Count == 0 || IncludeGlobs.Any(glob => UrlGlob.Matches(glob, url)))
        && !ExcludeGlobs.Any(glob => UrlGlob.Matches(glob, url));
}

/// <summary>The globs of <c>include_globs</c> and <c>exclude_globs</c>: <c>*</c> stands for any run of characters, <c>?</c> for one.</summary>
internal static class UrlGlob
{
    public static bool Matches(string glob, string text) => MatchPattern.GlobMatches(glob, text, questionMark: true);
}
