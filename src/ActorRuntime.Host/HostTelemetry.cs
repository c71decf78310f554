using ActorRuntime.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorRuntime.Host;

/// <summary>
/// <c>serve</c>'s OpenTelemetry: the runtime's spans and metrics (<see cref="RuntimeTelemetry.Name"/>), the front door's
/// ASP.NET Core requests (the root spans) and its logs, exported over OTLP as the standard <c>OTEL_*</c> variables say.
/// Only when an OTLP endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or one per signal): otherwise nothing
/// listens, and the runtime measures nothing.
/// </summary>
internal static class HostTelemetry
{
    private static readonly string[] EndpointKeys =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>Whether <paramref name="configuration"/> (environment variables included) names an OTLP endpoint.</summary>
    public static bool ExportConfigured(IConfiguration configuration) => EndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    public static IServiceCollection AddServeTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!ExportConfigured(configuration)) return services;
        services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service when set; "actorruntime" otherwise.
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])) resource.AddService("actorruntime");
            })
            .WithTracing(tracing => tracing.AddSource(RuntimeTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(RuntimeTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithLogging()
            // Endpoint, protocol, headers, timeouts: OTEL_EXPORTER_OTLP_* (and the per-signal variables).
            .UseOtlpExporter();
        return services;
    }
}
