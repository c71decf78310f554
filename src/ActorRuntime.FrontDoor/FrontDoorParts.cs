using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRuntime.FrontDoor;

/// <summary>
/// What other parts of the node add to the front door, registered on the node's services
/// (<see cref="FrontDoorHosting.AddFrontDoorServices"/>, <see cref="FrontDoorHosting.MapFrontDoorEndpoints"/>): services for
/// the front door's container (given the node's services to bridge from), and endpoints. Endpoints require an
/// authenticated client unless they say <c>.AllowAnonymous()</c>.
/// </summary>
internal sealed class FrontDoorParts
{
    public List<Action<IServiceCollection, IServiceProvider>> Services { get; } = new();

    public List<Action<IEndpointRouteBuilder>> Endpoints { get; } = new();
}

internal static class FrontDoorHosting
{
    /// <summary>
    /// Starts the front door with the node (after the services registered before this call, so register it after the
    /// actor system) and calls <paramref name="listening"/> with its URL once it listens. Nothing when it is disabled.
    /// </summary>
    public static IServiceCollection AddFrontDoor(this IServiceCollection services, FrontDoorSettings settings, FrontDoorTls? tls, Action<Uri> listening)
    {
        services.AddOptions<FrontDoorParts>();
        if (!settings.Enabled) return services;
        // The front door logs through the node's logger factory: ASP.NET Core's per-request lines stay out of the node's log.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        services.AddHostedService(provider => new FrontDoorService(settings, tls, provider, provider.GetRequiredService<IOptions<FrontDoorParts>>().Value, listening));
        return services;
    }

    /// <summary>Adds services to the front door's own container; <c>IServiceProvider</c> is the node's, to bridge singletons from.</summary>
    public static IServiceCollection AddFrontDoorServices(this IServiceCollection services, Action<IServiceCollection, IServiceProvider> add) =>
        services.Configure<FrontDoorParts>(parts => parts.Services.Add(add));

    /// <summary>Maps endpoints on the front door (authenticated by default; <c>.AllowAnonymous()</c> opts out).</summary>
    public static IServiceCollection MapFrontDoorEndpoints(this IServiceCollection services, Action<IEndpointRouteBuilder> map) =>
        services.Configure<FrontDoorParts>(parts => parts.Endpoints.Add(map));

    private sealed class FrontDoorService(FrontDoorSettings settings, FrontDoorTls? tls, IServiceProvider node, FrontDoorParts parts, Action<Uri> listening)
        : IHostedService, IAsyncDisposable
    {
        private FrontDoorServer? _server;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _server = FrontDoorServer.Create(settings, tls, node, parts);
            await _server.StartAsync(cancellationToken);
            listening(_server.Url!);
        }

        public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

        public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
