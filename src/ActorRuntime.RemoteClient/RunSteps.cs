using System.CommandLine.Parsing;

namespace ActorRuntime.RemoteClient;

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
            CheckJson();
            return ResponseSpec.Json(Source);
        }

        /// <summary>
        /// What can be told wrong from the command line alone: a pattern that matches no URL (where <paramref name="patterns"/>
        /// is given), a source that is neither a file nor JSON.
        /// </summary>
        public void Check(PatternCheck? patterns)
        {
            if (patterns?.Invoke(Pattern) is { } problem)
                throw new ExtensionRequestException($"cannot respond to \"{OneLineText.Escape(Pattern, 200)}\": {problem}");
            if (!System.IO.File.Exists(Source)) CheckJson();
        }

        private void CheckJson()
        {
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(Source);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new ExtensionRequestException($"--respond {Pattern} {OneLineText.Escape(Source, 80)}: expected a file or a JSON body (no such file, and not JSON)");
            }
        }
    }

    /// <summary>Fires an event of the extension's API with a JSON array of arguments; prints the listeners' results.</summary>
    public sealed record Fire(string EventName, string ArgumentsJson) : RunStep;

    /// <summary>Clicks the extension's toolbar button in the tab (the active tab when null); prints what the click did.</summary>
    public sealed record ActionClick(int? TabId) : RunStep;

    /// <summary>Prints the toolbar button as it shows in the tab (the active tab when null).</summary>
    public sealed record ShowAction(int? TabId) : RunStep;
    /// <summary>A user's click on one of the extension's menu items, with what the host says of where (a JSON object), if anything.</summary>
    public sealed record MenuClick(string Id, string? InfoJson) : RunStep
    {
        /// <summary><c>onClicked</c>'s arguments as the host gives them: <c>[{"menuItemId": id, ...info}]</c>; bad input when the info is no JSON object.</summary>
        public string ArgumentsJson()
        {
            var info = new System.Text.Json.Nodes.JsonObject { ["menuItemId"] = Id };
            if (InfoJson is null) return new System.Text.Json.Nodes.JsonArray(info).ToJsonString();
            System.Text.Json.Nodes.JsonNode? given;
            try
            {
                given = System.Text.Json.Nodes.JsonNode.Parse(InfoJson);
            }
            catch (System.Text.Json.JsonException)
            {
                given = null;
            }
            if (given is not System.Text.Json.Nodes.JsonObject fields)
                throw new ExtensionRequestException($"--menu-click {Id} {OneLineText.Escape(InfoJson, 80)}: expected a JSON object of click info, such as {{\"pageUrl\":\"https://example.com/\"}}");
            foreach (var (key, value) in fields)
                if (key != "menuItemId") info[key] = value?.DeepClone();
            return new System.Text.Json.Nodes.JsonArray(info).ToJsonString();
        }
    }

    /// <summary>Prints the extension's menu items.</summary>
    public sealed record Menus : RunStep;

    /// <summary><c>--terminate &lt;label&gt;</c>: the background stops now (a worker) or is suspended (an event page).</summary>
    public sealed record Terminate(string Label) : RunStep;
    /// <summary>Prints the extension's running contexts as <c>runtime.getContexts({})</c> answers them.</summary>
    public sealed record Contexts : RunStep;

    /// <summary>A request the browser issues, through the extension's webRequest listeners and rules, with the host's details (a JSON object), if any.</summary>
    public sealed record Request(string Url, string? DetailsJson) : RunStep;

    /// <summary>The page actions, by option: the action, whether it takes a value after the selector (and then its usage).</summary>
    public static readonly IReadOnlyDictionary<string, (PageActionKind Kind, bool TakesValue, string Usage, string Description)> Actions =
        new Dictionary<string, (PageActionKind, bool, string, string)>
        {
            ["--click"] = (PageActionKind.Click, false, "", "Click the first element matching <selector> as a user would"),
            ["--type"] = (PageActionKind.Type, true, "<selector> <text>", "Focus the field, type the text (input per character), blur it (change)"),
            ["--check"] = (PageActionKind.Check, false, "", "Check the checkbox or radio button matching <selector>"),
            ["--uncheck"] = (PageActionKind.Uncheck, false, "", "Uncheck the checkbox matching <selector>"),
            ["--select"] = (PageActionKind.Select, true, "<selector> <value>", "Choose the option with that value (or text)"),
            ["--submit"] = (PageActionKind.Submit, false, "", "Submit the form (or press the submit button) matching <selector>"),
            ["--focus"] = (PageActionKind.Focus, false, "", "Focus the element matching <selector>"),
            ["--blur"] = (PageActionKind.Blur, false, "", "Blur the element matching <selector>"),
            ["--text"] = (PageActionKind.Text, false, "", "Print [label] <selector>: <its text, whitespace collapsed>"),
            ["--html"] = (PageActionKind.Html, false, "", "Print [label] <selector>: <its outerHTML>"),
        };

    /// <summary>
    /// System.CommandLine validates the options but merges repeats; the order that gives the steps their
    /// meaning is read back from its token stream. Every value is checked here, before anything runs: bad input is a
    /// <see cref="CommandLineException"/> (or, for a <c>--script</c> file, an <see cref="ExtensionRequestException"/>).
    /// </summary>
    public static RunPlan FromTokens(IReadOnlyList<Token> tokens, PatternCheck? patterns) =>
        Checked(FromWords(tokens.Select(t => new Word(t.Type == TokenType.Option, t.Value)).ToList(), scriptDepth: 0, patterns));

    /// <summary>The steps of a parsed command line, its command's own arguments (<c>run</c>'s extension folder) left out wherever they stand.</summary>
    public static RunPlan FromTokens(System.CommandLine.ParseResult result, PatternCheck? patterns)
    {
        var arguments = result.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).ToHashSet(ReferenceEqualityComparer.Instance);
        return FromTokens(result.Tokens.Where(t => !arguments.Contains(t)).ToList(), patterns);
    }

    /// <summary>One word of a command line: an option, or a value; <paramref name="Where"/> names a script file's line (<c>steps.txt:3</c>).</summary>
    internal readonly record struct Word(bool IsOption, string Value, string? Where = null);

    /// <summary>The steps and the whole-run settings the words give; a <c>--script</c> file's lines are read in its place.</summary>
    internal static RunPlan FromWords(IReadOnlyList<Word> words, int scriptDepth, PatternCheck? patterns)
    {
        var plan = new RunPlan();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            // Values of options that are no steps (--flavor, --seed...) and the command's name are skipped.
            if (!word.IsOption || StepSyntax.Find(word.Value) is not { } syntax) continue;
            bool HasValue() => i + 1 < words.Count && !words[i + 1].IsOption;
            // The parser counts an option's values over all its repeats, so "--in a --in" passes it: check each here.
            string Value() => HasValue() ? words[++i].Value : throw CommandLineException.Needs(syntax);
            string? OptionalValue() => HasValue() ? words[++i].Value : null;
            try
            {
                Read();
            }
            catch (Exception ex) when (word.Where is not null && ex is CommandLineException or ExtensionRequestException)
            {
                throw new CommandLineException($"{word.Where}: {ex.Message}");
            }

            void Read()
            {
                switch (word.Value)
                {
                    case "--action-click": plan.Steps.Add(new ActionClick(StepChecks.TabId(syntax, OptionalValue()))); break;
                    case "--action": plan.Steps.Add(new ShowAction(StepChecks.TabId(syntax, OptionalValue()))); break;
                    case "--private": plan.Steps.Add(new Private()); break;
                    case "--open": plan.Steps.Add(new Open(StepChecks.View(Value()))); break;
                    case "--in": plan.Steps.Add(new In(Value())); break;
                    case "--eval": plan.Steps.Add(new Eval(Value())); break;
                    case "--close": plan.Steps.Add(new Close(Value())); break;
                    case "--advance": plan.Steps.Add(new Advance(StepChecks.Milliseconds(Value()))); break;
                    case "--page": plan.Steps.Add(new Page(StepChecks.ExistingPage(Value()))); break;
                    case "--respond":
                        var respond = new Respond(Value(), Value());
                        respond.Check(patterns);
                        plan.Steps.Add(respond);
                        break;
                    case "--fire":
                        var eventName = Value();
                        plan.Steps.Add(new Fire(eventName, StepChecks.FireArguments(eventName, Value())));
                        break;
                    case "--menu-click":
                        var menuClick = new MenuClick(Value(), OptionalValue());
                        menuClick.ArgumentsJson();
                        plan.Steps.Add(menuClick);
                        break;
                    case "--menus": plan.Steps.Add(new Menus()); break;
                    case "--terminate": plan.Steps.Add(new Terminate(Value())); break;
                    case "--contexts": plan.Steps.Add(new Contexts()); break;
                    case "--request":
                        var requestUrl = Value();
                        plan.Steps.Add(new Request(requestUrl, StepChecks.RequestDetails(requestUrl, OptionalValue())));
                        break;
                    case "--host": plan.HostScripts.Add(Value()); break;
                    case "--calls": plan.Calls = true; break;
                    case "--strict": plan.Strict = true; break;
                    case "--script":
                        var file = Value();
                        if (scriptDepth > 0) throw new CommandLineException($"--script {file}: a script file cannot name another script file");
                        plan.Add(FromWords(ScriptFile.Read(file), scriptDepth + 1, patterns));
                        break;
                    default:
                        var action = Actions[word.Value];
                        var selector = Value();
                        plan.Steps.Add(new Act(word.Value, new PageAction(action.Kind, selector, action.TakesValue ? Value() : null)));
                        break;
                }
                // What a step did not take is one value too many (a third taken silently by the parser, say).
                if (HasValue()) throw CommandLineException.OneMore(syntax, words[i + 1].Value);
            }
        }
        return plan;
    }

    /// <summary>The whole plan's order checked: each <c>--page</c> is for an <c>--open tab:&lt;url&gt;</c> that follows it.</summary>
    private static RunPlan Checked(RunPlan plan)
    {
        Page? pending = null;
        foreach (var step in plan.Steps)
        {
            if (step is Page page) pending = page;
            else if (step is Open open && pending is not null)
            {
                if (!open.Target.StartsWith("tab:", StringComparison.Ordinal))
                    throw new CommandLineException($"--page applies to the next --open tab:<url>, not to --open {open.Target}");
                pending = null;
            }
        }
        return pending is null ? plan : throw new CommandLineException("--page applies to the next --open tab:<url>, and none followed it");
    }
}

/// <summary>
/// What is wrong with a URL match pattern (null: nothing), by the runtime's rules (<c>Manifest.MatchPattern</c>), which this
/// assembly has not got: <c>run</c> and <c>remote --seed</c> check <c>--respond</c>'s patterns before they start, a front
/// door client leaves them to the node, whose refusal is the same line and exit code.
/// </summary>
internal delegate string? PatternCheck(string pattern);

/// <summary>
/// What a <c>run</c> (or <c>remote</c>) command line asks for: its steps in order, and what holds for the whole run from
/// the extension's load on wherever it stands (<c>--host</c>, <c>--calls</c>, <c>--strict</c>).
/// </summary>
internal sealed class RunPlan
{
    public List<RunStep> Steps { get; } = new();

    /// <summary>Host script files, in order.</summary>
    public List<string> HostScripts { get; } = new();

    /// <summary>Print every API call as the extension makes it.</summary>
    public bool Calls { get; set; }

    /// <summary>Exit 3 when any context reported an uncaught error or unhandled rejection.</summary>
    public bool Strict { get; set; }

    public void Add(RunPlan other)
    {
        Steps.AddRange(other.Steps);
        HostScripts.AddRange(other.HostScripts);
        Calls |= other.Calls;
        Strict |= other.Strict;
    }
}

/// <summary>A command line that cannot be run as written: one <c>error:</c> line and exit 2, before anything starts.</summary>
internal sealed class CommandLineException(string message) : Exception(message)
{
    /// <summary>A step option without (all of) its values: <c>--fire needs &lt;ns.event&gt; &lt;json-array&gt;</c>.</summary>
    public static CommandLineException Needs(StepSyntax syntax) => new($"{syntax.Name} needs {syntax.Usage}");

    /// <summary>A value no option takes, right after <paramref name="syntax"/>'s.</summary>
    public static CommandLineException OneMore(StepSyntax syntax, string value) => new(syntax.Values == StepValues.None
        ? $"{syntax.Name} takes no value, yet \"{value}\" follows it"
        : $"{syntax.Name} takes {syntax.Usage}, and \"{value}\" is one more");
}
