using System.Collections.Concurrent;
using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>One message of <c>_locales/&lt;locale&gt;/messages.json</c>: its text and its named placeholders' contents.</summary>
internal sealed record LocaleMessage(string Text, IReadOnlyDictionary<string, string> Placeholders);

/// <summary>
/// An extension's <c>_locales</c>: each locale's messages read on first use (names case-insensitive, as browsers take
/// them); looked up in the UI locale (<c>en_US</c>), then its language (<c>en</c>), then the manifest's
/// <c>default_locale</c>. A file that cannot be used is reported once, naming it and what was expected, and counts as empty.
/// </summary>
internal sealed partial class LocaleMessages(ExtensionPackage package)
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, LocaleMessage>> _locales = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems met reading locale files, one line each (the caller prints them once).</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The folders looked in for <paramref name="uiLocale"/> (<c>en-US</c>), in order.</summary>
    public IReadOnlyList<string> Chain(string uiLocale)
    {
        var folder = uiLocale.Replace('-', '_');
        var chain = new List<string> { folder };
        if (folder.IndexOf('_') is > 0 and var cut) chain.Add(folder[..cut]);
        if (package.Manifest.DefaultLocale is { } fallback && !chain.Contains(fallback, StringComparer.OrdinalIgnoreCase)) chain.Add(fallback);
        return chain;
    }

    /// <summary>The message <paramref name="name"/> for <paramref name="uiLocale"/>, or null when no locale of the chain has it.</summary>
    public LocaleMessage? Find(string name, string uiLocale)
    {
        if (package.Manifest.DefaultLocale is null) return null;
        foreach (var locale in Chain(uiLocale))
            if (Messages(locale).TryGetValue(name, out var message)) return message;
        return null;
    }

    private IReadOnlyDictionary<string, LocaleMessage> Messages(string locale) => _locales.GetOrAdd(locale, Read);

    private IReadOnlyDictionary<string, LocaleMessage> Read(string locale)
    {
        var path = $"_locales/{locale}/messages.json";
        var messages = new Dictionary<string, LocaleMessage>(StringComparer.OrdinalIgnoreCase);
        string text;
        try
        {
            text = package.ReadText(path);
        }
        catch (ExtensionFileException ex)
        {
            if (!ex.IsMissing) Problems.Enqueue($"{path}: {ex.Reason}");
            return messages;
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Problems.Enqueue($"{path}: expected an object of messages");
                return messages;
            }
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                {
                    Problems.Enqueue($"{path}: {entry.Name}: expected an object with a \"message\" string");
                    continue;
                }
                var placeholders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (entry.Value.TryGetProperty("placeholders", out var named) && named.ValueKind == JsonValueKind.Object)
                    foreach (var placeholder in named.EnumerateObject())
                        if (placeholder.Value.ValueKind == JsonValueKind.Object && placeholder.Value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                            placeholders[placeholder.Name] = content.GetString()!;
                var messageText = message.GetString()!;
                foreach (var name in UndefinedPlaceholders(messageText, placeholders))
                    Problems.Enqueue($"{path}: {entry.Name}: ${name}$ is not among its placeholders, so it reads as an empty string");
                messages.TryAdd(entry.Name, new LocaleMessage(messageText, placeholders));
            }
        }
        catch (JsonException ex)
        {
            Problems.Enqueue($"{path}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: invalid JSON");
        }
        catch (InvalidOperationException)
        {
            // A string escaping half a surrogate pair (\ud800): no text can be made of it.
            Problems.Enqueue($"{path}: expected Unicode text, got a lone surrogate in a string");
            messages.Clear();
        }
        return messages;
    }

    /// <summary>The named placeholders (<c>$name$</c>) a message uses that its <c>placeholders</c> do not define, once each.</summary>
    private static IEnumerable<string> UndefinedPlaceholders(string text, Dictionary<string, string> placeholders) =>
        NamedPlaceholder().Matches(text).Select(m => m.Groups[1].Value).Where(name => !placeholders.ContainsKey(name))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex(@"\$([A-Za-z0-9_@]+)\$")]
    private static partial System.Text.RegularExpressions.Regex NamedPlaceholder();
}
