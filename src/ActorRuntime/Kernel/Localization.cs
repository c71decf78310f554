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

    /// <summary>Named placeholders first (their content may hold <c>$1</c>), then <c>$1</c>..<c>$9</c>, and <c>$$</c> as <c>$</c>.</summary>
    public static string Expand(Manifest.LocaleMessage message, IReadOnlyList<string> values)
    {
        var named = NamedPlaceholder().Replace(message.Text, m =>
            message.Placeholders.TryGetValue(m.Groups[1].Value, out var content) ? content : m.Value);
        return Positional().Replace(named, m => m.Value == "$$" ? "$"
            : int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= 1 && n <= values.Count ? values[n - 1] : "");
    }

    /// <summary><c>__MSG_name__</c> replaced by the message; one with none is kept as written (Firefox) or removed (Chromium).</summary>
    public static string LocalizeText(ExtensionKernel extension, string text) =>
        !text.Contains("__MSG_", StringComparison.Ordinal) ? text : MessageToken().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (Predefined(extension, name) is { } predefined) return predefined;
            if (extension.Package.Messages.Find(name, extension.Options.Locale) is { } message) return Expand(message, []);
            return extension.Flavor == Flavor.Chrome ? "" : m.Value;
        });

    [GeneratedRegex(@"\$([A-Za-z0-9_@]+)\$")]
    private static partial Regex NamedPlaceholder();

    [GeneratedRegex(@"\$\$|\$([0-9]+)")]
    private static partial Regex Positional();

    [GeneratedRegex(@"__MSG_([A-Za-z0-9_@]+)__")]
    private static partial Regex MessageToken();
}
