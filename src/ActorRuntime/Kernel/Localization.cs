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
    /// Named placeholders first (their content may hold <c>$1</c>; a name the message's placeholders lack is empty, as
    /// Firefox has it), then the positional substitutions as each browser reads them: Firefox takes <c>$</c> and every
    /// digit after it (<c>$10</c> is the tenth) and leaves any other <c>$</c> as written; Chromium reads one digit,
    /// <c>1</c>-<c>9</c> (<c>$10</c> is the first and a <c>0</c>), and drops a <c>$</c> followed by anything else. Both drop
    /// the first <c>$</c> of a run (<c>$$$</c> is <c>$$</c>). <paramref name="substitution"/> answers an index from 0, or
    /// null when there is none there. <see cref="MessageTooLongException"/> past <see cref="MaxExpandedLength"/> characters.
    /// </summary>
    public static string Expand(Manifest.LocaleMessage message, Func<int, string?> substitution, Flavor flavor)
    {
        var named = Replace(message.Text, NamedPlaceholder(), m =>
            message.Placeholders.TryGetValue(m.Groups[1].Value, out var content) ? content : "");
        if (!named.Contains('$')) return named;
        return flavor == Flavor.Chrome
            ? Replace(named, ChromiumPositional(), m => m.Value.Length == 1 ? ""
                : m.Value[1] == '$' ? m.Value[1..]
                : m.Value[1] is >= '1' and <= '9' ? substitution(m.Value[1] - '1') ?? "" : "")
            : Replace(named, FirefoxPositional(), m => m.Groups[1].Success
                ? int.TryParse(m.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                  ? substitution(n - 1) ?? "" : ""
                : m.Groups[2].Value);
    }

    /// <summary>No substitutions: what the manifest's and the CSS files' <c>__MSG_name__</c> get.</summary>
    private static string? NoSubstitution(int index) => null;

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
                if (extension.Package.Messages.Find(name, extension.Options.Locale) is { } message) return Expand(message, NoSubstitution, extension.Flavor);
            }
            catch (MessageTooLongException)
            {
                return m.Value;
            }
            return extension.Flavor == Flavor.Chrome ? "" : m.Value;
        });

    [GeneratedRegex(@"\$([A-Za-z0-9_@]+)\$")]
    private static partial Regex NamedPlaceholder();

    [GeneratedRegex(@"\$(?:([1-9][0-9]*)|(\$+))")]
    private static partial Regex FirefoxPositional();

    /// <summary>A run of <c>$</c>, or a <c>$</c> and the one character after it (a lone <c>$</c> at the end goes too).</summary>
    [GeneratedRegex(@"\$\$+|\$.?", RegexOptions.Singleline)]
    private static partial Regex ChromiumPositional();

    [GeneratedRegex(@"__MSG_([A-Za-z0-9_@]+)__")]
    private static partial Regex MessageToken();
}

/// <summary>A message would expand past <see cref="Localization.MaxExpandedLength"/> characters.</summary>
internal sealed class MessageTooLongException() : Exception($"the message would be longer than {Localization.MaxExpandedLength} characters");
