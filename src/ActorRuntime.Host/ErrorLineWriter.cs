using System.Text;

namespace ActorRuntime.Host;

/// <summary>
/// The CLI's stderr: each line it is given stays one line. Error lines echo what the user or the extension gave
/// (a folder name, a label, a manifest value); line breaks, escape sequences and other control characters in them
/// are written as escapes (<c>\n</c>, <c>\u001b</c>), so they can neither split the line nor drive the terminal.
/// </summary>
internal sealed class ErrorLineWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(Escape(value.ToString()));

    public override void Write(string? value) => inner.Write(Escape(value));

    public override void WriteLine(string? value) => inner.WriteLine(Escape(value));

    public override void WriteLine() => inner.WriteLine();

    public override void Flush() => inner.Flush();

    /// <summary>C0 controls other than tab, DEL and C1 controls as escapes; everything else as it is.</summary>
    internal static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsControl)) return text ?? "";
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!IsControl(c)) result.Append(c);
            else if (c == '\n') result.Append("\\n");
            else if (c == '\r') result.Append("\\r");
            else result.Append($"\\u{(int)c:x4}");
        }
        return result.ToString();
    }

    private static bool IsControl(char c) => char.IsControl(c) && c != '\t';
}
