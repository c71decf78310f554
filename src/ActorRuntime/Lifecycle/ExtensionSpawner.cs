using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Manifest;
using ActorRuntime.Telemetry;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>An extension come to life: the state its contexts share, and its supervisor.</summary>
internal sealed record SpawnedExtension(ExtensionKernel State, IActorRef Supervisor);

/// <summary>
/// The one place an extension comes to life, as a child of whoever hosts it: the router (a runtime in one process), the
/// runtime's actor system (<see cref="ExtensionRuntime.LoadAsync"/>) or a cluster entity. Starting it (install and
/// startup events) is the host's next step: <see cref="ExtensionSupervisor.Protocol.Start"/>.
/// </summary>
internal static class ExtensionSpawner
{
    public static SpawnedExtension Spawn(IActorRefFactory parent, ExtensionPackage package, RuntimeOptions options, Flavor? flavor, string name) =>
        Spawn(parent, NewState(package, options, flavor), name);

    /// <summary>Brings to life an extension whose state is made already (one sharing another's parsed scripts: tests, benchmarks).</summary>
    public static SpawnedExtension Spawn(IActorRefFactory parent, ExtensionKernel state, string? name = null)
    {
        if (RuntimeTelemetry.Activations.Enabled)
            RuntimeTelemetry.Activations.Add(1, new KeyValuePair<string, object?>(RuntimeTelemetry.ExtensionIdAttribute, state.Package.Id),
                new KeyValuePair<string, object?>(RuntimeTelemetry.FlavorAttribute, state.Flavor.ToString().ToLowerInvariant()));
        return new(state, name is null ? parent.ActorOf(ExtensionSupervisor.Props(state)) : parent.ActorOf(ExtensionSupervisor.Props(state), name));
    }

    /// <summary>The state an extension's contexts share; its flavour is the given one, else the options'.</summary>
    public static ExtensionKernel NewState(ExtensionPackage package, RuntimeOptions options, Flavor? flavor = null)
    {
        ApiHost.IsApiFunction ??= name => Apis.Schema.ApiSchema.Instance.FindFunction(name) is not null;
        var state = new ExtensionKernel(package, flavor ?? options.Flavor, options);
        // Cookie changes reach the extension (cookies.onChanged) for as long as it is loaded.
        Apis.CookieViews.Observe(state);
        // Static rulesets are read at load, as browsers read them at install (for an extension that may use them): what is
        // wrong in them is reported now.
        var permissions = state.Manifest.Permissions;
        if (state.Manifest.Keys.Contains("declarative_net_request")
            && (permissions.Contains("declarativeNetRequest") || permissions.Contains("declarativeNetRequestWithHostAccess")))
            _ = state.NetRules;
        return state;
    }

    /// <summary>An actor name for the extension <paramref name="id"/> (ids may hold any character).</summary>
    public static string ActorName(string id) => "ext-" + Uri.EscapeDataString(id).Replace("%", "_");
}
