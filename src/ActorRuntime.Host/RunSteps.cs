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

    /// <summary>An action on (or a read of) the first element matching a selector in the current target.</summary>
    public sealed record Act(string Option, PageAction Action) : RunStep;

    /// <summary>The web page's HTML (a file) for the next <c>--open tab:&lt;url&gt;</c>.</summary>
    public sealed record Page(string File) : RunStep;

    /// <summary>
    /// Answers the extension's requests to URLs matching <paramref name="Pattern"/>: with the bytes of <paramref name="Source"/>
    /// when it names a file (content type by its extension), else with <paramref name="Source"/> as a JSON body; status 200.
    /// </summary>
    public sealed record Respond(string Pattern, string Source) : RunStep
    {
        /// <summary>The response <see cref="Source"/> stands for; bad input (<see cref="ExtensionRequestException"/>) when it is neither a file nor JSON.</summary>
        public ResponseSpec Response()
        {
            if (System.IO.File.Exists(Source))
            {
                try
                {
                    return ResponseSpec.File(Source);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ExtensionRequestException($"--respond {Pattern} {Source}: the file cannot be read ({OneLineText.Escape(ex.Message, 200)})");
                }
            }
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(Source);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new ExtensionRequestException($"--respond {Pattern} {OneLineText.Escape(Source, 80)}: expected a file or a JSON body (no such file, and not JSON)");
            }
            return ResponseSpec.Json(Source);
        }
    }

    /// <summary>The page actions, by option: the action and whether it takes a value after the selector.</summary>
    public static readonly IReadOnlyDictionary<string, (PageActionKind Kind, bool TakesValue, string Description)> Actions =
        new Dictionary<string, (PageActionKind, bool, string)>
        {
            ["--click"] = (PageActionKind.Click, false, "Click the first element matching <selector> as a user would"),
            ["--type"] = (PageActionKind.Type, true, "--type <selector> <text>: focus the field, type the text (input per character), blur it (change)"),
            ["--check"] = (PageActionKind.Check, false, "Check the checkbox or radio button matching <selector>"),
            ["--uncheck"] = (PageActionKind.Uncheck, false, "Uncheck the checkbox matching <selector>"),
            ["--select"] = (PageActionKind.Select, true, "--select <selector> <value>: choose the option with that value (or text)"),
            ["--submit"] = (PageActionKind.Submit, false, "Submit the form (or press the submit button) matching <selector>"),
            ["--focus"] = (PageActionKind.Focus, false, "Focus the element matching <selector>"),
            ["--blur"] = (PageActionKind.Blur, false, "Blur the element matching <selector>"),
            ["--text"] = (PageActionKind.Text, false, "Print [label] <selector>: <its text, whitespace collapsed>"),
            ["--html"] = (PageActionKind.Html, false, "Print [label] <selector>: <its outerHTML>"),
        };

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
                case "--page": steps.Add(new Page(Value())); break;
                case "--respond":
                    var pattern = Value();
                    steps.Add(new Respond(pattern, Value()));
                    if (i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument)
                        throw new MissingStepValueException("--respond", $"--respond takes a URL pattern and a file or JSON body, and \"{tokens[i + 1].Value}\" is one more");
                    break;
                case "--flavor" or "--seed" or "--extension": Value(); break;
                case var option when Actions.TryGetValue(option, out var action):
                    var selector = Value();
                    var value = action.TakesValue ? Value() : null;
                    // Two values per step: a third would be taken silently by the parser.
                    if (i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument)
                        throw new MissingStepValueException(option, $"{option} takes {(action.TakesValue ? "a selector and a value" : "one selector")}, and \"{tokens[i + 1].Value}\" is one more");
                    steps.Add(new Act(option, new PageAction(action.Kind, selector, value)));
                    break;
            }
        }
        return steps;
    }
}

/// <summary>A step option without its value, as the parser words it; bad input (exit 2).</summary>
internal sealed class MissingStepValueException(string option, string? message = null) : Exception(message ?? $"Required argument missing for option: '{option}'.");
