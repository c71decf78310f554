using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActorRuntime.RemoteClient;

/// <summary>
/// A command line the parser refused, as the one line the CLI prints after <c>error: </c>. Said in the CLI's own words
/// where the parser's would be .NET's (<c>Cannot parse argument 'abc' ... 'System.Int32'</c>) or would need lines of
/// their own (its typo corrections list candidates one a line): an option or command not known suggests the nearest one.
/// </summary>
internal static class ParseErrorLine
{
    public static string Describe(ParseResult parsed)
    {
        // A word nothing takes explains the rest (a typo'd option's value is a word nothing takes too): it comes first.
        if (FirstUnmatched(parsed) is var (index, token)) return Unmatched(parsed, index, token);
        var error = parsed.Errors[0];
        switch (error.SymbolResult)
        {
            case OptionResult { Tokens.Count: 0, IdentifierToken: not null } option when option.Option.Arity.MinimumNumberOfValues > 0:
                return Needs(option.Option);
            case OptionResult option when IsConversionFailure(error, option.Option.ValueType):
                return $"{option.Option.Name} {string.Join(' ', option.Tokens.Select(t => t.Value))}: expected {Expected(option.Option.ValueType)}";
            case ArgumentResult { Parent: OptionResult option } argument when IsConversionFailure(error, argument.Argument.ValueType):
                return $"{option.Option.Name} {string.Join(' ', argument.Tokens.Select(t => t.Value))}: expected {Expected(argument.Argument.ValueType)}";
            case ArgumentResult { Parent: CommandResult command, Tokens.Count: 0 } argument:
                return $"{command.Command.Name} needs <{argument.Argument.HelpName ?? argument.Argument.Name}>";
            case CommandResult command when command.Command.Subcommands.Count > 0 && parsed.CommandResult == command:
                return $"expected a command: {string.Join(", ", command.Command.Subcommands.Select(c => c.Name))} (see --help)";
        }
        return CommandLineRun.OneLine(error.Message);
    }

    /// <summary>The first word of the command line that no option, argument or command took, with its place among the tokens.</summary>
    private static (int Index, Token Token)? FirstUnmatched(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count == 0) return null;
        var taken = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        void Take(SymbolResult result)
        {
            foreach (var token in result.Tokens) taken.Add(token);
            if (result is CommandResult command)
                foreach (var child in command.Children) Take(child);
        }
        Take(parsed.RootCommandResult);
        for (var i = 0; i < parsed.Tokens.Count; i++)
        {
            var token = parsed.Tokens[i];
            if (token.Type == TokenType.Argument && !taken.Contains(token) && parsed.UnmatchedTokens.Contains(token.Value)) return (i, token);
        }
        return null;
    }

    private static string Unmatched(ParseResult parsed, int index, Token token)
    {
        var command = parsed.CommandResult.Command;
        var word = token.Value;
        if (word.StartsWith('-') && word.Length > 1 && !double.TryParse(word, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            var names = OptionsOf(parsed.CommandResult).ToList();
            return Suggest(names, word) is { } meant
                ? $"unrecognized option '{word}'; did you mean '{meant}'?"
                : $"unrecognized option '{word}' (see {Path(command)} --help)";
        }
        if (command.Subcommands.Count > 0 && !parsed.CommandResult.Children.Any())
        {
            var commands = command.Subcommands.Select(c => c.Name).ToList();
            return Suggest(commands, word) is { } meant
                ? $"unrecognized command '{word}'; did you mean '{meant}'?"
                : $"unrecognized command '{word}' (commands: {string.Join(", ", commands)})";
        }
        // A value after an option that took all it takes: say which option, and what it takes.
        for (var i = index - 1; i >= 0; i--)
        {
            var before = parsed.Tokens[i];
            if (before.Type == TokenType.Command) break;
            if (before.Type != TokenType.Option) continue;
            if (StepSyntax.Find(before.Value) is { } step) return CommandLineException.OneMore(step, word).Message;
            if (command.Options.FirstOrDefault(o => o.Name == before.Value || o.Aliases.Contains(before.Value)) is { } option)
                return option.Arity.MaximumNumberOfValues == 0
                    ? $"{option.Name} takes no value, yet \"{word}\" follows it"
                    : $"{option.Name} takes {Usage(option)}, and \"{word}\" is one more";
            break;
        }
        var usage = command.Arguments.Select(a => $"<{a.HelpName ?? a.Name}>").Prepend(Path(command)).Append("[options]");
        return $"unexpected argument \"{word}\" ({string.Join(' ', usage)})";
    }

    /// <summary>Every option name and alias valid where the parser stopped: the command's own and its parents' recursive ones.</summary>
    private static IEnumerable<string> OptionsOf(CommandResult result)
    {
        foreach (var option in result.Command.Options)
        {
            yield return option.Name;
            foreach (var alias in option.Aliases) yield return alias;
        }
        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases) yield return alias;
            }
    }

    /// <summary><c>actorruntime run</c>: the command as typed from the root.</summary>
    private static string Path(Command command)
    {
        var names = new List<string> { command.Name };
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, parent.Name);
        return string.Join(' ', names);
    }

    private static string Needs(Option option) => StepSyntax.Find(option.Name) is { } step
        ? CommandLineException.Needs(step).Message
        : $"{option.Name} needs {Usage(option)}";

    private static string Usage(Option option) => $"<{option.HelpName ?? option.Name.TrimStart('-')}>";

    /// <summary>The parser's "Cannot parse argument 'abc' ... as expected type 'System.Int32'", told by the type it names.</summary>
    private static bool IsConversionFailure(ParseError error, Type valueType) =>
        valueType != typeof(string) && valueType != typeof(string[]) && error.Message.Contains($"'{valueType}'", StringComparison.Ordinal);

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "a whole number",
        var t when t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) => "a whole number, 0 or more",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number",
        var t when t == typeof(TimeSpan) => "a duration such as 00:00:30",
        var t when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant())),
        var t => "a " + t.Name,
    };

    /// <summary>
    /// The known name nearest to <paramref name="word"/> when it is near enough to be a typo of it: a few edits
    /// (letters left out, added, changed or swapped), fewer the shorter the word; or a name the word begins.
    /// </summary>
    internal static string? Suggest(IEnumerable<string> known, string word)
    {
        var stem = word.TrimStart('-');
        if (stem.Length is 0 or > 64) return null;
        var allowed = stem.Length == 1 ? 0 : stem.Length <= 5 ? 1 : stem.Length <= 9 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var candidate = name.TrimStart('-');
            var distance = Distance(stem, candidate);
            // "--adv" for --advance: a prefix of one name only is as good as one edit.
            if (stem.Length >= 3 && candidate.StartsWith(stem, StringComparison.Ordinal) && candidate != stem) distance = Math.Min(distance, 1);
            if (distance <= allowed && distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Edits (insertion, deletion, substitution, swap of two neighbours) from <paramref name="a"/> to <paramref name="b"/>.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
