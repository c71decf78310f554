using System.Globalization;
using System.Text;

namespace ActorRuntime.Dom;

/// <summary>
/// The URL Standard's "domain to ASCII" with beStrict false: UTS #46 ToASCII (non-transitional, CheckBidi and
/// CheckJoiners on; CheckHyphens, UseSTD3ASCIIRules and VerifyDnsLength off), then no empty result and no forbidden
/// domain code point. The mapping and validation are ICU's, through <see cref="IdnMapping"/>. What that class does
/// otherwise is made up for here: it enforces what the standard turns off (hyphens at a label's ends or in its third
/// and fourth places, empty and long labels), so a domain it refuses is tried again label by label; it does not run
/// the Bidi Rule (<see cref="IdnaBidiRule"/> does); and a few mappings of Unicode 15.1 that older ICU lacks are applied
/// first.
/// </summary>
internal static class UrlIdna
{
    private static readonly IdnMapping Mapping = new() { UseStd3AsciiRules = false, AllowUnassigned = true };

    /// <summary>The ASCII domain, or null for failure.</summary>
    public static string? DomainToAscii(string domain)
    {
        var result = IsPlainAscii(domain) ? domain.ToLowerInvariant() : Map(Unicode151Mappings(domain));
        if (string.IsNullOrEmpty(result)) return null;
        foreach (var c in result)
            if (UrlHost.IsForbiddenDomainCodePoint(c)) return null;
        return result;
    }

    /// <summary>ASCII with no label starting "xn--": UTS #46 only lower-cases it (the standard's own shortcut).</summary>
    private static bool IsPlainAscii(string domain) =>
        Ascii.IsValid(domain) && !domain.Split('.').Any(IsPunycodeLabel);

    private static bool IsPunycodeLabel(string label) => label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase);

    private static string? Map(string domain)
    {
        var result = TryGetAscii(domain);
        if (result is null)
        {
            // A domain with right-to-left text is checked as a whole (ICU's refusal may be the bidi rule's): no second try.
            if (UrlPercentEncoding.CodePoints(domain).Any(IdnaBidiRule.IsRightToLeftBlock)) return null;
            var labels = domain.Split(LabelSeparators);
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i].Length == 0) continue;
                if ((IsPlainAscii(labels[i]) ? labels[i] : TryGetAscii(labels[i]) ?? Label(labels[i])) is not { } label) return null;
                labels[i] = label;
            }
            result = string.Join('.', labels);
        }
        result = result.ToLowerInvariant();
        var decoded = new List<int[]>();
        foreach (var label in result.Split('.'))
        {
            if (!IsPunycodeLabel(label))
            {
                decoded.Add(UrlPercentEncoding.CodePoints(label));
                continue;
            }
            if (Decoded(label) is not { } unicode || unicode.All(c => c < 0x80)) return null;
            decoded.Add(unicode);
        }
        return IdnaBidiRule.Holds(decoded) ? result : null;
    }

    private static readonly char[] LabelSeparators = ['.', '\u3002', '\uFF0E', '\uFF61'];

    private static string? TryGetAscii(string text)
    {
        try
        {
            return Mapping.GetAscii(text);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// A label ICU refuses on its own, for its hyphens or its length perhaps: mapped and validated between two letters
    /// that hide those, then encoded here. An "xn--" label is decoded and must come back from ICU unchanged.
    /// </summary>
    private static string? Label(string label)
    {
        string text;
        if (IsPunycodeLabel(label))
        {
            if (Decoded(label) is not { } unicode) return null;
            text = string.Concat(unicode.Select(char.ConvertFromUtf32));
            return Mapped(text) == text ? label.ToLowerInvariant() : null;
        }
        if (StartsWithMark(UrlPercentEncoding.CodePoints(label))) return null;
        if (Mapped(label) is not { } mapped) return null;
        var codePoints = UrlPercentEncoding.CodePoints(mapped);
        return codePoints.All(c => c < 0x80) ? mapped : Punycode.Encode(codePoints) is { } encoded ? "xn--" + encoded : null;
    }

    /// <summary>An "xn--" label's code points, when they are a label UTS #46 can take: not empty, no leading mark, no "xn--" again.</summary>
    private static int[]? Decoded(string label)
    {
        if (Punycode.Decode(label[4..]) is not { Length: > 0 } unicode || StartsWithMark(unicode)) return null;
        return unicode is ['x' or 'X', 'n' or 'N', '-', '-', ..] ? null : unicode;
    }

    /// <summary>
    /// A label's UTS #46 mapping (validated), or null. A long label goes to ICU in pieces (cut before ASCII letters and
    /// digits, where neither mapping nor normalization joins anything), since ICU refuses labels over 63 bytes.
    /// </summary>
    private static string? Mapped(string label)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < label.Length; i++)
        {
            if (i - start < 16 || !char.IsAsciiLetterOrDigit(label[i])) continue;
            pieces.Add(label[start..i]);
            start = i;
        }
        pieces.Add(label[start..]);
        var output = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (MappedPiece(piece) is not { } mapped) return null;
            output.Append(mapped);
        }
        return output.ToString();
    }

    private static string? MappedPiece(string label)
    {
        if (TryGetAscii("a" + label + "a") is not { } ascii) return null;
        ascii = ascii.ToLowerInvariant();
        if (ascii.Contains('.')) return null;
        if (!IsPunycodeLabel(ascii)) return ascii.Length >= 2 ? ascii[1..^1] : null;
        if (Punycode.Decode(ascii[4..]) is not { Length: >= 2 } unicode) return null;
        return string.Concat(unicode[1..^1].Select(char.ConvertFromUtf32));
    }

    private static bool StartsWithMark(int[] label) => label.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(label[0])
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Unicode 15.1 made these capitals map to their small letters (they were disallowed, or "ẞ" mapped to "ss").</summary>
    private static string Unicode151Mappings(string domain)
    {
        StringBuilder? output = null;
        for (var i = 0; i < domain.Length; i++)
        {
            var c = domain[i];
            char? small = c switch
            {
                '\u1E9E' => '\u00DF',
                >= '\u10A0' and <= '\u10C5' or '\u10C7' or '\u10CD' => (char)(c - 0x10A0 + 0x2D00),
                '\u04C0' => '\u04CF',
                '\u2183' => '\u2184',
                _ => null,
            };
            if (small is null)
            {
                output?.Append(c);
                continue;
            }
            output ??= new StringBuilder(domain, 0, i, domain.Length);
            output.Append(small.Value);
        }
        return output?.ToString() ?? domain;
    }
}
