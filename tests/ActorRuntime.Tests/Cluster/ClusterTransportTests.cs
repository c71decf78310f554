using System.Security.Cryptography.X509Certificates;
using ActorRuntime.Cluster;
using ActorRuntime.Tests.Support;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorRuntime.Tests.Cluster;

/// <summary>
/// <c>actorruntime.cluster</c>: where a node listens, the name it is reached by, and TLS (its certificate and which
/// peers it trusts); what is refused is one line naming the key.
/// </summary>
public sealed class ClusterTransportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorruntime-tls-").FullName;

    private static ClusterTransport Read(string hocon, string? bind = null, string? hostname = null) =>
        ClusterTransport.FromConfig(ConfigurationFactory.ParseString(hocon), bind, hostname);

    private static string Refusal(string hocon, string? bind = null, string? hostname = null) =>
        Assert.Throws<ConfigurationException>(() => Read(hocon, bind, hostname)).Message;

    [Fact]
    public void By_default_a_node_listens_on_loopback_without_TLS()
    {
        var transport = Read("");
        Assert.Equal(("127.0.0.1", "127.0.0.1"), (transport.BindAddress, transport.Hostname));
        Assert.Null(transport.Tls);
        Assert.Equal("akka.tcp://actorruntime@10.0.0.1:2551", transport.SeedAddress("10.0.0.1:2551"));
    }

    [Fact]
    public void The_options_win_over_the_keys_and_the_hostname_defaults_to_the_bind_address()
    {
        var transport = Read("actorruntime.cluster { bind-address = \"::1\", hostname = \"from-config\" }", hostname: "node-1.local");
        Assert.Equal(("::1", "node-1.local"), (transport.BindAddress, transport.Hostname));
        transport = Read("actorruntime.cluster.bind-address = localhost", bind: "127.0.0.2");
        Assert.Equal(("127.0.0.2", "127.0.0.2"), (transport.BindAddress, transport.Hostname));
    }

    [Theory]
    [InlineData("", "0.0.0.0", "node-1", "--bind 0.0.0.0: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)")]
    [InlineData("actorruntime.cluster.bind-address = \"10.1.2.3\"", null, null, "actorruntime.cluster.bind-address 10.1.2.3: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)")]
    [InlineData("", "node-1.example", null, "--bind node-1.example: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)")]
    [InlineData("", "::", null, "--bind ::: a node listening beyond loopback needs TLS between nodes (actorruntime.cluster.tls.enabled = on, with a certificate: see HOCON.md)")]
    [InlineData("", " ", null, "--bind: expected the IP address or host name this node listens on, e.g. 127.0.0.1 or 0.0.0.0")]
    [InlineData("actorruntime.cluster.tls.require = on", null, null, "actorruntime.cluster.tls.require is on: TLS between nodes is required, but actorruntime.cluster.tls.enabled is off")]
    [InlineData("actorruntime.cluster.tls.enabled = on", null, null, "actorruntime.cluster.tls.certificate-path: expected the PKCS#12 (.pfx) file of this node's certificate and private key (TLS is enabled)")]
    [InlineData("actorruntime.cluster.tls { enabled = on, certificate-path = \"/no/such.pfx\" }", null, null, "actorruntime.cluster.tls.certificate-path /no/such.pfx: no such file")]
    [InlineData("akka.remote.dot-netty.tcp.hostname = \"0.0.0.0\"", null, null, "akka.remote.dot-netty.tcp.hostname: set actorruntime.cluster.bind-address (or --bind) instead; this node's transport is configured by actorruntime.cluster (HOCON.md)")]
    [InlineData("akka.remote.dot-netty.tcp.public-hostname = x", null, null, "akka.remote.dot-netty.tcp.public-hostname: set actorruntime.cluster.hostname (or --hostname) instead; this node's transport is configured by actorruntime.cluster (HOCON.md)")]
    [InlineData("akka.remote.dot-netty.tcp.enable-ssl = on", null, null, "akka.remote.dot-netty.tcp.enable-ssl: set actorruntime.cluster.tls.enabled instead; this node's transport is configured by actorruntime.cluster (HOCON.md)")]
    [InlineData("akka.remote.dot-netty.tcp.ssl.suppress-validation = on", null, null, "akka.remote.dot-netty.tcp.ssl: set actorruntime.cluster.tls instead; this node's transport is configured by actorruntime.cluster (HOCON.md)")]
    public void Refusals_are_one_line_naming_the_key(string hocon, string? bind, string? hostname, string expected) =>
        Assert.Equal(expected, Refusal(hocon, bind, hostname));

    [Fact]
    public void Akka_transport_keys_from_appsettings_or_the_environment_are_refused_too()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["akka:remote:dot-netty:tcp:hostname"] = "0.0.0.0" }).Build();
        var refusal = Assert.Throws<ConfigurationException>(() => ClusterTransport.RefuseAkkaTransportKeys(configuration.GetSection("akka")));
        Assert.StartsWith("akka.remote.dot-netty.tcp.hostname: set actorruntime.cluster.bind-address", refusal.Message);
        ClusterTransport.RefuseAkkaTransportKeys(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["akka:loglevel"] = "DEBUG" }).Build().GetSection("akka"));
    }

    [Fact]
    public void With_TLS_a_node_may_listen_on_every_address_and_its_address_says_ssl()
    {
        var pfx = TestCertificates.WritePfx(TestCertificates.SelfSigned("cluster"), _folder, "node.pfx");
        var transport = Read(TestCertificates.TlsConfig(pfx), bind: "0.0.0.0", hostname: "node-1.example");
        Assert.Equal(("0.0.0.0", "node-1.example"), (transport.BindAddress, transport.Hostname));
        Assert.NotNull(transport.Tls);
        Assert.True(transport.Tls.Certificate.HasPrivateKey);
        Assert.Equal("akka.ssl.tcp://actorruntime@node-2.example:2551", transport.SeedAddress("node-2.example:2551"));

        // Every address is no name to be reached by.
        Assert.Equal("--bind 0.0.0.0: a node listening on every address needs --hostname (actorruntime.cluster.hostname), the name other nodes reach it by",
            Refusal(TestCertificates.TlsConfig(pfx), bind: "0.0.0.0"));
        Assert.Equal("actorruntime.cluster.bind-address ::: a node listening on every address needs --hostname (actorruntime.cluster.hostname), the name other nodes reach it by",
            Refusal(TestCertificates.TlsConfig(pfx) + "actorruntime.cluster.bind-address = \"::\""));
    }

    [Fact]
    public void A_certificate_that_cannot_be_used_is_refused_with_one_line()
    {
        var certificate = TestCertificates.SelfSigned("cluster");
        var pfx = TestCertificates.WritePfx(certificate, _folder, "node.pfx");
        Assert.Equal($"actorruntime.cluster.tls.certificate-path {pfx}: cannot read it as a PKCS#12 (.pfx) file with the password in actorruntime.cluster.tls.certificate-password",
            Refusal($"actorruntime.cluster.tls {{ enabled = on, certificate-path = \"{pfx}\", certificate-password = wrong }}"));

        var publicOnly = Path.Combine(_folder, "public-only.pfx");
        using (var withoutKey = X509CertificateLoader.LoadCertificate(certificate.RawData))
            File.WriteAllBytes(publicOnly, withoutKey.Export(X509ContentType.Pfx, TestCertificates.Password));
        Assert.Equal($"actorruntime.cluster.tls.certificate-path {publicOnly}: the file holds no private key (expected the node's certificate with its key)",
            Refusal(TestCertificates.TlsConfig(publicOnly)));

        var expired = TestCertificates.SelfSigned("old", DateTimeOffset.UtcNow.AddDays(-3), TimeSpan.FromDays(1));
        var expiredPfx = TestCertificates.WritePfx(expired, _folder, "expired.pfx");
        Assert.Equal($"actorruntime.cluster.tls.certificate-path {expiredPfx}: the certificate is valid from {expired.NotBefore.ToUniversalTime():u} to {expired.NotAfter.ToUniversalTime():u}, not now",
            Refusal(TestCertificates.TlsConfig(expiredPfx)));

        var notCertificates = Path.Combine(_folder, "roots.pem");
        File.WriteAllText(notCertificates, "not a certificate");
        Assert.Equal($"actorruntime.cluster.tls.trusted-roots-path {notCertificates}: expected PEM or DER certificates",
            Refusal(TestCertificates.TlsConfig(pfx, notCertificates)));
        Assert.Equal("actorruntime.cluster.tls.trusted-roots-path /no/roots.pem: no such file", Refusal(TestCertificates.TlsConfig(pfx, "/no/roots.pem")));
    }

    [Fact]
    public void Without_trusted_roots_a_peer_must_present_this_nodes_own_certificate()
    {
        var shared = TestCertificates.SelfSigned("cluster");
        var tls = Read(TestCertificates.TlsConfig(TestCertificates.WritePfx(shared, _folder, "node.pfx"))).Tls!;

        Assert.Null(tls.Refusal(X509CertificateLoader.LoadCertificate(shared.RawData), null));
        var stranger = TestCertificates.SelfSigned("cluster");
        Assert.Equal($"its certificate \"CN=cluster\" (SHA-1 {stranger.Thumbprint}) does not chain to a trusted root of actorruntime.cluster.tls (UntrustedRoot)",
            tls.Refusal(stranger, null));
        Assert.Equal("it presented no certificate", tls.Refusal(null, null));
    }

    [Fact]
    public void With_trusted_roots_a_peer_certificate_must_be_issued_by_one_of_them_and_valid_now()
    {
        var authority = TestCertificates.Authority("cluster CA");
        var roots = TestCertificates.WritePem(authority, _folder, "roots.pem");
        var node = TestCertificates.IssuedBy(authority, "node-1");
        var tls = Read(TestCertificates.TlsConfig(TestCertificates.WritePfx(node, _folder, "node.pfx"), roots)).Tls!;

        Assert.Null(tls.Refusal(TestCertificates.IssuedBy(authority, "node-2"), null));
        // Issued by another authority of the same name: refused.
        Assert.NotNull(tls.Refusal(TestCertificates.IssuedBy(TestCertificates.Authority("cluster CA"), "node-2"), null));
        // Self-signed, even with the node's name: refused.
        Assert.NotNull(tls.Refusal(TestCertificates.SelfSigned("node-1"), null));
        var expired = TestCertificates.IssuedBy(authority, "node-3", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal($"its certificate \"CN=node-3\" (SHA-1 {expired.Thumbprint}) does not chain to a trusted root of actorruntime.cluster.tls (NotTimeValid)",
            tls.Refusal(expired, null));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
