using ActorRuntime.Cluster;
using ActorRuntime.FrontDoor.Api;
using ActorRuntime.Kernel;

namespace ActorRuntime.Host;

/// <summary>
/// A front door request performed as <c>remote</c> performs its steps: through this node's clustered runtime (a view of
/// it of the request's own, so concurrent requests keep their lines apart), with run's grammar and step runner, the
/// files and host scripts the client sent in place of its own disk.
/// </summary>
internal sealed class FrontDoorRuns(IExtensionRuntime runtime, RuntimeOptions options) : IFrontDoorRuns
{
    /// <summary>Steps that name something on the client's machine: the client sends their contents instead.</summary>
    private static readonly Dictionary<string, string> NotOverHttp = new(StringComparer.Ordinal)
    {
        ["--script"] = "the client reads --script files and sends their steps",
        ["--host"] = "the client sends host scripts' code in hostScripts",
    };

    public async Task<int> RunAsync(string extensionId, RunRequest request, IRunOutput output, CancellationToken cancellationToken)
    {
        var error = new RunErrorWriter(output);
        RunPlan plan;
        try
        {
            plan = Plan(request);
        }
        catch (Exception ex) when (ex is CommandLineException or ExtensionRequestException or FormatException or OverflowException)
        {
            error.WriteLine($"error: {(ex is FormatException or OverflowException ? "--advance: expected a number of milliseconds" : ex.Message)}");
            return 2;
        }
        var clustered = runtime as ClusteredExtensionRuntime
            ?? throw new InvalidOperationException("the front door drives a cluster node's runtime");
        return await ClusterRun.RunAsync(clustered, extensionId, plan, request.HostScripts, new OrderedConsole(output.Line), error,
            options.SettleTimeout, new SentStepFiles(request.Files), cancellationToken);
    }

    /// <summary>The request's steps read as run reads its command line; only step options are taken.</summary>
    private static RunPlan Plan(RunRequest request)
    {
        var words = new List<RunStep.Word>();
        foreach (var step in request.Steps)
        {
            var option = step[0];
            if (NotOverHttp.TryGetValue(option, out var instead)) throw new ExtensionRequestException($"{option}: {instead}");
            if (!StepSyntax.Names.Contains(option))
                throw new ExtensionRequestException($"{OneLineText.Escape(option, 40)} is not a step of run (steps: {string.Join(", ", StepSyntax.Names.Where(o => !NotOverHttp.ContainsKey(o)).Order())})");
            words.Add(new RunStep.Word(true, option));
            words.AddRange(step.Skip(1).Select(value => new RunStep.Word(false, value)));
        }
        return RunStep.FromWords(words, scriptDepth: 1, RunCommand.PatternProblem);
    }

    /// <summary>The step runner's error lines, one <c>{"err"}</c> each.</summary>
    private sealed class RunErrorWriter(IRunOutput output) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => output.Error(value ?? "");

        public override void Write(char value) => throw new NotSupportedException("error lines are written whole");
    }
}
