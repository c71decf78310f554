using System.CommandLine;

namespace ActorRuntime.RemoteClient;

/// <summary>How many values a step option takes on the command line (and on a <c>--script</c> file's line).</summary>
internal enum StepValues
{
    /// <summary>A flag: <c>--calls</c>.</summary>
    None,
    /// <summary><c>--eval &lt;js&gt;</c>.</summary>
    One,
    /// <summary><c>--fire &lt;ns.event&gt; &lt;json-array&gt;</c>.</summary>
    Two,
    /// <summary><c>--request &lt;url&gt; [&lt;details-json&gt;]</c>.</summary>
    OneOrTwo,
    /// <summary><c>--action [&lt;tab-id&gt;]</c>.</summary>
    NoneOrOne,
}

/// <summary>
/// One step option of <c>run</c> and <c>remote</c>: its name, what it takes as the help shows it (<paramref name="Usage"/>,
/// such as <c>&lt;ns.event&gt; &lt;json-array&gt;</c>), how many values, and what it does. The one description of the
/// steps' grammar: the options, the help, the parse errors and the script files' lines all read it.
/// </summary>
internal sealed record StepSyntax(string Name, string Usage, StepValues Values, string Description)
{
    /// <summary>Every step option, in the order the help lists them.</summary>
    public static readonly IReadOnlyList<StepSyntax> All =
    [
        new("--private", "", StepValues.None, "Views and tabs opened after this are in a private window"),
        new("--open", "<view>", StepValues.One, "Open popup, options, sidebar, page:<path> (an extension page) or tab:<url> (a web page); the following --eval steps run in it"),
        new("--in", "<label>", StepValues.One, "Target context of the following --eval steps (background, popup, tab:<url>... as printed)"),
        new("--eval", "<js>", StepValues.One, "Evaluate like a browser console; prints [label] => result"),
        new("--close", "<label>", StepValues.One, "Close the context with that label"),
        new("--advance", "<ms>", StepValues.One, "Move the virtual clock forward by this many milliseconds, firing due timers"),
        new("--page", "<path>", StepValues.One, "The web page's HTML file for the next --open tab:<url>"),
        new("--respond", "<url-pattern> <file-or-json>", StepValues.Two, "Answer the extension's requests to matching URLs with the file's bytes, or with the JSON"),
        new("--fire", "<ns.event> <json-array>", StepValues.Two, "Fire the event in the extension with these arguments; prints [runtime] <event> => <listeners' results>"),
        new("--menu-click", "<id> [<info-json>]", StepValues.OneOrTwo,
            "A user's click on the extension's menu item (info, optional: pageUrl, selectionText, tab...); prints [runtime] menu-click <id> => <listeners' results>"),
        new("--request", "<url> [<details-json>]", StepValues.OneOrTwo,
            "The browser issues a request (details, optional: method, type, tabId, frameId, initiator, requestHeaders; by default a GET main_frame in the active tab) through the extension's webRequest listeners and declarativeNetRequest rules; prints [runtime] request <url> => {\"cancel\",\"redirectUrl\",\"requestHeaders\",\"statusCode\",\"error\"}"),
        new("--terminate", "<label>", StepValues.One,
            "Stop the background now: a service worker stops, its state gone; an event page is suspended after its onSuspend. The next event or message starts it afresh"),
        new("--menus", "", StepValues.None, "Print the extension's menu items: [runtime] menus: <JSON array of items with id, title, contexts, children>"),
        new("--contexts", "", StepValues.None,
            "Print the extension's running contexts as runtime.getContexts({}) gives them: [runtime] contexts => <JSON array of {contextType, contextId, tabId, windowId, frameId, documentId, documentUrl, documentOrigin, incognito}>"),
        new("--action-click", "[<tab-id>]", StepValues.NoneOrOne,
            "Click the extension's toolbar button in the tab (without <tab-id>: the active tab): opens its popup or fires onClicked"),
        new("--action", "[<tab-id>]", StepValues.NoneOrOne, "Print the toolbar button as it shows in the tab (without <tab-id>: the active tab): [runtime] action: {\"title\",\"badge\",\"popup\",\"enabled\"}"),
        new("--host", "<path>", StepValues.One,
            "A host script (for the whole run): host.provide(name, fn), host.respond(pattern, body), host.fire(name, ...args), host.calls(), host.setManagedStorage(policy), host.menus(), host.tabs(), host.openTab(url)..."),
        new("--calls", "", StepValues.None, "Print every API call the extension makes, from its load on: [label] call tabs.update(7,{...})"),
        new("--strict", "", StepValues.None, "Exit 3 when any context reported an uncaught error or unhandled rejection (from the extension's load on)"),
        new("--script", "<path>", StepValues.One, "Read steps from a file: one a line as on the command line (--open popup), # comments"),
        .. RunStep.Actions.Select(action => new StepSyntax(action.Key, action.Value.TakesValue ? action.Value.Usage : "<selector>",
            action.Value.TakesValue ? StepValues.Two : StepValues.One, action.Value.Description)),
    ];

    private static readonly Dictionary<string, StepSyntax> ByName = All.ToDictionary(step => step.Name);

    public static StepSyntax? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Every step option's name (what a --script file's lines may start with).</summary>
    public static readonly IReadOnlySet<string> Names = All.Select(step => step.Name).ToHashSet();

    /// <summary>The step options <c>run</c> and <c>remote</c> share (their order on the command line is the order of the steps).</summary>
    public static IEnumerable<Option> Options() => All.Select(step => step.CreateOption());

    /// <summary>The option and what it takes: <c>--fire &lt;ns.event&gt; &lt;json-array&gt;</c>.</summary>
    public string Synopsis => Usage.Length == 0 ? Name : Name + " " + Usage;

    /// <summary>
    /// The option for System.CommandLine. It only validates what it can see per option (the values' count per
    /// occurrence is checked when the steps are read back from the tokens); its <see cref="Option.HelpName"/> is the
    /// usage without its outer brackets, which the help puts back: <c>--fire &lt;ns.event&gt; &lt;json-array&gt;</c>.
    /// </summary>
    public Option CreateOption() => Values switch
    {
        StepValues.None => new Option<bool>(Name) { Description = Description, Arity = ArgumentArity.Zero },
        StepValues.NoneOrOne => new Option<string[]>(Name) { Description = Description, HelpName = HelpName, Arity = ArgumentArity.ZeroOrMore },
        StepValues.One => new Option<string[]>(Name) { Description = Description, HelpName = HelpName },
        _ => new Option<string[]>(Name) { Description = Description, HelpName = HelpName, AllowMultipleArgumentsPerToken = true },
    };

    /// <summary>
    /// The usage as the help's <c>&lt;...&gt;</c> takes it, without its outer brackets. The help has no brackets for an
    /// optional value (<c>--action &lt;tab-id&gt;</c>), so the description says what leaving it out means.
    /// </summary>
    private string HelpName => Usage.Replace("[", "").Replace("]", "")[1..^1];
}
