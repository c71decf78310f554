using System.Security.Cryptography;
using System.Text.Json;
using ActorRuntime.Cluster;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorRuntime.FrontDoor.Status;

/// <summary>
/// The status page of the front door: <c>GET /</c> (HTML, its first response listing every node's extensions) and
/// <c>GET /status.json</c> (the same view, which the page fetches for live updates). Both stay under the front door's
/// authorization (its fallback policy: a token).
/// </summary>
public static class StatusEndpoints
{
    /// <summary>The reader of the cluster-wide view (needs the node's <see cref="ActorSystem"/> in the services).</summary>
    public static IServiceCollection AddActorRuntimeStatus(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new ClusterStatusReader(provider.GetRequiredService<ActorSystem>()));
        return services;
    }

    /// <summary>Maps <c>GET /</c> and <c>GET /status.json</c>; the returned builder takes conventions for both (e.g. a policy).</summary>
    public static IEndpointConventionBuilder MapActorRuntimeStatus(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        group.MapGet("/", async (HttpContext http, ClusterStatusReader reader, CancellationToken cancel) =>
        {
            var view = await reader.ReadAsync(cancel);
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            NoStore(http);
            // Defence in depth behind the escaping: only the page's own script runs, and it talks to this origin only.
            http.Response.Headers.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            return Results.Content(StatusPage.Render(view, reader.Settings.PageRefresh, nonce), "text/html; charset=utf-8");
        });
        group.MapGet("/status.json", async (HttpContext http, ClusterStatusReader reader, CancellationToken cancel) =>
        {
            var view = await reader.ReadAsync(cancel);
            NoStore(http);
            return Results.Json(view, Json);
        });
        return group;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
    }
}
