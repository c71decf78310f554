using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Kernel;

/// <summary>
/// A page's <c>location</c>: the parts of its URL as browsers split them (<c>href</c>, <c>origin</c>, <c>protocol</c>,
/// <c>host</c>, <c>hostname</c>, <c>port</c>, <c>pathname</c>, <c>search</c>, <c>hash</c>), and <c>toString()</c>. It
/// does not navigate. The parts are made when first looked up: most workers and pages never read them, and splitting
/// the URL was a fiftieth of a worker's start.
/// </summary>
internal static class LocationObject
{
    private static readonly string[] Names = ["href", "protocol", "host", "hostname", "port", "origin", "pathname", "search", "hash", "toString"];
    private static readonly Dictionary<string, int> Index = Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    public static ObjectInstance Create(Engine engine, string url)
    {
        var parts = new Parts(url);
        return new LazyMembers(engine, engine.Intrinsics.Object.PrototypeObject, Index, (location, i) => parts.Make(location, i));
    }

    /// <summary>Sets every part of <paramref name="location"/> from <paramref name="url"/> (the page's URL changed within the document: <c>history.pushState</c>).</summary>
    public static void Assign(ObjectInstance location, string url)
    {
        // Parts not looked up yet are made first, so none of them is made later from the old URL over the new one.
        if (location is LazyMembers lazy) lazy.MakeAll();
        var parts = new Parts(url);
        for (var i = 0; i < Names.Length; i++) parts.Make(location, i);
    }

    /// <summary>One URL's parts, split once when the first is asked for.</summary>
    private sealed class Parts(string url)
    {
        private string[]? _values;

        public void Make(ObjectInstance location, int index)
        {
            var name = Names[index];
            if (name == "toString") location.Method("toString", (_, _) => url);
            else if (name == "href") location.FastSetDataProperty("href", url);
            // A URL that does not parse has only its href (and toString), as before the parts were lazy.
            else if ((_values ??= Split(url)) is { Length: > 0 } values) location.FastSetDataProperty(name, values[index]);
        }

        private static string[] Split(string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return [];
            var port = uri.IsDefaultPort || uri.Port < 0 ? "" : uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var host = port.Length == 0 ? uri.Host : uri.Host + ":" + port;
            // In the order of Names; an empty query or fragment reads as "", as in browsers ("?" alone included).
            return [url, uri.Scheme + ":", host, uri.Host, port, uri.Scheme + "://" + host, uri.AbsolutePath,
                uri.Query.Length > 1 ? uri.Query : "", uri.Fragment.Length > 1 ? uri.Fragment : ""];
        }
    }
}
