using ActorRuntime.Kernel;
using System.CommandLine;
using ActorRuntime.Hosting;
using ActorRuntime.Timing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRuntime.Host;

/// <summary><c>run &lt;extension-dir&gt; [steps...]</c>: load an extension and perform the steps in order.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<string>("extension-dir") { Description = "The extension folder (with manifest.json)" };
        var flavor = new Option<string>("--flavor") { Description = "Browser behaviour: mdn (default), firefox or chrome" };
        flavor.AcceptOnlyFromAmong("mdn", "firefox", "chrome");
        var command = new Command("run", "Load an extension, fire install/startup, then perform the steps in command-line order")
        {
            directory,
            flavor,
        };
        foreach (var option in StepOptions()) command.Options.Add(option);
        command.SetAction(async (result, _) =>
        {
            var plan = RunStep.FromTokens(result.Tokens);
            var chosen = Flavor.Mdn;
            if (result.GetValue(flavor) is { } text) FlavorNames.TryParse(text, out chosen);
            return await ExecuteAsync(result.GetValue(directory)!, chosen, plan, output, error);
        });
        return command;
    }

    /// <summary>The step options <c>run</c> and <c>remote</c> share (their order on the command line is the order of the steps).</summary>
    internal static IEnumerable<Option> StepOptions() =>
    [
        new Option<bool>("--private") { Description = "Views and tabs opened after this are in a private window" },
        new Option<string[]>("--open") { Description = "Open popup|options|sidebar|page:<path>|tab:<url>" },
        new Option<string[]>("--in") { Description = "Target context of the following --eval steps" },
        new Option<string[]>("--eval") { Description = "Evaluate like a browser console; prints [label] => result" },
        new Option<string[]>("--close") { Description = "Close the context with that label" },
        AdvanceOption(),
        new Option<string[]>("--page") { Description = "The web page's HTML file for the next --open tab:<url>" },
        new Option<string[]>("--respond")
        {
            Description = "--respond <url-pattern> <file-or-json>: answer the extension's requests to matching URLs with the file's bytes, or with the JSON",
            AllowMultipleArgumentsPerToken = true,
        },
        new Option<string[]>("--fire")
        {
            Description = "--fire <namespace.event> <json-array>: fire the event in the extension; prints [runtime] <event> => <listeners' results>",
            AllowMultipleArgumentsPerToken = true,
        },
        new Option<string[]>("--menu-click")
        {
            Description = "--menu-click <id> [json-info]: a user's click on the extension's menu item (info: pageUrl, selectionText, tab...); prints [runtime] menu-click <id> => <listeners' results>",
            AllowMultipleArgumentsPerToken = true,
        },
        new Option<string[]>("--request")
        {
            Description = "--request <url> [json-details]: the browser issues a request (details: method, type, tabId, frameId, initiator, requestHeaders; by default a GET main_frame in the active tab) through the extension's webRequest listeners and declarativeNetRequest rules; prints [runtime] request <url> => {\"cancel\",\"redirectUrl\",\"requestHeaders\",\"statusCode\",\"error\"}",
            AllowMultipleArgumentsPerToken = true,
        },
        new Option<string[]>("--terminate") { Description = "--terminate <label>: stop the background now (background): a service worker stops, its state gone; an event page is suspended after its onSuspend. The next event or message starts it afresh" },
        new Option<bool>("--menus") { Description = "Print the extension's menu items: [runtime] menus: <JSON array of items with id, title, contexts, children>" },
        new Option<bool>("--contexts") { Description = "Print the extension's running contexts as runtime.getContexts({}) gives them: [runtime] contexts => <JSON array of {contextType, contextId, tabId, windowId, frameId, documentId, documentUrl, documentOrigin, incognito}>" },
        new Option<string[]>("--action-click")
        {
            Description = "--action-click [tab-id]: click the extension's toolbar button in the tab (the active tab by default): opens its popup or fires onClicked",
            Arity = ArgumentArity.ZeroOrMore,
        },
        new Option<string[]>("--action")
        {
            Description = "--action [tab-id]: print the toolbar button as it shows in the tab: [runtime] action: {\"title\",\"badge\",\"popup\",\"enabled\"}",
            Arity = ArgumentArity.ZeroOrMore,
        },
        new Option<string[]>("--host") { Description = "A host script (for the whole run): host.provide(name, fn), host.respond(pattern, body), host.fire(name, ...args), host.calls(), host.setManagedStorage(policy), host.menus(), host.tabs(), host.openTab(url)..." },
        new Option<bool>("--calls") { Description = "Print every API call the extension makes, from its load on: [label] call tabs.update(7,{...})" },
        new Option<bool>("--strict") { Description = "Exit 3 when any context reported an uncaught error or unhandled rejection (from the extension's load on)" },
        new Option<string[]>("--script") { Description = "Read steps from a file: one a line as on the command line (--open popup), # comments" },
        .. RunStep.Actions.Select(action => new Option<string[]>(action.Key)
        {
            Description = action.Value.Description,
            AllowMultipleArgumentsPerToken = action.Value.TakesValue,
        }),
    ];

    /// <summary>Every step option's name (what a --script file's lines may start with).</summary>
    internal static readonly IReadOnlySet<string> StepOptionNames = StepOptions().Select(o => o.Name).ToHashSet();

    /// <summary>About 31 years: the virtual clock starts now and must stay within the dates .NET can represent.</summary>
    internal const long MaxAdvance = 1_000_000_000_000;

    private static Option<long[]> AdvanceOption()
    {
        var advance = new Option<long[]>("--advance") { Description = "Move the virtual clock forward by this many milliseconds, firing due timers" };
        // Read from the tokens: a value that is no number must give this line, not the parser's conversion failure.
        advance.CustomParser = result =>
        {
            var values = new List<long>();
            foreach (var token in result.Tokens)
            {
                if (!long.TryParse(token.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                    result.AddError($"--advance {token.Value}: expected a number of milliseconds, 0 or more");
                else if (value > MaxAdvance) result.AddError($"--advance {token.Value}: expected at most {MaxAdvance} milliseconds (about 31 years)");
                else values.Add(value);
            }
            return values.ToArray();
        };
        return advance;
    }

    public static async Task<int> ExecuteAsync(string directory, Flavor flavor, RunPlan plan, TextWriter output, TextWriter error)
    {
        IReadOnlyList<RunStep> steps = plan.Steps;
        if (!HostScriptFile.TryReadAll(plan.HostScripts, error, out var hostScripts)) return 2;
        // --respond steps before any other are in place when the extension starts: its background's first requests see them.
        var leading = steps.TakeWhile(step => step is RunStep.Respond).Cast<RunStep.Respond>().ToList();
        var responses = new List<KeyValuePair<string, ResponseSpec>>();
        try
        {
            foreach (var respond in leading)
            {
                var response = respond.Response();
                if (Kernel.OfflineNetwork.Refusal(respond.Pattern, response) is { } refusal) throw new ExtensionRequestException(refusal);
                responses.Add(new(respond.Pattern, response));
            }
        }
        catch (ExtensionRequestException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        steps = steps.Skip(leading.Count).ToList();
        var console = new OrderedConsole(output.WriteLine);
        var settleTimeout = RuntimeOptions.Default.SettleTimeout;
        // The hosted runtime, in a host of its own without the Generic Host's defaults (no appsettings, no environment).
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var strict = new StrictWatch();
        builder.Services.AddActorRuntime(ActorSystemName, options =>
        {
            options.Flavor = flavor;
            options.Console = entry =>
            {
                strict.See(entry);
                console.Line(entry.Sequence, entry.ToString());
            };
            // Printed as made (an asynchronous call's answer is not printed again).
            if (plan.Calls) options.Calls = call =>
            {
                if (!call.IsAsync || !call.IsSettled) console.Line(call.Sequence, call.ToString());
            };
            options.HostScripts.AddRange(hostScripts);
            // The run command's clock is virtual: it moves only by --advance (or to the next timer a pending --eval waits for).
            options.Clock = new VirtualClock();
            // A run is a one-off: storage lives in memory and is gone when it ends.
            options.StorageProvider = "memory";
            options.Responses.AddRange(responses);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var runtime = host.Services.GetRequiredService<IExtensionRuntime>();
            string extensionId;
            try
            {
                extensionId = await runtime.LoadAsync(directory);
                await runtime.SettleAsync(extensionId, settleTimeout);
            }
            catch (ManifestException ex)
            {
                error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            var code = await StepRunner.RunAsync(runtime, extensionId, steps, console, error, settleTimeout);
            return strict.ExitCode(plan.Strict, code);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private const string ActorSystemName = "actorruntime";
}
