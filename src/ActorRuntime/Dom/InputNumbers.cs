using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorRuntime.Dom;

/// <summary>
/// HTML's conversions between an input's value string and a number (<c>valueAsNumber</c>) or a date
/// (<c>valueAsDate</c>), per type: a date is milliseconds since 1970-01-01 UTC, a month the months since January
/// 1970, a week its Monday's milliseconds, a time the milliseconds since midnight, a local date and time its
/// milliseconds as if in UTC. Strings come out in HTML's normalized forms (no seconds when zero, no trailing zeros).
/// </summary>
internal static partial class InputNumbers
{
    private const double DayMs = 86_400_000;
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Types <c>valueAsNumber</c> applies to.</summary>
    public static bool HasNumber(string type) => type is "date" or "month" or "week" or "time" or "datetime-local" or "number" or "range";

    /// <summary>Types <c>valueAsDate</c> applies to.</summary>
    public static bool HasDate(string type) => type is "date" or "month" or "week" or "time";

    /// <summary>The value as a number, or null when it is not a valid string of the type.</summary>
    public static double? ToNumber(string type, string value) => type switch
    {
        "date" => ParseDate(value) is { } d ? Ms(d) : null,
        "month" => ParseMonth(value) is { } m ? (m.Year - 1970) * 12 + m.Month - 1 : null,
        "week" => ParseWeek(value) is { } w ? Ms(w) : null,
        "time" => ParseTime(value),
        "datetime-local" => ParseDateTime(value),
        "number" or "range" => InputSanitization.ParseFloat(value),
        _ => null,
    };

    /// <summary>The value as a date's milliseconds (a month: its first day), or null.</summary>
    public static double? ToDateMs(string type, string value) => type switch
    {
        "month" => ParseMonth(value) is { } m ? Ms(m) : null,
        _ => ToNumber(type, value),
    };

    /// <summary>The value string of a number, or null when the number is out of the type's range.</summary>
    public static string? FromNumber(string type, double number)
    {
        if (type is "number" or "range") return Jint.Runtime.TypeConverter.ToString(Jint.Native.JsNumber.Create(number));
        if (type == "month")
        {
            var months = Math.Floor(number);
            var year = 1970 + (int)Math.Floor(months / 12);
            var month = (int)(months - (year - 1970) * 12.0) + 1;
            return year is >= 1 and <= 9999 ? $"{year:D4}-{month:D2}" : null;
        }
        return FromDateMs(type, number);
    }

    /// <summary>The value string of a date's milliseconds (a month: the month it falls in), or null when out of range.</summary>
    public static string? FromDateMs(string type, double ms)
    {
        if (type == "time")
        {
            var inDay = ((ms % DayMs) + DayMs) % DayMs;
            return Time(TimeSpan.FromMilliseconds(Math.Floor(inDay)));
        }
        if (!double.IsFinite(ms) || ms < -62_135_596_800_000 || ms > 253_402_300_799_999) return null;
        var date = Epoch.AddMilliseconds(Math.Floor(ms));
        return type switch
        {
            "date" => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "month" => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "week" => $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}",
            "datetime-local" => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T" + Time(date.TimeOfDay),
            _ => null,
        };
    }

    private static string Time(TimeSpan time)
    {
        var text = $"{time.Hours:D2}:{time.Minutes:D2}";
        if (time.Seconds == 0 && time.Milliseconds == 0) return text;
        text += $":{time.Seconds:D2}";
        return time.Milliseconds == 0 ? text : text + "." + time.Milliseconds.ToString("D3", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static double Ms(DateTime date) => (date - Epoch).TotalMilliseconds;

    private static DateTime? ParseDate(string value)
    {
        var match = DatePattern().Match(value);
        return match.Success ? Day(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value) : null;
    }

    private static DateTime? ParseMonth(string value)
    {
        var match = MonthPattern().Match(value);
        return match.Success ? Day(match.Groups[1].Value, match.Groups[2].Value, "01") : null;
    }

    private static DateTime? ParseWeek(string value)
    {
        var match = WeekPattern().Match(value);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var year) || year is < 1 or > 9999) return null;
        var week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return week >= 1 && week <= ISOWeek.GetWeeksInYear(year) ? ISOWeek.ToDateTime(year, week, DayOfWeek.Monday) : null;
    }

    private static double? ParseTime(string value)
    {
        var match = TimePattern().Match(value);
        if (!match.Success) return null;
        var hours = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var seconds = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        if (hours > 23 || minutes > 59 || seconds > 59) return null;
        var fraction = match.Groups[4].Success ? double.Parse("0." + match.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        return ((hours * 60 + minutes) * 60 + seconds) * 1000.0 + Math.Round(fraction * 1000);
    }

    private static double? ParseDateTime(string value)
    {
        var separator = value.IndexOfAny(['T', ' ']);
        if (separator < 0 || ParseDate(value[..separator]) is not { } date || ParseTime(value[(separator + 1)..]) is not { } time) return null;
        return Ms(date) + time;
    }

    private static DateTime? Day(string yearText, string monthText, string dayText)
    {
        if (!int.TryParse(yearText, out var year) || year is < 1 or > 9999) return null;
        var month = int.Parse(monthText, CultureInfo.InvariantCulture);
        var day = int.Parse(dayText, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
    }

    [GeneratedRegex(@"^([0-9]{4,})-([0-9]{2})-([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^([0-9]{4,})-([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^([0-9]{4,})-W([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekPattern();

    [GeneratedRegex(@"^([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,3}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
