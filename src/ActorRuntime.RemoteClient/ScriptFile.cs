namespace ActorRuntime.RemoteClient;

/// <summary>
/// A <c>--script</c> file: <c>run</c>'s steps, one a line as written on the command line (<c>--open popup</c>), the rest of the
/// line after the option being its value with no quoting (<c>--eval document.title</c>); an option with two values takes
/// the first word as the first (<c>--type #name Ada Lovelace</c>). <c>#</c> comments and blank lines are ignored.
/// </summary>
internal static class ScriptFile
{
    /// <summary>The largest script file read, and its longest line: a scenario, not a data set.</summary>
    private const long MaxBytes = 1024 * 1024;


    public static IReadOnlyList<RunStep.Word> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new ExtensionRequestException($"--script {path}: no such file");
        if (info.Length > MaxBytes) throw new ExtensionRequestException($"--script {path}: the file is larger than {MaxBytes / 1024} KiB");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(info.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExtensionRequestException($"--script {path}: cannot be read ({ex.Message})");
        }
        var words = new List<RunStep.Word>();
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOfAny([' ', '\t']);
            var option = space < 0 ? line : line[..space];
            var rest = space < 0 ? "" : line[(space + 1)..].Trim();
            if (!option.StartsWith("--", StringComparison.Ordinal) || option == "--script" && rest.Length == 0)
                throw new ExtensionRequestException($"{path}:{number}: expected a step such as --open popup, got \"{OneLineText.Escape(line, 60)}\"");
            if (StepSyntax.Find(option) is not { } syntax)
                throw new ExtensionRequestException($"{path}:{number}: {option} is not a step of run (steps: {string.Join(", ", StepSyntax.Names.Order())})");
            words.Add(new RunStep.Word(true, option, $"{path}:{number}"));
            if (syntax.Values == StepValues.None)
            {
                if (rest.Length > 0) throw new ExtensionRequestException($"{path}:{number}: {option} takes no value, got \"{OneLineText.Escape(rest, 60)}\"");
                continue;
            }
            if (rest.Length == 0 && syntax.Values == StepValues.NoneOrOne) continue;
            if (rest.Length == 0) throw new ExtensionRequestException($"{path}:{number}: {syntax.Name} needs {syntax.Usage}");
            if (syntax.Values == StepValues.OneOrTwo)
            {
                var split = rest.IndexOfAny([' ', '\t']);
                words.Add(new RunStep.Word(false, split < 0 ? rest : rest[..split]));
                if (split >= 0) words.Add(new RunStep.Word(false, rest[(split + 1)..].Trim()));
            }
            else if (syntax.Values == StepValues.Two)
            {
                var split = rest.IndexOfAny([' ', '\t']);
                if (split < 0) throw new ExtensionRequestException($"{path}:{number}: {syntax.Name} needs {syntax.Usage}, got one value");
                words.Add(new RunStep.Word(false, rest[..split]));
                words.Add(new RunStep.Word(false, rest[(split + 1)..].Trim()));
            }
            else words.Add(new RunStep.Word(false, rest));
        }
        return words;
    }
}
