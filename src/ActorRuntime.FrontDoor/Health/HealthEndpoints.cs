using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorRuntime.FrontDoor.Health;

/// <summary><c>/healthz</c> (liveness) and <c>/ready</c> (readiness) of the front door, answered without a token.</summary>
public static class HealthEndpoints
{
    /// <summary>The health check service the endpoints answer from (the checks themselves: <c>WithActorRuntimeHealthChecks</c> on the Akka builder).</summary>
    public static IServiceCollection AddActorRuntimeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    /// <summary>
    /// Maps <c>GET /healthz</c> (the actor system is alive) and <c>GET /ready</c> (alive, joined and a member now, journal
    /// reachable, extensions installed): 200 when healthy, 503 otherwise, with each check's status as JSON. Both allow
    /// anonymous requests, whatever the front door's fallback policy says.
    /// </summary>
    public static IEndpointRouteBuilder MapActorRuntimeHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", Options(registration => registration.Tags.Contains(ActorRuntimeHealthChecks.LivenessTag))).AllowAnonymous();
        endpoints.MapHealthChecks("/ready", Options(registration => registration.Tags.Contains(ActorRuntimeHealthChecks.LivenessTag)
            || registration.Tags.Contains(ActorRuntimeHealthChecks.ReadinessTag))).AllowAnonymous();
        return endpoints;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
        // Degraded is not ready either: a load balancer should not send work to a node in doubt.
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The overall status and each check's, with the descriptions the checks wrote (never an exception's text).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .Select(entry => new { name = entry.Key, status = entry.Value.Status.ToString(), description = entry.Value.Exception is null ? entry.Value.Description : "the check failed" }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
