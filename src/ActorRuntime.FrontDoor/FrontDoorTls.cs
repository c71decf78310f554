using System.Security.Cryptography.X509Certificates;
using ActorRuntime.Cluster;
using Akka.Configuration;

namespace ActorRuntime.FrontDoor;

/// <summary>
/// The front door's HTTPS: its certificate and, when configured, the roots a client's certificate must chain to. Read
/// and checked as the cluster's TLS is (<see cref="ClusterTls"/>), under <c>actorruntime.front-door.tls</c>.
/// </summary>
internal sealed class FrontDoorTls
{
    private readonly ClusterTls? _clients;

    private FrontDoorTls(X509Certificate2 certificate, ClusterTls? clients)
    {
        Certificate = certificate;
        _clients = clients;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Whether clients may (and, to be let in without the token, must) present a certificate.</summary>
    public bool AcceptsClientCertificates => _clients is not null;

    public static FrontDoorTls Load(FrontDoorSettings settings, DateTimeOffset now)
    {
        try
        {
            var server = ClusterTls.Load(settings.CertificatePath, settings.CertificatePassword, "", now);
            var clients = settings.ClientTrustedRootsPath.Length == 0
                ? null
                : ClusterTls.Load(settings.CertificatePath, settings.CertificatePassword, settings.ClientTrustedRootsPath, now);
            return new FrontDoorTls(server.Certificate, clients);
        }
        catch (ConfigurationException ex)
        {
            // The same checks, named by this section's keys.
            throw new ConfigurationException(ex.Message
                .Replace("actorruntime.cluster.tls.trusted-roots-path", "actorruntime.front-door.tls.client-trusted-roots-path", StringComparison.Ordinal)
                .Replace("actorruntime.cluster.tls", "actorruntime.front-door.tls", StringComparison.Ordinal)
                .Replace("this node's certificate", "the front door's certificate", StringComparison.Ordinal));
        }
    }

    /// <summary>Whether a client's certificate chains to the configured roots (none accepted when there are none).</summary>
    public bool Accepts(X509Certificate2? certificate, X509Chain? chain) => _clients is not null && certificate is not null && _clients.Refusal(certificate, chain) is null;
}
