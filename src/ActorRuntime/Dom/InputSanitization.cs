using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorRuntime.Dom;

/// <summary>HTML's value modes of an input element, which say what its <c>value</c> IDL attribute reads and writes.</summary>
internal enum InputValueMode
{
    /// <summary>The element's own value (text fields, numbers, dates, colors).</summary>
    Value,

    /// <summary>The <c>value</c> content attribute (hidden, and the buttons).</summary>
    Default,

    /// <summary>The <c>value</c> content attribute, "on" without one (checkbox, radio).</summary>
    DefaultOn,

    /// <summary>The selected file's name (file).</summary>
    Filename,
}

/// <summary>
/// HTML's value sanitization algorithms, per input type: newlines stripped from text fields, URLs and e-mail
/// addresses trimmed too, numbers, dates and times kept only when valid, a range always a number within its bounds and
/// step, a color always <c>#rrggbb</c> in lower case.
/// </summary>
internal static partial class InputSanitization
{
    public static InputValueMode Mode(string type) => type switch
    {
        "hidden" or "submit" or "image" or "reset" or "button" => InputValueMode.Default,
        "checkbox" or "radio" => InputValueMode.DefaultOn,
        "file" => InputValueMode.Filename,
        _ => InputValueMode.Value,
    };

    /// <summary>Types whose value the selection API applies to.</summary>
    public static bool IsSelectable(string type) => type is "text" or "search" or "url" or "tel" or "password";

    /// <summary>The sanitized value; <paramref name="attribute"/> reads the element's content attributes (min, max, step, multiple).</summary>
    public static string Sanitize(string type, string value, Func<string, string?> attribute) => type switch
    {
        "text" or "search" or "tel" or "password" => StripNewlines(value),
        "url" => StripNewlines(value).Trim(AsciiWhitespace),
        "email" when attribute("multiple") is not null =>
            string.Join(',', StripNewlines(value).Split(',').Select(address => address.Trim(AsciiWhitespace))),
        "email" => StripNewlines(value).Trim(AsciiWhitespace),
        "number" => IsValidFloat(value) ? value : "",
        "range" => SanitizeRange(value, attribute),
        "color" => ColorPattern().IsMatch(value) ? value.ToLowerInvariant() : "#000000",
        "date" => IsValidDate(value) ? value : "",
        "month" => IsValidMonth(value) ? value : "",
        "week" => IsValidWeek(value) ? value : "",
        "time" => IsValidTime(value) ? value : "",
        "datetime-local" => NormalizedDateTime(value) is null ? "" : value,
        _ => value,
    };

    /// <summary>
    /// What the <c>value</c> getter shows of a sanitized value: a local date and time normalized ("T", no zero seconds).
    /// The element keeps it as written, which is what AngleSharp's constraint validation parses.
    /// </summary>
    public static string Shown(string type, string value) => type == "datetime-local" && value.Length > 0 ? NormalizedDateTime(value) ?? value : value;

    private static readonly char[] AsciiWhitespace = ['\t', '\n', '\f', '\r', ' '];

    private static string StripNewlines(string value) => value.Contains('\n') || value.Contains('\r') ? value.Replace("\r", "").Replace("\n", "") : value;

    /// <summary>HTML's "valid floating-point number": an optional "-", digits with an optional fraction, an optional exponent.</summary>
    public static bool IsValidFloat(string value) => FloatPattern().IsMatch(value);

    public static double? ParseFloat(string? value) =>
        value is not null && IsValidFloat(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;

    /// <summary>A range's value: its default (the middle) when not a number, then within min and max and on a step.</summary>
    private static string SanitizeRange(string value, Func<string, string?> attribute)
    {
        var min = ParseFloat(attribute("min")) ?? 0;
        var max = ParseFloat(attribute("max")) ?? 100;
        if (max < min) max = min;
        var parsed = ParseFloat(value);
        var number = parsed ?? min + (max - min) / 2;
        var step = attribute("step") is { } stepText && stepText.Equals("any", StringComparison.OrdinalIgnoreCase) ? (double?)null
            : ParseFloat(attribute("step")) is > 0 and var s ? s : 1;
        if (number < min) number = min;
        if (number > max) number = max;
        if (step is { } size)
        {
            var steps = Math.Round((number - min) / size, MidpointRounding.AwayFromZero);
            var snapped = min + steps * size;
            if (snapped > max) snapped = min + Math.Floor((max - min) / size) * size;
            number = snapped;
        }
        return parsed == number ? value : Jint.Runtime.TypeConverter.ToString(number);
    }

    private static bool IsValidDate(string value)
    {
        var match = DatePattern().Match(value);
        return match.Success && IsDay(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }

    private static bool IsDay(string year, string month, string day)
    {
        if (!int.TryParse(year, CultureInfo.InvariantCulture, out var y) || y < 1) return false;
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        return m is >= 1 and <= 12 && d >= 1 && d <= DaysIn(y, m);
    }

    private static int DaysIn(int year, int month) => month == 2
        ? (year % 400 == 0 || (year % 4 == 0 && year % 100 != 0) ? 29 : 28)
        : month is 4 or 6 or 9 or 11 ? 30 : 31;

    private static bool IsValidMonth(string value)
    {
        var match = MonthPattern().Match(value);
        return match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var y) && y >= 1
            && int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12;
    }

    private static bool IsValidWeek(string value)
    {
        var match = WeekPattern().Match(value);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var year) || year < 1) return false;
        var week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return week >= 1 && week <= WeeksIn(year);
    }

    /// <summary>53 when the year starts on a Thursday, or on a Wednesday in a leap year; 52 otherwise.</summary>
    private static int WeeksIn(int year)
    {
        if (year > 9999) year = 2000 + year % 400;
        var firstDay = new DateTime(year, 1, 1).DayOfWeek;
        var leap = DateTime.IsLeapYear(year);
        return firstDay == DayOfWeek.Thursday || (leap && firstDay == DayOfWeek.Wednesday) ? 53 : 52;
    }

    private static bool IsValidTime(string value) => TimePattern().IsMatch(value);

    /// <summary>A valid local date and time, written the normalized way: "T" between, seconds and fraction only when not zero.</summary>
    private static string? NormalizedDateTime(string value)
    {
        var separator = value.IndexOfAny(['T', ' ']);
        if (separator < 0 || !IsValidDate(value[..separator]) || !IsValidTime(value[(separator + 1)..])) return null;
        var time = value[(separator + 1)..];
        var (clock, fraction) = time.IndexOf('.') is var dot and >= 0 ? (time[..dot], time[(dot + 1)..].TrimEnd('0')) : (time, "");
        if (clock.Length > 5 && clock.EndsWith(":00", StringComparison.Ordinal) && fraction.Length == 0) clock = clock[..5];
        return value[..separator] + "T" + clock + (fraction.Length > 0 ? "." + fraction : "");
    }

    [GeneratedRegex(@"^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\z")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^#[0-9a-fA-F]{6}\z")]
    private static partial Regex ColorPattern();

    [GeneratedRegex(@"^([0-9]{4,})-([0-9]{2})-([0-9]{2})\z")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^([0-9]{4,})-([0-9]{2})\z")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^([0-9]{4,})-W([0-9]{2})\z")]
    private static partial Regex WeekPattern();

    [GeneratedRegex(@"^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,3})?)?\z")]
    private static partial Regex TimePattern();
}
