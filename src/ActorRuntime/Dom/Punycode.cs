using System.Text;

namespace ActorRuntime.Dom;

/// <summary>RFC 3492 Punycode, the encoding of a domain label's code points behind its "xn--" form.</summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 0x80;

    /// <summary>The encoded label without its "xn--", or null when it overflows.</summary>
    public static string? Encode(int[] input)
    {
        var output = new StringBuilder();
        foreach (var c in input)
            if (c < 0x80) output.Append((char)c);
        var basic = output.Length;
        var handled = basic;
        if (basic > 0) output.Append('-');
        int n = InitialN, delta = 0, bias = InitialBias;
        while (handled < input.Length)
        {
            var m = input.Where(c => c >= n).Min();
            if ((long)(m - n) * (handled + 1) + delta > int.MaxValue) return null;
            delta += (m - n) * (handled + 1);
            n = m;
            foreach (var c in input)
            {
                if (c < n) delta++;
                if (c != n) continue;
                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = Threshold(k, bias);
                    if (q < t) break;
                    output.Append(Digit(t + (q - t) % (Base - t)));
                    q = (q - t) / (Base - t);
                }
                output.Append(Digit(q));
                bias = Adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled++;
            }
            delta++;
            n++;
        }
        return output.ToString();
    }

    /// <summary>The code points of an encoded label (without its "xn--"), or null when it is not valid Punycode.</summary>
    public static int[]? Decode(string input)
    {
        var output = new List<int>();
        var delimiter = input.LastIndexOf('-');
        if (delimiter > 0)
        {
            foreach (var c in input[..delimiter])
            {
                if (c >= 0x80) return null;
                output.Add(c);
            }
        }
        int n = InitialN, i = 0, bias = InitialBias;
        for (var at = delimiter > 0 ? delimiter + 1 : 0; at < input.Length;)
        {
            var oldI = i;
            var w = 1;
            for (var k = Base; ; k += Base)
            {
                if (at >= input.Length) return null;
                var digit = DigitValue(input[at++]);
                if (digit < 0 || digit > (int.MaxValue - i) / w) return null;
                i += digit * w;
                var t = Threshold(k, bias);
                if (digit < t) break;
                if ((long)w * (Base - t) > int.MaxValue) return null;
                w *= Base - t;
            }
            bias = Adapt(i - oldI, output.Count + 1, oldI == 0);
            if (i / (output.Count + 1) > 0x10FFFF - n) return null;
            n += i / (output.Count + 1);
            i %= output.Count + 1;
            if (n is >= 0xD800 and <= 0xDFFF) return null;
            output.Insert(i, n);
            i++;
        }
        return [.. output];
    }

    private static int Threshold(int k, int bias) => k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + d - 26);

    private static int DigitValue(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '0' and <= '9' => c - '0' + 26,
        _ => -1,
    };

    private static int Adapt(int delta, int points, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / points;
        var k = 0;
        while (delta > (Base - TMin) * TMax / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }
        return k + (Base - TMin + 1) * delta / (delta + Skew);
    }
}
