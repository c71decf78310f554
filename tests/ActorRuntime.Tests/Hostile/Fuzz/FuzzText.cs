using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRuntime.Tests.Hostile.Fuzz;

/// <summary>Generators of awkward text shared by the fuzzing properties: odd characters, hostile paths, long strings.</summary>
public static class FuzzText
{
    /// <summary>Characters that break naive code: controls, NUL, line separators, lone and reversed surrogates, astral pairs.</summary>
    private static readonly string[] OddPieces =
    [
        "\0", "\u0001", "\u001b[31m", "\n", "\r", "\r\n", "\t", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff",
        "\ud800", "\udc00", "\udbff", "a\ud83d", "\ude00b", "\udc00\ud800", "\ud83d\ude00", "é", "漢字", "\u202e", "\u0301", "\"", "\\", "'", "`", "${x}",
        "%00", "%2e%2e", "<script>", "]]>", "*", "?", "#", "/", "//", "..", ".", " ", "",
    ];

    /// <summary>Paths an extension might name, inside its folder or trying to leave it.</summary>
    public static readonly string[] Paths =
    [
        "background.js", "popup.html", "pages/options.html", "./popup.html", "popup.html?x=1#y", "", ".", "/", "..", "../x.js", "../../../../etc/passwd",
        "/etc/passwd", "a/../../b.js", "a/./../popup.html", "C:\\Windows\\win.ini", "\\\\server\\share\\x.js", "x.js\0.html", "\0", "moz-extension://other/x.js",
        "moz-extension://fuzz/../x.js", "file:///etc/passwd", "https://example.com/x.js", "%2e%2e/x.js", "~/.ssh/id_rsa", "popup.html/", "//x.js",
        "/proc/self/environ", "/dev/zero", "con", "aux.js", "a\nb.js", "\ud800.js", "dir/", new string('a', 300) + ".js", string.Concat(Enumerable.Repeat("../", 200)) + "x",
    ];

    public static readonly string[] MatchPatterns =
    [
        "<all_urls>", "*://*/*", "https://*.example.com/*", "file:///*", "*://*.*/*", "http://[::1]/*", "*://*/" + string.Concat(Enumerable.Repeat("*a", 25)) + "*b",
        "ftp://x/", "*", "", "://", "http://", "http:///", "*://*" , "https://example.com", "https://ex ample.com/*", "\ud800://*/*", "http://*.*.*/*",
    ];

    /// <summary>Printable ASCII, words, odd pieces, paths, random BMP and astral text, and now and then a very long string.</summary>
    public static Gen<string> OddString() => Gen.Frequency(
        (6, Gen.Elements("x", "name", "Fuzz Extension", "1.0", "0.0.1", "fuzz@example.org", "{1f2e3d4c-0000-4000-8000-000000000000}", "spanning", "split",
            "not_allowed", "document_start", "document_end", "document_idle", "true", "null", "2", "-0")),
        (6, Gen.Elements(OddPieces)),
        (4, Gen.Elements(Paths)),
        (4, Gen.ListOf(Gen.Elements(OddPieces), 4).Select(string.Concat)),
        (4, Gen.ArrayOf(Gen.Choose(0, 0xffff).Select(c => (char)c)).Select(chars => new string(chars))),
        (2, Gen.ArrayOf(Gen.Choose(0x10000, 0x10ffff).Select(char.ConvertFromUtf32)).Select(string.Concat)),
        (1, Gen.Frequency((12, Gen.Constant(1_000)), (4, Gen.Constant(70_000)), (1, Gen.Constant(1 << 20)))
            .SelectMany(n => Gen.Elements('a', '\n', '\ud800').Select(c => new string(c, n)))));

    /// <summary>A list of 0 to <paramref name="max"/> items.</summary>
    public static Gen<List<T>> UpTo<T>(Gen<T> item, int max) => Gen.Choose(0, max).SelectMany(n => Gen.ListOf(item, n).Select(items => items.ToList()));

    /// <summary>A JSON string literal for <paramref name="text"/>: escapes for quotes, backslashes, controls and surrogates, the rest as is.</summary>
    public static string JsonLiteral(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c == '"') result.Append("\\\"");
            else if (c == '\\') result.Append("\\\\");
            else if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c is '\u2028' or '\u2029') result.Append($"\\u{(int)c:x4}");
            else result.Append(c);
        }
        return result.Append('"').ToString();
    }
}
