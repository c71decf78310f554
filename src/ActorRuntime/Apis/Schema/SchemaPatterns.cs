using System.Text.RegularExpressions;

namespace ActorRuntime.Apis.Schema;

/// <summary>The schemas' <c>pattern</c>s as .NET regular expressions with JavaScript's meaning.</summary>
internal static class SchemaPatterns
{
    /// <summary>
    /// Compiles a schema pattern: a leading <c>(?i)</c> is Firefox's way to write the <c>i</c> flag; <c>\d</c> and <c>\w</c>
    /// are ASCII as in JavaScript. Matching is linear in the input (the values tested are a script's), never backtracking.
    /// </summary>
    public static Regex Compile(string pattern)
    {
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (pattern.StartsWith("(?i)", StringComparison.Ordinal))
        {
            options |= RegexOptions.IgnoreCase;
            pattern = pattern[4..];
        }
        pattern = pattern.Replace(@"\d", "[0-9]").Replace(@"\w", "[a-zA-Z0-9_]");
        return new Regex(pattern, options);
    }

    /// <summary>How Firefox prints a pattern in its errors: as a JavaScript regular expression literal.</summary>
    public static string Literal(string source) =>
        source.StartsWith("(?i)", StringComparison.Ordinal) ? "/" + source[4..] + "/i" : "/" + source + "/";
}
