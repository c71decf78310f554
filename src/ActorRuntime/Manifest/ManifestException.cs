using System.Text;

namespace ActorRuntime.Manifest;

/// <summary>
/// An extension that cannot be loaded, said in one line naming the file, key or value and what was expected. Values
/// quoted from the extension may hold anything: control characters are written as escapes (a newline cannot split
/// the line or a terminal sequence reach the user's terminal) and a very long message is cut.
/// </summary>
public sealed class ManifestException(string message) : Exception(OneLine(message))
{
    private const int MaxLength = 2000;

    internal static string OneLine(string message)
    {
        var line = new StringBuilder(Math.Min(message.Length, MaxLength + 16));
        foreach (var c in message)
        {
            if (line.Length >= MaxLength)
            {
                line.Append("... (cut)");
                break;
            }
            switch (c)
            {
                case '\n': line.Append("\\n"); break;
                case '\r': line.Append("\\r"); break;
                case '\t': line.Append("\\t"); break;
                case < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') or '\u2028' or '\u2029': line.Append($"\\u{(int)c:x4}"); break;
                default: line.Append(c); break;
            }
        }
        return line.ToString();
    }
}
