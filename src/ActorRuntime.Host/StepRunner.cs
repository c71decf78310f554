using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using Akka.Actor;

namespace ActorRuntime.Host;

/// <summary>Where the steps of <c>run</c> and <c>remote</c> are performed: an extension in this process, or one in a cluster.</summary>
internal interface IStepTarget
{
    Task<string> OpenAsync(string target, bool isPrivate);

    /// <summary>
    /// The result as JSON with its console mark; throws <see cref="ScriptFailureException"/>, <see cref="EvaluationStalledException"/>
    /// or <see cref="ExtensionRequestException"/>.
    /// </summary>
    Task<ContextActor.Protocol.Evaluated> EvaluateAsync(string label, string code);

    Task CloseAsync(string label);

    Task AdvanceAsync(long milliseconds);

    /// <summary>Waits until what the last step caused has happened (and its console lines are printed).</summary>
    Task SettleAsync();
}

/// <summary>Performs the steps in command-line order, printing results; returns the exit code (0, 1 when an eval failed, 2 for bad input).</summary>
internal static class StepRunner
{
    public static async Task<int> RunAsync(IStepTarget target, IReadOnlyList<RunStep> steps, OrderedConsole console, TextWriter error, TimeSpan askTimeout)
    {
        var exitCode = 0;
        var isPrivate = false;
        string? chosen = null;
        string? lastOpened = null;
        foreach (var step in steps)
        {
            try
            {
                switch (step)
                {
                    case RunStep.Private:
                        isPrivate = true;
                        break;
                    case RunStep.Open open:
                        lastOpened = await target.OpenAsync(open.Target, isPrivate);
                        chosen = null;
                        break;
                    case RunStep.In @in:
                        chosen = @in.Label;
                        break;
                    case RunStep.Close close:
                        await target.CloseAsync(close.Label);
                        if (lastOpened == close.Label) lastOpened = null;
                        break;
                    case RunStep.Eval eval:
                        var label = chosen ?? lastOpened ?? "background";
                        console.Hold();
                        try
                        {
                            var evaluated = await target.EvaluateAsync(label, eval.Code);
                            console.Result($"[{label}] => {evaluated.Result}", evaluated.ConsoleMark);
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
                    case RunStep.Advance advance:
                        await target.AdvanceAsync(advance.Milliseconds);
                        break;
                }
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
            catch (Exception ex) when (ex is AskTimeoutException or TimeoutException)
            {
                error.WriteLine($"error: {Describe(step)}: the extension did not answer within {askTimeout.TotalSeconds:0} s (actorruntime.ask-timeout)");
                return 1;
            }
            await target.SettleAsync();
        }
        return exitCode;
    }

    private static string Describe(RunStep step) => step switch
    {
        RunStep.Open open => "--open " + open.Target,
        RunStep.Close close => "--close " + close.Label,
        RunStep.Eval eval => "--eval " + (eval.Code.Length > 40 ? eval.Code[..40] + "..." : eval.Code),
        RunStep.Advance advance => "--advance " + advance.Milliseconds,
        _ => "step",
    };
}

/// <summary>An extension loaded in this process (the <c>run</c> command).</summary>
internal sealed class LocalTarget(LoadedExtension extension, TimeSpan settleTimeout) : IStepTarget
{
    public Task<string> OpenAsync(string target, bool isPrivate) => extension.OpenAsync(target, isPrivate);
    public Task<ContextActor.Protocol.Evaluated> EvaluateAsync(string label, string code) => extension.EvaluateMarkedAsync(label, code);
    public Task CloseAsync(string label) => extension.CloseAsync(label);
    public Task AdvanceAsync(long milliseconds) => extension.AdvanceAsync(TimeSpan.FromMilliseconds(milliseconds));
    public Task SettleAsync() => extension.TrySettleAsync(settleTimeout);
}
