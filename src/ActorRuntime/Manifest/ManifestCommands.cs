using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>One entry of the manifest's <c>commands</c>: its name, description and suggested shortcut per platform.</summary>
/// <param name="SuggestedKeys">Platform (<c>default</c>, <c>mac</c>, <c>windows</c>, <c>linux</c>, <c>chromeos</c>, ...) to shortcut, spaces removed.</param>
internal sealed record ManifestCommand(string Name, string? Description, IReadOnlyDictionary<string, string> SuggestedKeys);

/// <summary>
/// The manifest's <c>commands</c>, checked when the extension loads (a bad one is refused with one line naming the key) and
/// read again when <c>commands.getAll</c> asks, rather than kept: a suspended extension keeps nothing for them.
/// </summary>
internal static class ManifestCommands
{
    /// <summary>Modifiers of either browser's shortcut notation (<c>MacCtrl</c> is the Control key on a Mac; <c>Search</c> is ChromeOS's).</summary>
    public static readonly string[] Modifiers = ["Ctrl", "Alt", "Shift", "Command", "MacCtrl", "Search"];

    private static readonly HashSet<string> NamedKeys = new(StringComparer.Ordinal)
    {
        "Comma", "Period", "Home", "End", "PageUp", "PageDown", "Space", "Insert", "Delete", "Up", "Down", "Left", "Right", "Tab",
        "MediaNextTrack", "MediaPlayPause", "MediaPrevTrack", "MediaStop",
        "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
    };

    /// <summary>The commands of <paramref name="root"/> (the manifest), in the manifest's order; a malformed one is a <see cref="ManifestException"/>.</summary>
    public static IReadOnlyList<ManifestCommand> Read(string fileName, JsonElement root)
    {
        if (!root.TryGetProperty("commands", out var commands) || commands.ValueKind == JsonValueKind.Null) return [];
        if (commands.ValueKind != JsonValueKind.Object) throw Expected(fileName, "$.commands", "an object of commands", commands);
        var result = new List<ManifestCommand>();
        // A name given twice is one command: the last value, in the first place (as JSON.parse reads it).
        var places = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var command in commands.EnumerateObject())
        {
            var at = ManifestStrings.Child("$.commands", command.Name);
            if (command.Value.ValueKind != JsonValueKind.Object) throw Expected(fileName, at, "an object with a description and a suggested_key", command.Value);
            string? description = null;
            if (command.Value.TryGetProperty("description", out var text))
            {
                if (text.ValueKind != JsonValueKind.String) throw Expected(fileName, at + ".description", "a string", text);
                description = text.GetString();
            }
            var read = new ManifestCommand(command.Name, description, SuggestedKeys(fileName, at + ".suggested_key", command.Value));
            if (places.TryGetValue(command.Name, out var place)) result[place] = read;
            else
            {
                places[command.Name] = result.Count;
                result.Add(read);
            }
        }
        return result;
    }

    /// <summary><c>suggested_key</c>: one shortcut for every platform (Chromium's short form), or one per platform.</summary>
    private static Dictionary<string, string> SuggestedKeys(string fileName, string at, JsonElement command)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!command.TryGetProperty("suggested_key", out var suggested) || suggested.ValueKind == JsonValueKind.Null) return keys;
        if (suggested.ValueKind == JsonValueKind.String)
        {
            if (Shortcut(fileName, at, suggested) is { } shortcut) keys["default"] = shortcut;
            return keys;
        }
        if (suggested.ValueKind != JsonValueKind.Object) throw Expected(fileName, at, "an object of shortcuts by platform", suggested);
        foreach (var platform in suggested.EnumerateObject())
            if (Shortcut(fileName, ManifestStrings.Child(at, platform.Name), platform.Value) is { } shortcut) keys[platform.Name] = shortcut;
        return keys;
    }

    /// <summary>
    /// A shortcut as either browser accepts one in the manifest: modifiers, then one key (a letter, a digit, F1-F12 or a
    /// named key), joined by "+"; spaces around the parts are dropped. Empty is none.
    /// </summary>
    private static string? Shortcut(string fileName, string at, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) throw Expected(fileName, at, "a shortcut such as \"Ctrl+Shift+Y\"", value);
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split('+').Select(p => p.Trim()).ToArray();
        var valid = parts.Length <= Modifiers.Length + 1
                    && parts[..^1].All(p => Modifiers.Contains(p)) && parts[..^1].Distinct().Count() == parts.Length - 1
                    && IsKey(parts[^1]);
        if (!valid)
            throw new ManifestException($"{fileName}: {at}: expected a shortcut such as \"Ctrl+Shift+Y\" (modifiers {string.Join(", ", Modifiers)}, then one key), got \"{Shorten(text)}\"");
        return string.Join("+", parts);
    }

    private static bool IsKey(string key) =>
        (key.Length == 1 && (char.IsAsciiLetterUpper(key[0]) || char.IsAsciiDigit(key[0]))) || NamedKeys.Contains(key);

    private static ManifestException Expected(string fileName, string at, string expected, JsonElement got) =>
        new($"{fileName}: {at}: expected {expected}, got {got.ValueKind.ToString().ToLowerInvariant()} {Shorten(got.GetRawText())}");

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
