using System.Text.RegularExpressions;

namespace ActorRuntime.Kernel;

/// <summary>
/// An extension's messages put into text: <c>i18n.getMessage</c>'s expansion, and <c>__MSG_name__</c> in the manifest's
/// strings and the extension's CSS files (as browsers substitute them there).
/// </summary>
internal static partial class Localization
{
    /// <summary>The predefined <c>@@</c> messages (<c>@@extension_id</c>, <c>@@ui_locale</c>, the bidi ones), or null for another name.</summary>
    public static string? Predefined(ExtensionKernel extension, string name)
    {
        var rtl = extension.Options.Locale.Split('-')[0] is "ar" or "he" or "fa" or "ur";
        return name.ToLowerInvariant() switch
        {
            "@@extension_id" => new Uri(extension.Identity.BaseUrl).Host,
            "@@ui_locale" => extension.Options.Locale.Replace('-', '_'),
            "@@bidi_dir" => rtl ? "rtl" : "ltr",
            "@@bidi_reversed_dir" => rtl ? "ltr" : "rtl",
            "@@bidi_start_edge" => rtl ? "right" : "left",
            "@@bidi_end_edge" => rtl ? "left" : "right",
            _ => null,
        };
    }

    /// <summary>The longest text a message expands to: a message file cannot make a page hold gigabytes of repeated substitutions.</summary>
    public const int MaxExpandedLength = 1 << 20;

    /// <summary>
    /// Named placeholders first (their content may hold <c>$1</c>), then <c>$1</c>..<c>$9</c>, and <c>$$</c> as <c>$</c>;
    /// <see cref="MessageTooLongException"/> past <see cref="MaxExpandedLength"/> characters.
    /// </summary>
    public static string Expand(Manifest.LocaleMessage message, IReadOnlyList<string> values)
    {
        var named = Replace(message.Text, NamedPlaceholder(), m =>
            message.Placeholders.TryGetValue(m.Groups[1].Value, out var content) ? content : m.Value);
        return Replace(named, Positional(), m => m.Value == "$$" ? "$"
            : int.TryParse(m.Groups[1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
              && n >= 1 && n <= values.Count ? values[n - 1] : "");
    }

    private static string Replace(string input, Regex pattern, Func<Match, string> replacement)
    {
        var text = new System.Text.StringBuilder();
        var last = 0;
        for (var match = pattern.Match(input); match.Success; match = match.NextMatch())
        {
            text.Append(input, last, match.Index - last).Append(replacement(match));
            last = match.Index + match.Length;
            if (text.Length > MaxExpandedLength) throw new MessageTooLongException();
        }
        text.Append(input, last, input.Length - last);
        if (text.Length > MaxExpandedLength) throw new MessageTooLongException();
        return text.ToString();
    }

    /// <summary><c>__MSG_name__</c> replaced by the message; one with none is kept as written (Firefox) or removed (Chromium).</summary>
    public static string LocalizeText(ExtensionKernel extension, string text) =>
        !text.Contains("__MSG_", StringComparison.Ordinal) ? text : MessageToken().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (Predefined(extension, name) is { } predefined) return predefined;
            try
            {
                if (extension.Package.Messages.Find(name, extension.Options.Locale) is { } message) return Expand(message, []);
            }
            catch (MessageTooLongException)
            {
                return m.Value;
            }
            return extension.Flavor == Flavor.Chrome ? "" : m.Value;
        });

    [GeneratedRegex(@"\$([A-Za-z0-9_@]+)\$")]
    private static partial Regex NamedPlaceholder();

    [GeneratedRegex(@"\$\$|\$([0-9]+)")]
    private static partial Regex Positional();

    [GeneratedRegex(@"__MSG_([A-Za-z0-9_@]+)__")]
    private static partial Regex MessageToken();
}

/// <summary>A message would expand past <see cref="Localization.MaxExpandedLength"/> characters.</summary>
internal sealed class MessageTooLongException() : Exception($"the message would be longer than {Localization.MaxExpandedLength} characters");
