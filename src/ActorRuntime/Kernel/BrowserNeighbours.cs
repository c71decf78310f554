using System.Runtime.CompilerServices;

namespace ActorRuntime.Kernel;

/// <summary>
/// The extensions alive on one simulated browser (<see cref="RuntimeOptions.Browser"/>), oldest first: the order they were
/// installed in, which decides between them where browsers let the most recently installed extension win (a request's
/// redirect, conflicting header changes). A request on the browser goes through every one that can see it.
/// </summary>
/// <remarks>
/// Thread-safety: each browser's list is immutable and replaced whole under a lock; readers take it without one. An
/// extension whose supervisor restarts counts as installed again (it goes to the end of the list).
/// </remarks>
internal static class BrowserNeighbours
{
    private sealed class Members
    {
        public ExtensionKernel[] Oldest = [];
        public long LastRequestId;
    }

    private static readonly ConditionalWeakTable<Browsing.BrowserModel, Members> ByBrowser = new();

    /// <summary>Lists an extension whose browser is shared (one with a browser of its own is alone on it: nothing is kept).</summary>
    public static void Add(ExtensionKernel extension)
    {
        if (extension.Options.Browser is not { } shared) return;
        var members = ByBrowser.GetValue(shared, _ => new Members());
        lock (members)
            if (!members.Oldest.Contains(extension)) Volatile.Write(ref members.Oldest, [.. members.Oldest, extension]);
    }

    public static void Remove(ExtensionKernel extension)
    {
        if (extension.Options.Browser is not { } shared || !ByBrowser.TryGetValue(shared, out var members)) return;
        lock (members) Volatile.Write(ref members.Oldest, members.Oldest.Where(e => !ReferenceEquals(e, extension)).ToArray());
    }

    /// <summary>The extensions alive on <paramref name="extension"/>'s browser, in the order they were installed (oldest first); at least itself.</summary>
    public static IReadOnlyList<ExtensionKernel> Of(ExtensionKernel extension)
    {
        if (extension.Options.Browser is not { } shared || !ByBrowser.TryGetValue(shared, out var members)) return [extension];
        var oldest = Volatile.Read(ref members.Oldest);
        return oldest.Contains(extension) ? oldest : [.. oldest, extension];
    }

    /// <summary>
    /// The next webRequest <c>requestId</c> on <paramref name="extension"/>'s shared browser (one counter for all its
    /// extensions, as a browser has: a request's details reach every extension); null when its browser is its own.
    /// </summary>
    public static long? NextRequestId(ExtensionKernel extension)
    {
        if (extension.Options.Browser is not { } shared) return null;
        return Interlocked.Increment(ref ByBrowser.GetValue(shared, _ => new Members()).LastRequestId);
    }
}
