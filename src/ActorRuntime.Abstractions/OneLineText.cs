using System.Text;

namespace ActorRuntime;

/// <summary>
/// Text quoted from users and extensions kept on one line: line breaks, escape sequences and other control characters
/// (tab aside) are written as escapes (<c>\n</c>, <c>\u001b</c>), so a quoted value can neither split an error line nor
/// drive a terminal.
/// </summary>
internal static class OneLineText
{
    /// <summary><paramref name="text"/> with its control characters escaped, cut after <paramref name="maxLength"/> characters.</summary>
    public static string Escape(string? text, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.Length <= maxLength && !text.Any(NeedsEscape)) return text;
        var line = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        foreach (var c in text)
        {
            if (line.Length >= maxLength)
            {
                line.Append("... (cut)");
                break;
            }
            if (!NeedsEscape(c)) line.Append(c);
            else if (c == '\n') line.Append("\\n");
            else if (c == '\r') line.Append("\\r");
            else line.Append($"\\u{(int)c:x4}");
        }
        return line.ToString();
    }

    private static bool NeedsEscape(char c) => (char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029';
}
