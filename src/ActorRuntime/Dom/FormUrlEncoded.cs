using System.Globalization;
using System.Text;

namespace ActorRuntime.Dom;

/// <summary>
/// The <c>application/x-www-form-urlencoded</c> parser and serializer of the URL Standard, which <c>URLSearchParams</c>
/// reads and writes queries with: pairs split on "&amp;" and the first "=", "+" as a space, percent-escapes as UTF-8.
/// </summary>
internal static class FormUrlEncoded
{
    public static List<(string Name, string Value)> Parse(string input)
    {
        var pairs = new List<(string, string)>();
        foreach (var sequence in input.Split('&'))
        {
            if (sequence.Length == 0) continue;
            var equals = sequence.IndexOf('=');
            var name = equals >= 0 ? sequence[..equals] : sequence;
            var value = equals >= 0 ? sequence[(equals + 1)..] : "";
            pairs.Add((Decode(name), Decode(value)));
        }
        return pairs;
    }

    public static string Serialize(IEnumerable<(string Name, string Value)> pairs)
    {
        var output = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (output.Length > 0) output.Append('&');
            Encode(output, name);
            output.Append('=');
            Encode(output, value);
        }
        return output.ToString();
    }

    private static string Decode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Replace('+', ' '));
        var decoded = new byte[bytes.Length];
        var length = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '%' && i + 2 < bytes.Length && IsHex(bytes[i + 1]) && IsHex(bytes[i + 2]))
            {
                decoded[length++] = (byte)(HexValue(bytes[i + 1]) * 16 + HexValue(bytes[i + 2]));
                i += 2;
            }
            else decoded[length++] = bytes[i];
        }
        return Encoding.UTF8.GetString(decoded, 0, length);
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static void Encode(StringBuilder output, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b == ' ') output.Append('+');
            else if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_')
                output.Append((char)b);
            else output.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Web IDL's USVString: lone surrogates become U+FFFD.</summary>
    public static string Usv(string text)
    {
        StringBuilder? output = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var lone = char.IsHighSurrogate(c) ? !(i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) : char.IsLowSurrogate(c);
            if (char.IsHighSurrogate(c) && !lone)
            {
                output?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (lone) output ??= new StringBuilder(text, 0, i, text.Length);
            output?.Append(lone ? '\uFFFD' : c);
        }
        return output?.ToString() ?? text;
    }
}
