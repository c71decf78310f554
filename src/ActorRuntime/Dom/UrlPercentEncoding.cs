using System.Text;

namespace ActorRuntime.Dom;

/// <summary>The percent-encode sets of the URL Standard, each a superset of the one before it.</summary>
internal enum PercentEncodeSet
{
    C0Control,
    Fragment,
    Query,
    SpecialQuery,
    Path,
    Userinfo,
}

/// <summary>
/// UTF-8 percent-encoding and percent-decoding as the URL Standard does them: a code point of a set (or any beyond
/// U+007E, or a C0 control) becomes its UTF-8 bytes as <c>%XX</c>, upper-case; "%" itself is never encoded, so escapes
/// already written stay as they are.
/// </summary>
internal static class UrlPercentEncoding
{
    private static readonly string[] Extra =
    [
        "",                         // C0 control
        " \"<>`",                   // fragment
        " \"#<>",                   // query
        " \"#<>'",                  // special-query
        " \"#<>?^`{}",              // path
        " \"#<>?^`{}/:;=@[\\]|",    // userinfo
    ];

    public static bool InSet(int codePoint, PercentEncodeSet set) =>
        codePoint < 0x20 || codePoint > 0x7E || Extra[(int)set].Contains((char)codePoint);

    /// <summary>Appends one code point, percent-encoded when <paramref name="set"/> holds it.</summary>
    public static void Append(StringBuilder output, int codePoint, PercentEncodeSet set)
    {
        if (!InSet(codePoint, set))
        {
            output.Append((char)codePoint);
            return;
        }
        Span<byte> bytes = stackalloc byte[4];
        var rune = Rune.IsValid(codePoint) ? new Rune(codePoint) : Rune.ReplacementChar;
        var length = rune.EncodeToUtf8(bytes);
        for (var i = 0; i < length; i++) output.Append('%').Append(Hex[bytes[i] >> 4]).Append(Hex[bytes[i] & 0xF]);
    }

    public static string Encode(string text, PercentEncodeSet set)
    {
        var output = new StringBuilder(text.Length);
        foreach (var codePoint in CodePoints(text)) Append(output, codePoint, set);
        return output.ToString();
    }

    /// <summary>The URL Standard's "percent-decode" of a string's UTF-8 bytes; "%" not followed by two hex digits stays.</summary>
    public static byte[] Decode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var output = new byte[bytes.Length];
        var length = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '%' && i + 2 < bytes.Length && HexValue(bytes[i + 1]) is >= 0 and var high && HexValue(bytes[i + 2]) is >= 0 and var low)
            {
                output[length++] = (byte)(high * 16 + low);
                i += 2;
            }
            else output[length++] = bytes[i];
        }
        return output.AsSpan(0, length).ToArray();
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private const string Hex = "0123456789ABCDEF";

    /// <summary>A string's code points; a lone surrogate is U+FFFD, as USVString conversion makes it.</summary>
    public static int[] CodePoints(string text)
    {
        var output = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Add(char.ConvertToUtf32(c, text[i + 1]));
                i++;
            }
            else output.Add(char.IsSurrogate(c) ? 0xFFFD : c);
        }
        return [.. output];
    }
}
