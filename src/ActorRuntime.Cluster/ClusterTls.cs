using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace ActorRuntime.Cluster;

/// <summary>
/// Mutual TLS between the nodes of a cluster: the certificate this node presents (both when it accepts a connection
/// and when it opens one), and the roots a peer's certificate must chain to. Trust is this cluster's roots only, never
/// the machine's store: otherwise any holder of any publicly trusted certificate could join.
/// </summary>
public sealed class ClusterTls
{
    private const string Keys = "actorruntime.cluster.tls";

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection trustedRoots)
    {
        Certificate = certificate;
        TrustedRoots = trustedRoots;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificates a peer's certificate must chain to (this node's own certificate when none are configured).</summary>
    public X509Certificate2Collection TrustedRoots { get; }

    /// <summary>
    /// Reads the certificate (a PKCS#12 file with its private key) and the trusted roots (PEM or DER; empty: the
    /// certificate itself, which all nodes then share). Anything wrong is one <see cref="ConfigurationException"/> line.
    /// </summary>
    public static ClusterTls Load(string certificatePath, string password, string trustedRootsPath, DateTimeOffset now)
    {
        if (certificatePath.Length == 0)
            throw new ConfigurationException($"{Keys}.certificate-path: expected the PKCS#12 (.pfx) file of this node's certificate and private key (TLS is enabled)");
        var certificate = LoadCertificate(certificatePath, password);
        if (!certificate.HasPrivateKey)
            throw new ConfigurationException($"{Keys}.certificate-path {certificatePath}: the file holds no private key (expected the node's certificate with its key)");
        if (now < certificate.NotBefore || now > certificate.NotAfter)
            throw new ConfigurationException($"{Keys}.certificate-path {certificatePath}: the certificate is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now");
        var roots = trustedRootsPath.Length == 0 ? new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(certificate.RawData)) : LoadRoots(trustedRootsPath);
        return new ClusterTls(certificate, roots);
    }

    private static X509Certificate2 LoadCertificate(string path, string password)
    {
        if (!File.Exists(path)) throw new ConfigurationException($"{Keys}.certificate-path {path}: no such file");
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            throw new ConfigurationException($"{Keys}.certificate-path {path}: cannot read it as a PKCS#12 (.pfx) file with the password in {Keys}.certificate-password");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{Keys}.certificate-path {path}: cannot read the file ({ex.GetType().Name})");
        }
    }

    private static X509Certificate2Collection LoadRoots(string path)
    {
        if (!File.Exists(path)) throw new ConfigurationException($"{Keys}.trusted-roots-path {path}: no such file");
        var roots = new X509Certificate2Collection();
        try
        {
            // PEM (any number of certificates) or, failing that, one DER certificate.
            roots.ImportFromPemFile(path);
            if (roots.Count == 0) roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (CryptographicException)
        {
            throw new ConfigurationException($"{Keys}.trusted-roots-path {path}: expected PEM or DER certificates");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{Keys}.trusted-roots-path {path}: cannot read the file ({ex.GetType().Name})");
        }
        return roots;
    }

    /// <summary>Why a peer's certificate is refused, or null when it chains to a trusted root and is valid now.</summary>
    public string? Refusal(X509Certificate2? peer, X509Chain? presented)
    {
        if (peer is null) return "it presented no certificate";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots);
        // A private cluster CA rarely publishes revocation lists; trust is withdrawn by replacing the roots.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Never fetch issuers from addresses a peer's certificate names: everything needed is local or was sent.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        // Intermediates the peer sent along.
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(peer)) return null;
        var statuses = chain.ChainStatus.Select(s => s.Status).Distinct().Select(s => s.ToString());
        return $"its certificate \"{peer.Subject}\" (SHA-1 {peer.Thumbprint}) does not chain to a trusted root of {Keys} ({string.Join(", ", statuses)})";
    }

    /// <summary>The check Akka.Remote runs on the peer's certificate at every TLS handshake, in both directions.</summary>
    internal CertificateValidationCallback Validator => (certificate, chain, peer, _, log) =>
    {
        var refusal = Refusal(certificate, chain);
        if (refusal is null) return true;
        log.Warning("TLS: refused the connection with {0}: {1}", peer, refusal);
        return false;
    };
}
