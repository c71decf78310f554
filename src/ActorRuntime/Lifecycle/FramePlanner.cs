using ActorRuntime.Browsing;
using ActorRuntime.Manifest;
using AngleSharp.Dom;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Finds the frames of a tab's web page as a browser loads them: each <c>&lt;iframe&gt;</c> of a document (in document
/// order) is a child frame, whose document is its <c>srcdoc</c>, an empty page for <c>about:blank</c> (or no
/// <c>src</c>), else what the network answers for its <c>src</c> (resolved against the document's URL); that document's
/// own iframes are frames in turn. Walked breadth first with a queue (never recursion), within the frame count and depth
/// limits: a frame past one is not loaded, and <paramref name="refused"/> hears one line naming the limit.
/// </summary>
internal static class FramePlanner
{
    /// <summary>A document a frame shows: its source, or null when nothing answered its URL or a rule blocked it (the frame shows an error page); <paramref name="parentUrl"/> is the URL of the document holding the frame.</summary>
    public delegate string? DocumentLoader(string url, string parentUrl);

    public static IReadOnlyList<PlannedFrame> Plan(string topUrl, string topHtml, BrowserLimits limits, int maxHtmlDepth, DocumentLoader load, Action<string> refused)
    {
        var planned = new List<PlannedFrame>();
        var queue = new Queue<(int Key, string Url, string Html, int Depth)>();
        queue.Enqueue((0, topUrl, topHtml, 0));
        var frames = 1;
        var tooDeep = false;
        while (queue.TryDequeue(out var parent))
        {
            if (PageParser.Parse(parent.Html, maxHtmlDepth).Document is not { } document) continue;
            var depth = parent.Depth + 1;
            foreach (var iframe in document.QuerySelectorAll("iframe"))
            {
                // A frame past a limit is named, its document not asked for.
                var refusedHere = depth > limits.MaxFrameDepth || frames >= limits.MaxFramesPerTab;
                var (url, html) = Source(iframe, parent.Url, refusedHere ? null : load);
                if (depth > limits.MaxFrameDepth)
                {
                    // One line for the page, however many frames are too deep.
                    if (!tooDeep) refused($"the frame at {OneLine(url)} was not loaded: frames nest at most {limits.MaxFrameDepth} deep (actorruntime.browser.max-frame-depth)");
                    tooDeep = true;
                    continue;
                }
                if (frames >= limits.MaxFramesPerTab)
                {
                    refused($"the frame at {OneLine(url)} was not loaded: a tab holds at most {limits.MaxFramesPerTab} frames (actorruntime.browser.max-frames-per-tab)");
                    return planned;
                }
                frames++;
                var key = planned.Count + 1;
                planned.Add(new PlannedFrame(key, parent.Key, url, html ?? "", depth, ErrorOccurred: html is null));
                if (html is { Length: > 0 }) queue.Enqueue((key, url, html, depth));
            }
        }
        return planned;
    }

    /// <summary>The frame's URL and document; the document is not asked for when <paramref name="load"/> is null (a frame that will not load).</summary>
    private static (string Url, string? Html) Source(IElement iframe, string baseUrl, DocumentLoader? load)
    {
        if (iframe.GetAttribute("srcdoc") is { } srcdoc) return ("about:srcdoc", srcdoc);
        var src = iframe.GetAttribute("src")?.Trim();
        if (string.IsNullOrEmpty(src)) return ("about:blank", "");
        // Resolved against the document's URL (a path alone is not a file: URL, as .NET would read it on Unix).
        var url = Uri.TryCreate(baseUrl, UriKind.Absolute, out var origin) && !DocumentIds.IsInheriting(baseUrl) && Uri.TryCreate(origin, src, out var resolved) ? resolved.AbsoluteUri
            : Uri.TryCreate(src, UriKind.Absolute, out var absolute) && src.Contains(':') ? absolute.AbsoluteUri : src;
        if (DocumentIds.IsInheriting(url)) return (url, "");
        return (url, load?.Invoke(url, baseUrl));
    }

    private static string OneLine(string url) => OneLineText.Escape(url, 200);
}
