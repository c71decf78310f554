using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Kernel;

/// <summary>
/// A page's <c>location</c>: the parts of its URL as browsers split them (<c>href</c>, <c>origin</c>, <c>protocol</c>,
/// <c>host</c>, <c>hostname</c>, <c>port</c>, <c>pathname</c>, <c>search</c>, <c>hash</c>), and <c>toString()</c>. It
/// does not navigate.
/// </summary>
internal static class LocationObject
{
    public static ObjectInstance Create(Engine engine, string url)
    {
        var location = new JsObject(engine);
        Assign(location, url);
        return location;
    }

    /// <summary>Sets every part of <paramref name="location"/> from <paramref name="url"/> (the page's URL changed within the document: <c>history.pushState</c>).</summary>
    public static void Assign(ObjectInstance location, string url)
    {
        location.FastSetDataProperty("href", url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var port = uri.IsDefaultPort || uri.Port < 0 ? "" : uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var host = port.Length == 0 ? uri.Host : uri.Host + ":" + port;
            location.FastSetDataProperty("protocol", uri.Scheme + ":");
            location.FastSetDataProperty("host", host);
            location.FastSetDataProperty("hostname", uri.Host);
            location.FastSetDataProperty("port", port);
            location.FastSetDataProperty("origin", uri.Scheme + "://" + host);
            location.FastSetDataProperty("pathname", uri.AbsolutePath);
            // An empty query or fragment reads as "", as in browsers ("?" alone included).
            location.FastSetDataProperty("search", uri.Query.Length > 1 ? uri.Query : "");
            location.FastSetDataProperty("hash", uri.Fragment.Length > 1 ? uri.Fragment : "");
        }
        location.Method("toString", (_, _) => url);
    }
}
