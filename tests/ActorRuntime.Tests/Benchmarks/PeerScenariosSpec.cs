using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using SupervisorProtocol = ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Tests.Benchmarks;

/// <summary>
/// The ActorRuntime side of the peer benchmarks (tests/ActorRuntime.Benchmarks, <c>peers</c>) does what the peers do: the
/// small extension loads with its popup, and the scenario scripts every peer evaluates answer what the peers must answer.
/// The peers themselves (npm, V8) and every timing stay out of the test suite.
/// </summary>
public sealed class PeerScenariosSpec : RuntimeSpec
{
    private static readonly string Peers = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "ActorRuntime.Benchmarks", "Peers"));

    private async Task<LoadedExtension> LoadSmallExtension()
    {
        var options = Options(Flavor.Mdn);
        var spawned = ExtensionSpawner.Spawn(Sys, ExtensionSpawner.NewState(ExtensionPackage.Load(Path.Combine(Peers, "small-extension")), options));
        await spawned.Supervisor.Ask<SupervisorProtocol.Started>(SupervisorProtocol.Start.Instance, AskTimeout);
        var extension = new LoadedExtension(spawned, options.AskTimeout);
        await extension.OpenAsync("popup");
        return extension;
    }

    private static string Scenario(string name, int n)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Peers, "scenarios.json")));
        return json.RootElement.GetProperty(name).GetString()!.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_small_extension_loads_with_its_popup_and_both_ran_their_scripts()
    {
        var extension = await LoadSmallExtension();
        Assert.Equal("true", await extension.EvaluateAsync("background", "started"));
        Assert.Equal("\"Ready\"", await extension.EvaluateAsync("popup", "ready && document.getElementById('status').textContent"));
        Assert.DoesNotContain(ConsoleLines, l => l.Level == "error");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public async Task The_cross_context_call_scenario_answers_n_times_n_minus_one(int n)
    {
        var extension = await LoadSmallExtension();
        Assert.Equal((n * (n - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), await extension.EvaluateAsync("popup", Scenario("cross", n)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public async Task The_message_round_trip_scenario_answers_n_through_the_background(int n)
    {
        var extension = await LoadSmallExtension();
        Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), await extension.EvaluateAsync("popup", Scenario("message", n)));
        Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), await extension.EvaluateAsync("background", "counters.messages"));
    }
}
