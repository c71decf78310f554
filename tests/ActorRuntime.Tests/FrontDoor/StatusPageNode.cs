using System.Security.Claims;
using System.Text.Encodings.Web;
using ActorRuntime.Cluster;
using ActorRuntime.FrontDoor.Health;
using ActorRuntime.FrontDoor.Status;
using ActorRuntime.Hosting;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// A cluster node with the status page and health endpoints on Kestrel (127.0.0.1, any free port), for the status and
/// health specs. The front door's own server is built elsewhere; this stands in for it the way it is specified: a bearer
/// token (or the cookie a browser gets) under an ASP.NET Core fallback policy, health endpoints anonymous.
/// </summary>
internal sealed class StatusPageNode : IAsyncDisposable
{
    public const string Token = "status-spec-token";

    private readonly WebApplication _app;

    private StatusPageNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ActorSystem System => _app.Services.GetRequiredService<ActorSystem>();

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>This node's runtime: reaches every extension of the cluster, wherever it lives.</summary>
    public IExtensionRuntime Runtime => _app.Services.GetRequiredService<IExtensionRuntime>();

    /// <summary>A node of a cluster whose seed is <paramref name="seed"/> (host:port), or the first node of a new one.</summary>
    public static async Task<StatusPageNode> StartAsync(ExtensionCatalog catalog, string? seed = null, string hocon = "",
        Action<ActorRuntimeHostingOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var options = new ActorRuntimeHostingOptions { AskTimeout = TimeSpan.FromSeconds(30), StorageProvider = "memory" };
        configure?.Invoke(options);
        builder.Services.AddActorRuntimeServices(options).AddExtensionClusterRuntime(catalog);
        builder.Services.AddActorRuntimeStatus().AddActorRuntimeHealthChecks();
        builder.Services.AddAkka(ClusterHostingExtensions.SystemName, (akka, _) =>
        {
            if (hocon.Length > 0) akka.AddHocon(hocon, HoconAddMode.Prepend);
            akka.WithActorRuntime(options);
            akka.WithExtensionCluster(options, catalog, port: 0, seeds: seed is null ? [] : [seed]);
            akka.WithActorRuntimeHealthChecks();
            if (seed is null) akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        });
        builder.Services.AddAuthentication(TokenHandler.Name).AddScheme<AuthenticationSchemeOptions, TokenHandler>(TokenHandler.Name, null);
        builder.Services.AddAuthorization(authorization => authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapActorRuntimeStatus();
        app.MapActorRuntimeHealth();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StatusPageNode(app, new Uri(address));
    }

    /// <summary>Whether this node's shard region holds <paramref name="extensionId"/>'s entity.</summary>
    public async Task<bool> HoldsAsync(string extensionId)
    {
        var region = await _app.Services.GetRequiredService<ActorRegistry>().GetAsync<ExtensionEntity>();
        var state = await region.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(30));
        return state.Shards.Any(shard => shard.EntityIds.Contains(extensionId));
    }

    /// <summary>Waits until every node sees <paramref name="count"/> up members.</summary>
    public static Task WaitForUpAsync(IReadOnlyList<StatusPageNode> nodes, int count) =>
        WaitForAsync(() => Task.FromResult(nodes.Select(node => node.Cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up)).ToList()),
            views => views.All(up => up == count), $"{count} up members");

    /// <summary>host:port of this node's Akka address, for another node's seed.</summary>
    public string SeedAddress => $"{Cluster.SelfAddress.Host}:{Cluster.SelfAddress.Port}";

    public HttpClient Client(bool withToken)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (withToken) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Waits, with a generous bound, until <paramref name="condition"/> holds (never a fixed sleep).</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {seconds} s; last seen: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        var system = System;
        await _app.StopAsync();
        // A node configured to outlive its leaving (terminate-actor-system = off) is ended here.
        await system.Terminate();
        await _app.DisposeAsync();
    }

    /// <summary>The token as a bearer header, or as the cookie a browser keeps after <c>/?token=</c>.</summary>
    private sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "token";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : Request.Cookies["actorruntime-token"];
            if (given is null) return Task.FromResult(AuthenticateResult.NoResult());
            if (given != Token) return Task.FromResult(AuthenticateResult.Fail("wrong token"));
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
