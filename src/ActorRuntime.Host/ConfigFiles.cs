using Akka.Configuration;

namespace ActorRuntime.Host;

/// <summary>The <c>--config</c> files of <c>serve</c> and <c>remote</c>.</summary>
internal static class ConfigFiles
{
    /// <summary>Each file, later ones over earlier ones; a file that cannot be used is one <see cref="ConfigurationException"/> line naming it.</summary>
    public static Config Load(IEnumerable<string> files)
    {
        var config = Config.Empty;
        foreach (var file in files)
        {
            if (Directory.Exists(file)) throw Refused(file, "is a folder, expected a HOCON file");
            if (!File.Exists(file)) throw Refused(file, "no such file");
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Refused(file, "cannot be read: " + OneLineConsoleFormatter.FirstLine(ex.Message));
            }
            try
            {
                config = ConfigurationFactory.ParseString(text).WithFallback(config);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw Refused(file, ParseError(ex.Message));
            }
        }
        return config;
    }

    private static ConfigurationException Refused(string file, string reason) => new($"--config {file}: {reason}");

    /// <summary>HOCON's parse message on one line: <c>Unknown token at position 31 near "foo = [1,"</c>, not the line and a caret below it.</summary>
    private static string ParseError(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return "not valid HOCON";
        var near = lines.Skip(1).FirstOrDefault(l => l.Trim('^', ' ').Length > 0);
        return near is null ? lines[0] : $"{lines[0].TrimEnd(':', ' ')} near \"{near}\"";
    }
}
