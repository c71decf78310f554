using ActorRuntime.Manifest;
using ActorRuntime.Scripting;

namespace ActorRuntime.Contexts;

/// <summary>What a context runs when it starts: script files (background scripts, content scripts) or an HTML page.</summary>
internal sealed record ContextSource(IReadOnlyList<string> ScriptFiles, string? PagePath)
{
    public static ContextSource Scripts(IReadOnlyList<string> files) => new(files, null);
    public static ContextSource Page(string path) => new([], path);
}

/// <summary>Reads an extension page and lists its scripts in document order, parsed once through the catalog.</summary>
internal static class PageLoader
{
    /// <summary>The page's scripts, or null with a reason when the page itself cannot be loaded.</summary>
    public static (IReadOnlyList<PreparedScript>? Scripts, string? Failure) Load(ScriptCatalog catalog, ContextSource source)
    {
        var package = catalog.Package;
        if (source.PagePath is not { } page)
            return (source.ScriptFiles.Select(f => ResolveAndGet(f, null)).ToList(), null);

        AngleSharp.Html.Dom.IHtmlDocument document;
        try
        {
            // Read within the size limit; parsing stops at the first element nested deeper than the depth limit.
            document = package.ReadPage(page);
        }
        catch (ExtensionFileException ex)
        {
            return (null, $"Loading failed for the page \"{page}\": {ex.Reason}");
        }
        var scripts = new List<PreparedScript>();
        var inline = 0;
        foreach (var element in document.Scripts)
        {
            var type = element.Type;
            if (!string.IsNullOrEmpty(type) && type is not ("text/javascript" or "application/javascript")) continue;
            if (element.Source is { Length: > 0 } src)
            {
                scripts.Add(ResolveAndGet(src, page));
            }
            else
            {
                inline++;
                scripts.Add(catalog.GetInline($"{page}#inline-{inline}", element.Text));
            }
        }
        return (scripts, null);

        PreparedScript ResolveAndGet(string file, string? relativeTo)
        {
            try
            {
                return catalog.Get(package.Resolve(file, relativeTo));
            }
            catch (ManifestException ex)
            {
                return PreparedScript.LoadFailure(file, ex.Message);
            }
        }
    }
}
