using ActorRuntime.FrontDoor.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorRuntime.FrontDoor;

/// <summary>
/// serve's HTTP front door: a Kestrel server of its own (its own small service container; the node's
/// <see cref="IExtensionRuntime"/>, step runner and logging bridged in), authenticated as <see cref="FrontDoorAuthentication"/>
/// says, serving the run API (<see cref="RunApi"/>) and whatever <see cref="FrontDoorParts"/> add (status page, health).
/// </summary>
internal sealed class FrontDoorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FrontDoorServer(WebApplication app) => _app = app;

    /// <summary>The address clients use, once started: <c>http://127.0.0.1:&lt;port&gt;</c> (or https).</summary>
    public Uri? Url { get; private set; }

    /// <param name="node">The node's services: its <see cref="IExtensionRuntime"/>, <see cref="IFrontDoorRuns"/> and logging.</param>
    /// <param name="tls">HTTPS (and client certificates), when enabled.</param>
    public static FrontDoorServer Create(FrontDoorSettings settings, FrontDoorTls? tls, IServiceProvider node, FrontDoorParts parts)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(FrontDoorServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore();
        if (tls is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBytes;
            kestrel.Listen(settings.ListenAddress(), settings.Port, listen =>
            {
                if (tls is null) return;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = tls.Certificate;
                    if (!tls.AcceptsClientCertificates) return;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (certificate, chain, _) => tls.Accepts(certificate, chain);
                });
            });
        });
        var services = builder.Services;
        // The node's own logger factory: its providers, filters and scopes (a provider shared by a second factory would take
        // that factory's scopes, and the node's lines would lose theirs). The node's logging leaves out ASP.NET Core's
        // per-request chatter (FrontDoorHosting.AddFrontDoor).
        if (node.GetService<ILoggerFactory>() is { } nodeLogging) services.AddSingleton(nodeLogging);
        // The node handles SIGINT/SIGTERM and stops the front door with it.
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NodeLifetime>();
        services.AddSingleton(settings);
        services.AddSingleton(new FrontDoorCredentials(settings, tls?.AcceptsClientCertificates == true));
        services.AddSingleton<RunGate>();
        if (node.GetService<IExtensionRuntime>() is { } runtime) services.AddSingleton(runtime);
        if (node.GetService<IFrontDoorRuns>() is { } runs) services.AddSingleton(runs);
        services.AddRouting();
        // The authentication core only: the full one brings Data Protection, which would write keys to the user's profile.
        services.AddWebEncoders();
        services.AddAuthenticationCore(options =>
        {
            options.DefaultScheme = FrontDoorAuthentication.SchemeName;
            options.AddScheme<FrontDoorAuthentication>(FrontDoorAuthentication.SchemeName, null);
        });
        // Every endpoint requires an authenticated client unless it says AllowAnonymous (health endpoints do).
        services.AddAuthorization(options => options.FallbackPolicy = new AuthorizationPolicyBuilder(FrontDoorAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        foreach (var add in parts.Services) add(services, node);

        var app = builder.Build();
        var credentials = app.Services.GetRequiredService<FrontDoorCredentials>();
        // An open front door (loopback, no token) answers loopback names only: a web page that rebinds its own host name
        // to 127.0.0.1 must not reach it through the visitor's browser.
        if (credentials.Open) app.Use((context, next) => IsLoopbackName(context.Request.Host.Host) ? next(context) : RefuseHostAsync(context));
        app.Use((context, next) => credentials.TokenQuery(context, () => next(context)));
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        RunApi.Map(app);
        foreach (var map in parts.Endpoints) map(app);
        return new FrontDoorServer(app);
    }

    private static bool IsLoopbackName(string host) =>
        host is "localhost" or "[::1]" or "::1" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    private static Task RefuseHostAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        return FrontDoorJson.WriteErrorAsync(context.Response, "an open front door (no token configured) answers requests for 127.0.0.1 or localhost only");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Url = new Uri(addresses.First());
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>The front door's host lifetime: the node's (no signal handlers or console lines of its own).</summary>
internal sealed class NodeLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
