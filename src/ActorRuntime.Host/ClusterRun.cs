using ActorRuntime.Cluster;

namespace ActorRuntime.Host;

/// <summary>
/// <c>run</c>'s steps against an extension of a cluster, as both <c>remote --seed</c> (from a client member) and the
/// front door (on a node, for <c>remote --url</c>) perform them: the lines and, with <c>--calls</c>, the calls printed in
/// the order the extension made them, the extension activated first, the host scripts, the steps, one exit code.
/// </summary>
internal static class ClusterRun
{
    public static async Task<int> RunAsync(ClusteredExtensionRuntime cluster, string extensionId, RunPlan plan, IReadOnlyList<HostScriptSource> hostScripts,
        OrderedConsole console, TextWriter error, TimeSpan settleTimeout, StepFiles? files, CancellationToken cancellation)
    {
        var strict = new StrictWatch();
        var runtime = cluster.Scoped(entry =>
        {
            strict.See(entry);
            console.Line(entry.Sequence, entry.ToString());
        }, plan.Calls ? call =>
        {
            if (!call.IsAsync || !call.IsSettled) console.Line(call.Sequence, call.ToString());
        } : null);
        try
        {
            // As run fires install/startup: activate the extension (its lines print if it starts now).
            await runtime.SettleAsync(extensionId, settleTimeout, cancellation);
            foreach (var script in hostScripts) await runtime.RunHostScriptAsync(extensionId, script.Code, script.FileName, cancellation);
            var code = await StepRunner.RunAsync(runtime, extensionId, plan.Steps, console, error, settleTimeout, files, cancellation);
            return strict.ExitCode(plan.Strict, code);
        }
        catch (ExtensionRequestException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (ActorRuntimeException ex)
        {
            // Reaching the extension failed before any step (it was stopped, or did not answer).
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
