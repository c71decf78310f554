namespace ActorRuntime.Serialization;

/// <summary>Writing values into HOCON text: one way, for every place that renders configuration.</summary>
internal static class Hocon
{
    /// <summary>
    /// <paramref name="value"/> as a HOCON quoted string. HOCON's quoted strings are JSON's, so the JSON writer escapes
    /// them: quotes, backslashes, control characters (a path with a newline stays one value), all of it.
    /// </summary>
    public static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
