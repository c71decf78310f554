using System.Globalization;
using System.Text.Json;

namespace ActorRuntime.RemoteClient;

/// <summary>
/// The step values that can be told wrong from the command line alone, checked while the steps are read (before the
/// extension loads, or before <c>remote</c> connects). Where the runtime refuses the same value later, the words are its own,
/// so a value is refused alike whichever sees it first; what depends on the extension or the runtime's settings (a label,
/// an event the API lacks, a nesting limit) is left to the runtime.
/// </summary>
internal static class StepChecks
{
    /// <summary>About 31 years: the virtual clock starts now and must stay within the dates .NET can represent.</summary>
    internal const long MaxAdvance = 1_000_000_000_000;

    /// <summary><c>--advance</c>'s value: a whole number of milliseconds, at most <see cref="MaxAdvance"/>.</summary>
    public static long Milliseconds(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
            throw new CommandLineException($"--advance {text}: expected a number of milliseconds, 0 or more");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxAdvance)
            throw new CommandLineException($"--advance {text}: expected at most {MaxAdvance} milliseconds (about 31 years)");
        return value;
    }

    /// <summary>An optional tab id: a number, or nothing for the active tab.</summary>
    public static int? TabId(StepSyntax syntax, string? text)
    {
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new CommandLineException($"{syntax.Name} {text}: expected a tab id (a number) or nothing (the active tab)");
    }

    private static readonly string[] Views = ["popup", "options", "sidebar"];

    /// <summary>What <c>--open</c> opens: a view of the extension, <c>page:&lt;path&gt;</c> or <c>tab:&lt;url&gt;</c>.</summary>
    public static string View(string target)
    {
        var known = Views.Contains(target)
            || target.StartsWith("page:", StringComparison.Ordinal) && target.Length > 5
            || target.StartsWith("tab:", StringComparison.Ordinal) && target.Length > 4;
        return known ? target : throw new ExtensionRequestException($"cannot open \"{OneLineText.Escape(target, 200)}\": expected popup, options, sidebar, page:<path> or tab:<url>");
    }

    /// <summary>A <c>--page</c> file that exists (it is read when its step comes).</summary>
    public static string ExistingPage(string file) => File.Exists(file) ? file : throw new ExtensionRequestException($"--page {file}: no such file");

    /// <summary><c>--fire</c>'s event name (<c>namespace.onEvent</c>) and its arguments, a JSON array.</summary>
    public static string FireArguments(string eventName, string argumentsJson)
    {
        var dot = eventName.LastIndexOf('.');
        if (dot <= 0 || dot == eventName.Length - 1 || eventName.Any(char.IsWhiteSpace))
            throw new ExtensionRequestException($"cannot fire \"{OneLineText.Escape(eventName, 80)}\": expected an event name such as tabs.onCreated");
        var kind = Kind(argumentsJson, out var where);
        if (kind == JsonValueKind.Array) return argumentsJson;
        throw new ExtensionRequestException(where is null
            ? $"arguments of {eventName}: expected a JSON array, got {kind.ToString().ToLowerInvariant()}"
            : $"arguments of {eventName}: expected a JSON array, invalid at {where}");
    }

    /// <summary><c>--request</c>'s URL (absolute http, https, ws or wss) and its details, a JSON object when given.</summary>
    public static string? RequestDetails(string url, string? detailsJson)
    {
        string Refused(string problem) => $"cannot request \"{OneLineText.Escape(url, 200)}\": {problem}";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
            throw new ExtensionRequestException(Refused("expected an absolute http, https, ws or wss URL"));
        if (string.IsNullOrWhiteSpace(detailsJson)) return detailsJson;
        return Kind(detailsJson, out var where) switch
        {
            JsonValueKind.Object => detailsJson,
            _ when where is not null => throw new ExtensionRequestException(Refused("the details are not JSON (expected an object such as {\"type\":\"script\"})")),
            _ => throw new ExtensionRequestException(Refused("the details must be a JSON object such as {\"type\":\"script\"}")),
        };
    }

    /// <summary>
    /// The kind of JSON value <paramref name="json"/> is, or <see cref="JsonValueKind.Undefined"/> with where it stops being
    /// JSON. Any depth: the runtime applies its own nesting limit.
    /// </summary>
    private static JsonValueKind Kind(string json, out string? where)
    {
        where = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = int.MaxValue });
            return document.RootElement.ValueKind;
        }
        catch (JsonException ex)
        {
            where = $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            return JsonValueKind.Undefined;
        }
    }
}
