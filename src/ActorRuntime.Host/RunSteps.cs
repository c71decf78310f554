using System.CommandLine.Parsing;

namespace ActorRuntime.Host;

/// <summary>One step of <c>run</c>, in command-line order.</summary>
internal abstract record RunStep
{
    public sealed record Private : RunStep;
    public sealed record Open(string Target) : RunStep;
    public sealed record In(string Label) : RunStep;
    public sealed record Eval(string Code) : RunStep;
    public sealed record Close(string Label) : RunStep;
    public sealed record Advance(long Milliseconds) : RunStep;

    /// <summary>
    /// System.CommandLine validates the options but merges repeats; the order that gives the steps their
    /// meaning is read back from its token stream.
    /// </summary>
    public static IReadOnlyList<RunStep> FromTokens(IReadOnlyList<Token> tokens)
    {
        var steps = new List<RunStep>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Type != TokenType.Option) continue;
            // The parser counts an option's values over all its repeats, so "--in a --in" passes it: check each here.
            string Value() => i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument
                ? tokens[++i].Value
                : throw new MissingStepValueException(token.Value);
            switch (token.Value)
            {
                case "--private": steps.Add(new Private()); break;
                case "--open": steps.Add(new Open(Value())); break;
                case "--in": steps.Add(new In(Value())); break;
                case "--eval": steps.Add(new Eval(Value())); break;
                case "--close": steps.Add(new Close(Value())); break;
                case "--advance": steps.Add(new Advance(long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture))); break;
                case "--flavor" or "--seed" or "--extension": Value(); break;
            }
        }
        return steps;
    }
}

/// <summary>A step option without its value, as the parser words it; bad input (exit 2).</summary>
internal sealed class MissingStepValueException(string option) : Exception($"Required argument missing for option: '{option}'.");
