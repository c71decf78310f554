using System.Text;

namespace ActorRuntime.SchemaGenerator.ChromeTypes;

internal enum TokenKind { Identifier, String, Number, Punctuation, Doc, End }

internal readonly record struct Token(TokenKind Kind, string Text, int Line)
{
    public bool Is(string punctuationOrWord) => Kind is TokenKind.Punctuation or TokenKind.Identifier && Text == punctuationOrWord;

    public override string ToString() => Kind == TokenKind.End ? "the end of the file" : $"'{Text}' (line {Line})";
}

/// <summary>
/// Splits a declaration file into tokens: names, string and number literals, punctuation (<c>=&gt;</c> and <c>...</c> as one),
/// and JSDoc comments (<c>/** */</c>, kept for their tags); other comments are dropped.
/// </summary>
internal static class DtsLexer
{
    public static List<Token> Read(string text)
    {
        var tokens = new List<Token>();
        var line = 1;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '\n') line++;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            var startLine = line;
            if (c == '/' && At(text, i, "/**") && !At(text, i, "/**/"))
            {
                var end = Find(text, i + 3, "*/", line);
                tokens.Add(new Token(TokenKind.Doc, text[(i + 3)..end], startLine));
                line += Count(text, i, end + 2, '\n');
                i = end + 2;
            }
            else if (c == '/' && At(text, i, "/*"))
            {
                var end = Find(text, i + 2, "*/", line);
                line += Count(text, i, end + 2, '\n');
                i = end + 2;
            }
            else if (c == '/' && At(text, i, "//"))
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (c is '"' or '\'')
            {
                var value = new StringBuilder();
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    if (text[i] == '\n') throw new FormatException($"line {startLine}: a string does not end on its line");
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i]);
                }
                if (i >= text.Length) throw new FormatException($"line {startLine}: a string does not end");
                i++;
                tokens.Add(new Token(TokenKind.String, value.ToString(), startLine));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(TokenKind.Number, text[start..i], startLine));
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$')) i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], startLine));
            }
            else
            {
                var length = At(text, i, "=>") ? 2 : At(text, i, "...") ? 3 : 1;
                tokens.Add(new Token(TokenKind.Punctuation, text.Substring(i, length), startLine));
                i += length;
            }
        }
        tokens.Add(new Token(TokenKind.End, "", line));
        return tokens;
    }

    private static bool At(string text, int index, string what) => string.CompareOrdinal(text, index, what, 0, what.Length) == 0;

    private static int Find(string text, int from, string what, int line)
    {
        var end = text.IndexOf(what, from, StringComparison.Ordinal);
        return end >= 0 ? end : throw new FormatException($"line {line}: a comment does not end");
    }

    private static int Count(string text, int from, int to, char c)
    {
        var count = 0;
        for (var i = from; i < to; i++) if (text[i] == c) count++;
        return count;
    }

    /// <summary>A JSDoc's tags: each line starting (after its <c>*</c>) with <c>@name</c>, and the rest of that line.</summary>
    public static DtsDoc Doc(string body)
    {
        var tags = new List<(string, string)>();
        foreach (var raw in body.Split('\n'))
        {
            var text = raw.Trim().TrimStart('*').Trim();
            if (!text.StartsWith('@')) continue;
            var space = text.IndexOf(' ');
            tags.Add(space < 0 ? (text[1..], "") : (text[1..space], text[(space + 1)..].Trim()));
        }
        return new DtsDoc(tags);
    }
}
