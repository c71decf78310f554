using System.Collections.Immutable;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Management.Cluster.Bootstrap.ContactPoint;

namespace ActorRuntime.Cluster;

/// <summary>
/// The management endpoint cluster bootstrap probes on every node: <c>GET /bootstrap/seed-nodes</c>, answered as
/// Akka.Management's own route answers it (the same JSON, made by its own protocol types). Served here, by
/// <see cref="HttpListener"/>, because Akka.Management's HTTP server (Akka.Http.Shim) is built against Ceen.Httpd 0.9.9
/// and fails on 0.9.10, the only version the package registry serves (a method it calls is missing).
/// </summary>
internal sealed class BootstrapEndpoint : IDisposable
{
    private const string Route = "/bootstrap/seed-nodes";
    // What Akka.Management's route exposes at most (contact-point.max-seed-nodes-to-expose): enough to join through.
    private const int MaxSeedNodes = 5;
    private readonly HttpListener _listener = new();
    private readonly ActorSystem _system;
    private readonly ILoggingAdapter _log;

    private BootstrapEndpoint(ActorSystem system, IEnumerable<string> prefixes)
    {
        _system = system;
        _log = Logging.GetLogger(system, typeof(BootstrapEndpoint));
        foreach (var prefix in prefixes) _listener.Prefixes.Add(prefix);
    }

    /// <summary>
    /// Listens on <paramref name="bindAddress"/>:<paramref name="port"/> (a wildcard address: every interface) for
    /// requests naming this node by its bind address or by <paramref name="hostname"/>; stops with the actor system.
    /// </summary>
    public static BootstrapEndpoint Start(ActorSystem system, string bindAddress, string hostname, int port)
    {
        var wildcard = bindAddress is "0.0.0.0" or "::" or "*" or "+";
        var hosts = wildcard ? new[] { "*" } : new[] { bindAddress, hostname }.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var endpoint = new BootstrapEndpoint(system, hosts.Select(host => $"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}/"));
        endpoint._listener.Start();
        _ = endpoint.ServeAsync();
        system.RegisterOnTermination(endpoint.Dispose);
        return endpoint;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            try
            {
                Answer(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                _log.Debug("bootstrap endpoint: a request failed: {0}", ex.Message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever else one request meets, the endpoint keeps answering the next probes.
                _log.Warning("bootstrap endpoint: a request failed: {0}", ex.Message);
                try
                {
                    context.Response.StatusCode = 500;
                    context.Response.Close();
                }
                catch (Exception closing) when (closing is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // The client is gone.
                }
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        if (context.Request.HttpMethod != "GET" || context.Request.Url?.AbsolutePath != Route)
        {
            response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }
        var body = Encoding.UTF8.GetBytes(SeedNodesJson(Akka.Cluster.Cluster.Get(_system)));
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
    }

    /// <summary>The members a joining node may join through, as Akka.Management's route tells them: none while this node leaves.</summary>
    internal static string SeedNodesJson(Akka.Cluster.Cluster cluster)
    {
        var self = cluster.SelfMember;
        var members = self.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed
            ? ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty
            : cluster.State.Members
                .Where(member => !cluster.State.Unreachable.Contains(member))
                .Where(member => member.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
                .Take(MaxSeedNodes)
                .Select(member => new HttpBootstrapJsonProtocol.ClusterMember(member.Address, member.UniqueAddress.Uid, member.Status, member.Roles))
                .ToImmutableList();
        return Newtonsoft.Json.JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.UniqueAddress.Address, members));
    }

    public void Dispose()
    {
        if (_listener.IsListening) _listener.Stop();
        _listener.Close();
    }
}
