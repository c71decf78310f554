using System.Globalization;

namespace ActorRuntime.Dom;

/// <summary>
/// The Bidi Rule of RFC 5893 that UTS #46 runs with CheckBidi (the <see cref="IdnMapping"/> of .NET does not): in a
/// domain with a right-to-left label, every label must keep one direction. Bidi classes are derived from the general
/// category and the right-to-left blocks, which is close enough for the letters, digits and marks domains hold.
/// </summary>
internal static class IdnaBidiRule
{
    private enum Bidi { L, R, AN, EN, Nsm, Neutral }

    /// <summary>The labels, as code points, satisfy the rule (trivially when none is right-to-left).</summary>
    public static bool Holds(IReadOnlyList<int[]> labels)
    {
        if (!labels.Any(label => label.Any(c => Class(c) is Bidi.R or Bidi.AN))) return true;
        foreach (var label in labels)
        {
            if (label.Length == 0) continue;
            var classes = label.Select(Class).ToArray();
            var last = Array.FindLastIndex(classes, c => c != Bidi.Nsm);
            if (last < 0) return false;
            if (classes[0] == Bidi.R)
            {
                if (classes.Contains(Bidi.L)) return false;
                if (classes[last] is not (Bidi.R or Bidi.EN or Bidi.AN)) return false;
                if (classes.Contains(Bidi.EN) && classes.Contains(Bidi.AN)) return false;
            }
            else if (classes[0] == Bidi.L)
            {
                if (classes.Any(c => c is Bidi.R or Bidi.AN)) return false;
                if (classes[last] is not (Bidi.L or Bidi.EN)) return false;
            }
            else return false;
        }
        return true;
    }

    private static Bidi Class(int c)
    {
        if (c < 0x80)
            return c is >= '0' and <= '9' ? Bidi.EN : c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' ? Bidi.L : Bidi.Neutral;
        if (c is >= 0x0660 and <= 0x0669 or 0x066B or 0x066C or >= 0x0600 and <= 0x0605 or 0x06DD or 0x0890 or 0x0891 or 0x08E2
            or >= 0x10D30 and <= 0x10D39 or >= 0x10E60 and <= 0x10E7E)
            return Bidi.AN;
        if (c is >= 0x06F0 and <= 0x06F9 or >= 0x2070 and <= 0x2079 or >= 0x2080 and <= 0x2089 or 0xB2 or 0xB3 or 0xB9
            or >= 0xFF10 and <= 0xFF19 or >= 0x1D7CE and <= 0x1D7FF)
            return Bidi.EN;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) return Bidi.Nsm;
        // In the right-to-left blocks punctuation is right-to-left too (the Hebrew maqaf), but for the Arabic comma.
        if (IsRightToLeftBlock(c) && c != 0x060C) return Bidi.R;
        var letterLike = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
        if (!letterLike) return Bidi.Neutral;
        return IsRightToLeftBlock(c) ? Bidi.R : Bidi.L;
    }

    /// <summary>Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their supplements and presentation forms; the historic RTL scripts.</summary>
    public static bool IsRightToLeftBlock(int c) => c is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF
        or >= 0x10800 and <= 0x10FFF or >= 0x1E800 and <= 0x1EFFF;
}
