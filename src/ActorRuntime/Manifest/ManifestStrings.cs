using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>Checks on the text of a manifest: every string is Unicode text, names and ids have no control characters.</summary>
internal static class ManifestStrings
{
    /// <summary>
    /// Walks the whole document (with a stack of its own, not the .NET stack) and refuses the first string or
    /// property name holding half a surrogate pair (<c>"\ud800"</c>): System.Text.Json cannot turn it into a string.
    /// </summary>
    public static void CheckUnicode(string fileName, JsonElement root)
    {
        var pending = new Stack<(JsonElement Element, string Path)>();
        pending.Push((root, "$"));
        while (pending.TryPop(out var item))
        {
            var (element, path) = item;
            switch (element.ValueKind)
            {
                case JsonValueKind.String when !IsText(element):
                    throw new ManifestException($"{fileName}: {path}: expected Unicode text, got a lone surrogate in {Shorten(element.GetRawText())}");
                case JsonValueKind.Object:
                    // Children are pushed last first, so that the first bad string in document order is the one reported.
                    foreach (var property in element.EnumerateObject().Reverse())
                    {
                        string name;
                        try
                        {
                            name = property.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            throw new ManifestException($"{fileName}: {path}: expected property names of Unicode text, got one with a lone surrogate");
                        }
                        pending.Push((property.Value, Child(path, name)));
                    }
                    break;
                case JsonValueKind.Array:
                    var items = element.EnumerateArray().ToList();
                    for (var index = items.Count - 1; index >= 0; index--) pending.Push((items[index], $"{path}[{index}]"));
                    break;
            }
        }
    }

    /// <summary>Refuses a name or id holding a C0 control character other than tab, carriage return and line feed.</summary>
    public static void CheckNoControlCharacters(string fileName, string path, string? value)
    {
        if (value is not null && FirstControlCharacter(value) is { } found)
            throw new ManifestException($"{fileName}: {path}: expected text without control characters, got {found}");
    }

    /// <summary>"U+0007 at character 3" for the first C0 control character other than tab, CR and LF, or null.</summary>
    public static string? FirstControlCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
            if (value[i] < ' ' && value[i] is not ('\t' or '\r' or '\n'))
                return $"U+{(int)value[i]:X4} at character {i + 1}";
        return null;
    }

    private static bool IsText(JsonElement value)
    {
        try
        {
            value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    internal static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? $"{path}.{name}"
            : $"{path}[\"{JsonEncodedText.Encode(name)}\"]";

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
