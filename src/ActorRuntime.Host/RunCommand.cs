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
        var flavor = new Option<string>("--flavor") { Description = "Browser behaviour: mdn (default), firefox or chrome", HelpName = "mdn|firefox|chrome" };
        flavor.Validators.Add(result =>
        {
            if (result.Tokens is [var given] && !FlavorNames.TryParse(given.Value, out _))
                result.AddError($"--flavor {given.Value}: expected mdn, firefox or chrome");
        });
        var command = new Command("run", "Load an extension, fire install/startup, then perform the steps in command-line order")
        {
            directory,
            flavor,
        };
        foreach (var option in StepSyntax.Options()) command.Options.Add(option);
        command.SetAction(async (result, _) =>
        {
            var plan = RunStep.FromTokens(result, PatternProblem);
            var chosen = Flavor.Mdn;
            if (result.GetValue(flavor) is { } text) FlavorNames.TryParse(text, out chosen);
            return await ExecuteAsync(result.GetValue(directory)!, chosen, plan, output, error);
        });
        return command;
    }

    /// <summary>The runtime's rules for <c>--respond</c>'s URL patterns, checked while the steps are read.</summary>
    internal static string? PatternProblem(string pattern) => Manifest.MatchPattern.Problem(pattern);

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
