using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRuntime.Tests.Support;

/// <summary>Throwaway certificates for TLS tests (ECDSA P-256: quick to make), written as the files a node is configured with.</summary>
public static class TestCertificates
{
    public const string Password = "test-password";

    /// <summary>A self-signed certificate with its key, valid from <paramref name="notBefore"/> (default: a day ago) for <paramref name="lifetime"/> (default: a day from now).</summary>
    public static X509Certificate2 SelfSigned(string name, DateTimeOffset? notBefore = null, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(name, key, isAuthority: false);
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        return request.CreateSelfSigned(from, from + (lifetime ?? TimeSpan.FromDays(2)));
    }

    /// <summary>A self-signed certificate authority, with its key.</summary>
    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(name, key, isAuthority: true);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A node certificate issued by <paramref name="authority"/>, with its key.</summary>
    public static X509Certificate2 IssuedBy(X509Certificate2 authority, string name, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(name, key, isAuthority: false);
        var from = DateTimeOffset.UtcNow.AddDays(-2);
        using var issued = request.Create(authority, from, notAfter ?? DateTimeOffset.UtcNow.AddDays(2), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the certificate and its key as a password-protected PKCS#12 file; returns its path.</summary>
    public static string WritePfx(X509Certificate2 certificate, string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>Writes the certificate alone (no key) as PEM; returns its path.</summary>
    public static string WritePem(X509Certificate2 certificate, string folder, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>HOCON turning TLS on with this certificate file (and trusted roots file, if any).</summary>
    public static string TlsConfig(string pfxPath, string? trustedRootsPath = null) =>
        $"actorruntime.cluster.tls {{ enabled = on, certificate-path = \"{pfxPath}\", certificate-password = \"{Password}\"" +
        (trustedRootsPath is null ? "" : $", trusted-roots-path = \"{trustedRootsPath}\"") + " }\n";

    private static CertificateRequest Request(string name, ECDsa key, bool isAuthority)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isAuthority, false, 0, isAuthority));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature, critical: true));
        if (!isAuthority)
        {
            // Nodes are servers and clients of each other.
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
