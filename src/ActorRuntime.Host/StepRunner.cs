namespace ActorRuntime.Host;

/// <summary>Performs the steps in command-line order, printing results; returns the exit code (0, 1 when an eval failed, 2 for bad input).</summary>
internal static class StepRunner
{
    /// <summary>
    /// The steps against <paramref name="extensionId"/> of <paramref name="runtime"/>, in this process (<c>run</c>) or in a
    /// cluster (<c>remote</c>): after each, what it caused is let happen for at most <paramref name="settleTimeout"/>.
    /// </summary>
    /// <param name="files">Where <c>--page</c> and <c>--respond</c> read their files (this machine's disk when null).</param>
    public static async Task<int> RunAsync(IExtensionRuntime runtime, string extensionId, IReadOnlyList<RunStep> steps, OrderedConsole console,
        TextWriter error, TimeSpan settleTimeout, StepFiles? files = null, CancellationToken cancellation = default)
    {
        files ??= StepFiles.Disk;
        var exitCode = 0;
        var isPrivate = false;
        string? chosen = null;
        string? lastOpened = null;
        string? pageHtml = null;
        foreach (var step in steps)
        {
            // A front door's client that went away: the steps left are not run for nobody.
            if (cancellation.IsCancellationRequested) break;
            try
            {
                switch (step)
                {
                    case RunStep.Private:
                        isPrivate = true;
                        break;
                    case RunStep.Page page:
                        pageHtml = files.ReadPage(page.File);
                        break;
                    case RunStep.Open open:
                        if (pageHtml is not null)
                        {
                            if (!open.Target.StartsWith("tab:", StringComparison.Ordinal) || open.Target.Length <= 4)
                                throw new ExtensionRequestException($"--page applies to the next --open tab:<url>, not to --open {open.Target}");
                            lastOpened = await runtime.OpenTabAsync(extensionId, open.Target[4..], pageHtml, isPrivate);
                            pageHtml = null;
                        }
                        else lastOpened = await runtime.OpenAsync(extensionId, open.Target, isPrivate);
                        chosen = null;
                        break;
                    case RunStep.In @in:
                        chosen = @in.Label;
                        break;
                    case RunStep.Close close:
                        await runtime.CloseAsync(extensionId, close.Label);
                        if (lastOpened == close.Label) lastOpened = null;
                        break;
                    case RunStep.Eval eval:
                        var label = chosen ?? lastOpened ?? "background";
                        console.Hold();
                        try
                        {
                            var evaluated = await runtime.EvaluateAsync(extensionId, label, eval.Code);
                            console.Result($"[{label}] => {evaluated.Json}", evaluated.ConsoleMark);
                        }
                        catch (ScriptFailureException ex)
                        {
                            console.Result($"[{label}] {ex.Message}", ex.ConsoleMark);
                            exitCode = 1;
                        }
                        catch (EvaluationStalledException ex)
                        {
                            console.Result(ex.Message, null);
                            exitCode = 1;
                        }
                        finally
                        {
                            console.Release();
                        }
                        break;
                    case RunStep.Act act:
                        var target = chosen ?? lastOpened ?? "background";
                        console.Hold();
                        try
                        {
                            var acted = await runtime.ActAsync(extensionId, target, act.Action);
                            if (acted.Problem is { } problem)
                            {
                                console.Result($"[{target}] {problem}", acted.ConsoleMark);
                                exitCode = 1;
                            }
                            else if (acted.Output is { } output) console.Result($"[{target}] {output}", acted.ConsoleMark);
                        }
                        finally
                        {
                            console.Release();
                        }
                        break;
                    case RunStep.Respond respond:
                        await runtime.RespondAsync(extensionId, respond.Pattern, files.Response(respond));
                        break;
                    case RunStep.Fire fire:
                        if (!await FireAsync(runtime, extensionId, fire, console)) exitCode = 1;
                        break;
                    case RunStep.ActionClick click:
                        var clickLine = await ResultAsync(console, async () =>
                        {
                            var clicked = await runtime.ClickActionAsync(extensionId, click.TabId);
                            if (clicked.PopupLabel is { } popup) lastOpened = popup;
                            return clicked switch
                            {
                                { PopupLabel: { } opened } => $"[runtime] {clicked.Namespace} click => opened {opened}",
                                { IgnoredBecause: { } reason } => $"[runtime] {clicked.Namespace} click => nothing: {reason}",
                                _ => $"[runtime] {clicked.Namespace}.onClicked => {clicked.ListenerResultsJson}",
                            };
                        });
                        if (!clickLine) exitCode = 1;
                        break;
                    case RunStep.MenuClick menuClick:
                        try
                        {
                            if (!await FireAsync(runtime, extensionId, new RunStep.Fire("menus.onClicked", menuClick.ArgumentsJson()), console, $"menu-click {menuClick.Id}")) exitCode = 1;
                        }
                        catch (ExtensionRequestException ex) when (!ex.Message.StartsWith("--menu-click", StringComparison.Ordinal))
                        {
                            throw new ExtensionRequestException($"{Describe(step)}: {ex.Message}");
                        }
                        break;
                    case RunStep.Request request:
                        if (!await ResultAsync(console, async () =>
                                $"[runtime] request {request.Url} => {RequestLine(await runtime.RequestAsync(extensionId, request.Url, request.DetailsJson ?? "{}"))}"))
                            exitCode = 1;
                        break;
                    case RunStep.Terminate terminate:
                        if (!await ResultAsync(console, async () => await runtime.TerminateAsync(extensionId, terminate.Label)
                                ? $"[runtime] terminated {terminate.Label}"
                                : $"[runtime] {terminate.Label} was not running"))
                            exitCode = 1;
                        break;
                    case RunStep.Menus:
                        await ResultAsync(console, async () => $"[runtime] menus: {await runtime.MenusAsync(extensionId)}");
                        break;
                    case RunStep.Contexts:
                        await ResultAsync(console, async () => $"[runtime] contexts => {await runtime.RuntimeContextsAsync(extensionId)}");
                        break;
                    case RunStep.ShowAction show:
                        await ResultAsync(console, async () =>
                        {
                            var state = await runtime.ActionAsync(extensionId, show.TabId);
                            return "[runtime] action: " + System.Text.Json.JsonSerializer.Serialize(new
                            {
                                title = state.Title, badge = state.Badge, popup = state.Popup, enabled = state.Enabled,
                            });
                        });
                        break;
                    case RunStep.Advance advance:
                        try
                        {
                            await runtime.AdvanceAsync(extensionId, TimeSpan.FromMilliseconds(advance.Milliseconds));
                        }
                        catch (ExtensionRequestException ex)
                        {
                            throw new ExtensionRequestException($"{Describe(step)}: {ex.Message}");
                        }
                        break;
                }
                // What the step caused happens before the next one (choosing a context or a private window causes nothing).
                if (step is not (RunStep.In or RunStep.Private or RunStep.Page)) await runtime.SettleAsync(extensionId, settleTimeout);
            }
            catch (ExtensionRequestException ex)
            {
                error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            catch (ExtensionFailedException ex)
            {
                error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            catch (ExtensionTimeoutException ex)
            {
                error.WriteLine($"error: {Describe(step)}: {ex.Message}");
                return 1;
            }
        }
        if (pageHtml is not null)
        {
            error.WriteLine("error: --page applies to the next --open tab:<url>, and none followed it");
            return 2;
        }
        return exitCode;
    }

    /// <summary>Fires the event and prints the listeners' results after the lines they printed; false when a listener's promise never settles.</summary>
    private static Task<bool> FireAsync(IExtensionRuntime runtime, string extensionId, RunStep.Fire fire, OrderedConsole console, string? what = null) =>
        ResultAsync(console, async () => $"[runtime] {what ?? fire.EventName} => {await runtime.FireAsync(extensionId, fire.EventName, fire.ArgumentsJson)}");

    /// <summary>
    /// Prints the line a step answers after the lines it caused (its listeners' output first); false, with the line saying
    /// so, when what it waits for can never settle on the virtual clock.
    /// </summary>
    private static async Task<bool> ResultAsync(OrderedConsole console, Func<Task<string>> step)
    {
        console.Hold();
        try
        {
            console.Result(await step(), null);
            return true;
        }
        catch (EvaluationStalledException ex)
        {
            console.Result(ex.Message, null);
            return false;
        }
        finally
        {
            console.Release();
        }
    }

    /// <summary>
    /// A request's fate as <c>--request</c> prints it: <c>{"cancel", "redirectUrl" (when redirected), "requestHeaders"
    /// (webRequest's <c>[{"name","value"}]</c>), "statusCode" (when a response came), "error" (when it failed)}</c>.
    /// </summary>
    internal static string RequestLine(RequestResult fate)
    {
        var line = new System.Text.Json.Nodes.JsonObject { ["cancel"] = fate.Cancelled };
        if (fate.RedirectUrl is { } redirected) line["redirectUrl"] = redirected;
        line["requestHeaders"] = new System.Text.Json.Nodes.JsonArray(fate.RequestHeaders
            .Select(h => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["name"] = h.Key, ["value"] = h.Value }).ToArray());
        if (fate.StatusCode is { } status) line["statusCode"] = status;
        if (fate.Error is { } error) line["error"] = error;
        return line.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Describe(RunStep step) => step switch
    {
        RunStep.Open open => "--open " + open.Target,
        RunStep.Close close => "--close " + close.Label,
        RunStep.Eval eval => "--eval " + (eval.Code.Length > 40 ? eval.Code[..40] + "..." : eval.Code),
        RunStep.Advance advance => "--advance " + advance.Milliseconds,
        RunStep.Act act => act.Option + " " + act.Action.Selector,
        RunStep.Respond respond => "--respond " + respond.Pattern,
        RunStep.Fire fire => "--fire " + fire.EventName,
        RunStep.ActionClick click => "--action-click" + (click.TabId is { } tab ? " " + tab : ""),
        RunStep.MenuClick click => "--menu-click " + click.Id,
        RunStep.Request request => "--request " + request.Url,
        RunStep.Terminate terminate => "--terminate " + terminate.Label,
        _ => "step",
    };
}
