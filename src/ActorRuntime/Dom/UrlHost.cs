using System.Globalization;
using System.Text;

namespace ActorRuntime.Dom;

/// <summary>
/// The URL Standard's host parser and serializer: an IPv6 address in brackets, an opaque host of a non-special URL, or
/// a domain (percent-decoded, through domain-to-ASCII) that may turn out to be an IPv4 address. A host is kept
/// serialized, which is all a URL record needs of it.
/// </summary>
internal static class UrlHost
{
    /// <summary>The serialized host, or null for failure.</summary>
    public static string? Parse(string input, bool isOpaque)
    {
        if (input.StartsWith('['))
        {
            if (!input.EndsWith(']') || input.Length < 2) return null;
            return ParseIPv6(UrlPercentEncoding.CodePoints(input[1..^1])) is { } address ? "[" + SerializeIPv6(address) + "]" : null;
        }
        if (isOpaque) return ParseOpaque(input);
        var domain = Encoding.UTF8.GetString(UrlPercentEncoding.Decode(input));
        if (UrlIdna.DomainToAscii(domain) is not { } asciiDomain) return null;
        if (!EndsInANumber(asciiDomain)) return asciiDomain;
        return ParseIPv4(asciiDomain) is { } ipv4 ? SerializeIPv4(ipv4) : null;
    }

    private const string ForbiddenHostCodePoints = "\0\t\n\r #/:<>?@[\\]^|";

    public static bool IsForbiddenHostCodePoint(int c) => c < 0x80 && ForbiddenHostCodePoints.Contains((char)c);

    public static bool IsForbiddenDomainCodePoint(int c) => IsForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;

    private static string? ParseOpaque(string input)
    {
        var codePoints = UrlPercentEncoding.CodePoints(input);
        if (codePoints.Any(IsForbiddenHostCodePoint)) return null;
        var output = new StringBuilder(input.Length);
        foreach (var c in codePoints) UrlPercentEncoding.Append(output, c, PercentEncodeSet.C0Control);
        return output.ToString();
    }

    private static bool EndsInANumber(string input)
    {
        var parts = input.Split('.').ToList();
        if (parts[^1].Length == 0)
        {
            if (parts.Count == 1) return false;
            parts.RemoveAt(parts.Count - 1);
        }
        var last = parts[^1];
        if (last.Length > 0 && last.All(char.IsAsciiDigit)) return true;
        return ParseIPv4Number(last) is not null;
    }

    private static long? ParseIPv4(string input)
    {
        var parts = input.Split('.').ToList();
        if (parts[^1].Length == 0 && parts.Count > 1) parts.RemoveAt(parts.Count - 1);
        if (parts.Count > 4) return null;
        var numbers = new List<long>();
        foreach (var part in parts)
        {
            if (ParseIPv4Number(part) is not { } number) return null;
            numbers.Add(number);
        }
        for (var i = 0; i < numbers.Count - 1; i++)
            if (numbers[i] > 255) return null;
        if (numbers[^1] >= 1L << (8 * (5 - numbers.Count))) return null;
        var ipv4 = numbers[^1];
        for (var i = 0; i < numbers.Count - 1; i++) ipv4 += numbers[i] << (8 * (3 - i));
        return ipv4;
    }

    /// <summary>A part of an IPv4 address: decimal, octal after a leading "0", hex after "0x"; values past 2^32 are capped (they fail anyway).</summary>
    private static long? ParseIPv4Number(string input)
    {
        if (input.Length == 0) return null;
        var radix = 10;
        if (input.Length >= 2 && input[0] == '0' && input[1] is 'x' or 'X')
        {
            input = input[2..];
            radix = 16;
        }
        else if (input.Length >= 2 && input[0] == '0')
        {
            input = input[1..];
            radix = 8;
        }
        long value = 0;
        foreach (var c in input)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return null;
            value = Math.Min(value * radix + digit, 1L << 40);
        }
        return value;
    }

    private static string SerializeIPv4(long address) =>
        string.Join('.', Enumerable.Range(0, 4).Select(i => ((address >> (8 * (3 - i))) & 0xFF).ToString(CultureInfo.InvariantCulture)));

    private static ushort[]? ParseIPv6(int[] input)
    {
        var address = new ushort[8];
        var pieceIndex = 0;
        int? compress = null;
        var pointer = 0;
        int C(int at) => at < input.Length ? input[at] : -1;
        if (C(pointer) == ':')
        {
            if (C(pointer + 1) != ':') return null;
            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (C(pointer) != -1)
        {
            if (pieceIndex == 8) return null;
            if (C(pointer) == ':')
            {
                if (compress is not null) return null;
                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0, length = 0;
            while (length < 4 && HexDigit(C(pointer)) is >= 0 and var digit)
            {
                value = value * 16 + digit;
                pointer++;
                length++;
            }
            if (C(pointer) == '.')
            {
                if (length == 0) return null;
                pointer -= length;
                if (pieceIndex > 6) return null;
                var numbersSeen = 0;
                while (C(pointer) != -1)
                {
                    int? ipv4Piece = null;
                    if (numbersSeen > 0)
                    {
                        if (C(pointer) == '.' && numbersSeen < 4) pointer++;
                        else return null;
                    }
                    if (!IsDigit(C(pointer))) return null;
                    while (IsDigit(C(pointer)))
                    {
                        var number = C(pointer) - '0';
                        if (ipv4Piece is null) ipv4Piece = number;
                        else if (ipv4Piece == 0) return null;
                        else ipv4Piece = ipv4Piece * 10 + number;
                        if (ipv4Piece > 255) return null;
                        pointer++;
                    }
                    address[pieceIndex] = (ushort)(address[pieceIndex] * 0x100 + ipv4Piece!.Value);
                    numbersSeen++;
                    if (numbersSeen is 2 or 4) pieceIndex++;
                }
                if (numbersSeen != 4) return null;
                break;
            }
            if (C(pointer) == ':')
            {
                pointer++;
                if (C(pointer) == -1) return null;
            }
            else if (C(pointer) != -1) return null;
            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }
        if (compress is { } start)
        {
            var swaps = pieceIndex - start;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0)
            {
                (address[pieceIndex], address[start + swaps - 1]) = (address[start + swaps - 1], address[pieceIndex]);
                pieceIndex--;
                swaps--;
            }
        }
        else if (pieceIndex != 8) return null;
        return address;
    }

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static int HexDigit(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Lower-case hex pieces; the first longest run of two or more zero pieces becomes "::".</summary>
    private static string SerializeIPv6(ushort[] address)
    {
        int compress = -1, bestLength = 1;
        for (var i = 0; i < 8;)
        {
            if (address[i] != 0)
            {
                i++;
                continue;
            }
            var end = i;
            while (end < 8 && address[end] == 0) end++;
            if (end - i > bestLength)
            {
                bestLength = end - i;
                compress = i;
            }
            i = end;
        }
        var output = new StringBuilder();
        var ignoreZero = false;
        for (var i = 0; i < 8; i++)
        {
            if (ignoreZero && address[i] == 0) continue;
            ignoreZero = false;
            if (compress == i)
            {
                output.Append(i == 0 ? "::" : ":");
                ignoreZero = true;
                continue;
            }
            output.Append(address[i].ToString("x", CultureInfo.InvariantCulture));
            if (i != 7) output.Append(':');
        }
        return output.ToString();
    }
}
