using System.Text;

namespace ActorRuntime.RemoteClient;

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

    internal static string Escape(string? text) => OneLineText.Escape(text);
}
