namespace ActorRuntime.Cluster;

/// <summary>
/// An upper bound of the bytes text takes in a message between nodes (System.Text.Json's default encoder: plain printable
/// ASCII as itself, everything else, including every non-ASCII character and the HTML-sensitive ones, as <c>\uXXXX</c>).
/// Used to keep what a message carries under <c>actorruntime.cluster.maximum-frame-size</c> without serializing it twice.
/// </summary>
internal static class WireSize
{
    /// <summary>Room for an item's field names, numbers and punctuation around its strings.</summary>
    public const int ItemOverhead = 160;

    public static long Of(string? text)
    {
        if (text is null) return 4;
        long size = 2;
        foreach (var c in text) size += IsPlain(c) ? 1 : 6;
        return size;
    }

    private static bool IsPlain(char c) => c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`');

    /// <summary><paramref name="text"/> cut (marked with an ellipsis) so that its wire size is at most <paramref name="budget"/>.</summary>
    public static string Cut(string text, long budget)
    {
        if (Of(text) <= budget) return text;
        long size = 2 + 6; // the quotes, and the ellipsis
        var length = 0;
        while (length < text.Length && size + (IsPlain(text[length]) ? 1 : 6) <= budget) size += IsPlain(text[length++]) ? 1 : 6;
        // Never split a surrogate pair.
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return string.Concat(text.AsSpan(0, length), "…");
    }
}
