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
    public static RunPlan FromTokens(IReadOnlyList<Token> tokens) =>
        FromWords(tokens.Select(t => new Word(t.Type == TokenType.Option, t.Value)).ToList(), scriptDepth: 0);

    /// <summary>One word of a command line: an option, or a value.</summary>
    internal readonly record struct Word(bool IsOption, string Value);

    /// <summary>The steps and the whole-run settings the words give; a <c>--script</c> file's lines are read in its place.</summary>
    internal static RunPlan FromWords(IReadOnlyList<Word> words, int scriptDepth)
    {
        var plan = new RunPlan();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.IsOption) continue;
            // The parser counts an option's values over all its repeats, so "--in a --in" passes it: check each here.
            string Value() => i + 1 < words.Count && !words[i + 1].IsOption
                ? words[++i].Value
                : throw new MissingStepValueException(word.Value);
            void NoMore(string option, string takes)
            {
                if (i + 1 < words.Count && !words[i + 1].IsOption)
                    throw new MissingStepValueException(option, $"{option} takes {takes}, and \"{words[i + 1].Value}\" is one more");
            }
            // An optional tab id: the next word when it is a value.
            int? TabId(string option)
            {
                if (i + 1 >= words.Count || words[i + 1].IsOption) return null;
                var text = words[++i].Value;
                return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new MissingStepValueException(option, $"{option} {text}: expected a tab id (a number) or nothing (the active tab)");
            }
            switch (word.Value)
            {
                case "--action-click": plan.Steps.Add(new ActionClick(TabId("--action-click"))); break;
                case "--action": plan.Steps.Add(new ShowAction(TabId("--action"))); break;
                case "--private": plan.Steps.Add(new Private()); break;
                case "--open": plan.Steps.Add(new Open(Value())); break;
                case "--in": plan.Steps.Add(new In(Value())); break;
                case "--eval": plan.Steps.Add(new Eval(Value())); break;
                case "--close": plan.Steps.Add(new Close(Value())); break;
                case "--advance": plan.Steps.Add(new Advance(long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture))); break;
                case "--page": plan.Steps.Add(new Page(Value())); break;
                case "--respond":
                    var pattern = Value();
                    plan.Steps.Add(new Respond(pattern, Value()));
                    NoMore("--respond", "a URL pattern and a file or JSON body");
                    break;
                case "--fire":
                    var eventName = Value();
                    plan.Steps.Add(new Fire(eventName, Value()));
                    NoMore("--fire", "an event name and a JSON array of arguments");
                    break;
                case "--menu-click":
                    var menuItem = Value();
                    string? clickInfo = i + 1 < words.Count && !words[i + 1].IsOption ? words[++i].Value : null;
                    plan.Steps.Add(new MenuClick(menuItem, clickInfo));
                    NoMore("--menu-click", "a menu item id and, optionally, a JSON object of click info");
                    break;
                case "--menus": plan.Steps.Add(new Menus()); break;
                case "--terminate": plan.Steps.Add(new Terminate(Value())); break;
                case "--contexts": plan.Steps.Add(new Contexts()); break;
                case "--request":
                    var requestUrl = Value();
                    string? requestDetails = i + 1 < words.Count && !words[i + 1].IsOption ? words[++i].Value : null;
                    plan.Steps.Add(new Request(requestUrl, requestDetails));
                    NoMore("--request", "a URL and, optionally, a JSON object of request details");
                    break;
                case "--host": plan.HostScripts.Add(Value()); break;
                case "--calls": plan.Calls = true; break;
                case "--strict": plan.Strict = true; break;
                case "--script":
                    var file = Value();
                    if (scriptDepth > 0) throw new MissingStepValueException("--script", $"--script {file}: a script file cannot name another script file");
                    plan.Add(FromWords(ScriptFile.Read(file), scriptDepth + 1));
                    break;
                case "--flavor" or "--seed" or "--extension" or "--config" or "--bind" or "--hostname": Value(); break;
                case var option when Actions.TryGetValue(option, out var action):
                    var selector = Value();
                    var value = action.TakesValue ? Value() : null;
                    // Two values per step: a third would be taken silently by the parser.
                    NoMore(option, action.TakesValue ? "a selector and a value" : "one selector");
                    plan.Steps.Add(new Act(option, new PageAction(action.Kind, selector, value)));
                    break;
            }
        }
        return plan;
    }
}

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

/// <summary>A step option without its value, as the parser words it; bad input (exit 2).</summary>
internal sealed class MissingStepValueException(string option, string? message = null) : Exception(message ?? $"Required argument missing for option: '{option}'.");
