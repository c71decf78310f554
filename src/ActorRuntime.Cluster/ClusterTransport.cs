using ActorRuntime.Kernel;
using System.Net;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActorRuntime.Cluster;

/// <summary>
/// How a node of a cluster (a <c>serve</c> node or a <c>remote</c> client) is reached: the address it listens on, the
/// name other nodes reach it by, and TLS, all read from <c>actorruntime.cluster</c> and rendered into Akka.Remote's
/// <c>akka.remote.dot-netty.tcp</c> settings. Only loopback may be served without TLS.
/// </summary>
public sealed record ClusterTransport(string BindAddress, string Hostname, ClusterTls? Tls)
{
    private const string Keys = "actorruntime.cluster";

    /// <summary>Plain TCP on loopback: what a node uses when nothing is configured.</summary>
    public static ClusterTransport Loopback { get; } = new("127.0.0.1", "127.0.0.1", null);

    /// <summary>Akka's address scheme of this transport (TLS changes it, so seeds must be named with it).</summary>
    public string Protocol => Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    /// <summary>
    /// The largest message between nodes (<c>actorruntime.cluster.maximum-frame-size</c>): a step's answer carries its
    /// console lines, a node's status report its recent lines; Akka's own default (128 kB) would drop larger ones.
    /// </summary>
    public long MaximumFrameSize { get; init; } = ShippedFrameSize;

    private static readonly long ShippedFrameSize = FrameSize(RuntimeOptions.DefaultConfig.GetConfig(Keys));

    private static long FrameSize(Config section) =>
        section.GetByteSize("maximum-frame-size") is { } size and >= 32_000 and <= int.MaxValue
            ? size
            : throw new ConfigurationException($"{Keys}.maximum-frame-size: expected a size from 32000b to 2GiB");

    /// <summary>The Akka address of a node of this cluster given as <c>host:port</c>.</summary>
    public string SeedAddress(string seed) => $"{Protocol}://{ClusterHostingExtensions.SystemName}@{seed}";

    /// <summary>
    /// Reads <c>actorruntime.cluster</c> (over the shipped defaults); <paramref name="bind"/> and <paramref name="hostname"/>
    /// (the <c>--bind</c> and <c>--hostname</c> options) win over its keys. Every refusal is one <see cref="ConfigurationException"/> line.
    /// </summary>
    public static ClusterTransport FromConfig(Config config, string? bind = null, string? hostname = null)
    {
        RefuseAkkaTransportKeys(config);
        var section = config.WithFallback(RuntimeOptions.DefaultConfig).GetConfig(Keys);
        var (bindAddress, bindSource) = bind is null ? (section.GetString("bind-address", ""), $"{Keys}.bind-address") : (bind, "--bind");
        var (publicName, nameSource) = hostname is null ? (section.GetString("hostname", ""), $"{Keys}.hostname") : (hostname, "--hostname");
        if (string.IsNullOrWhiteSpace(bindAddress))
            throw new ConfigurationException($"{bindSource}: expected the IP address or host name this node listens on, e.g. 127.0.0.1 or 0.0.0.0");
        var tls = section.GetConfig("tls");
        var tlsEnabled = tls.GetBoolean("enabled", false);
        if (!tlsEnabled && tls.GetBoolean("require", false))
            throw new ConfigurationException($"{Keys}.tls.require is on: TLS between nodes is required, but {Keys}.tls.enabled is off");
        if (!tlsEnabled && !IsLoopback(bindAddress))
            throw new ConfigurationException($"{bindSource} {bindAddress}: a node listening beyond loopback needs TLS between nodes ({Keys}.tls.enabled = on, with a certificate: see HOCON.md)");
        if (publicName.Length == 0)
        {
            if (IsWildcard(bindAddress))
                throw new ConfigurationException($"{bindSource} {bindAddress}: a node listening on every address needs --hostname ({Keys}.hostname), the name other nodes reach it by");
            publicName = bindAddress;
        }
        var frameSize = FrameSize(section);
        if (!tlsEnabled) return new ClusterTransport(bindAddress, publicName, null) { MaximumFrameSize = frameSize };
        return new ClusterTransport(bindAddress, publicName,
            ClusterTls.Load(tls.GetString("certificate-path", ""), tls.GetString("certificate-password", ""), tls.GetString("trusted-roots-path", ""), DateTimeOffset.UtcNow))
            { MaximumFrameSize = frameSize };
    }

    /// <summary>
    /// The same refusal for Akka's keys given through <c>appsettings.json</c> or environment variables (the <c>akka</c>
    /// section that <c>serve</c> hands to Akka.Hosting as it is).
    /// </summary>
    public static void RefuseAkkaTransportKeys(IConfiguration akkaSection)
    {
        foreach (var (key, replacement) in Replacements)
            if (akkaSection.GetSection(key.Replace('.', ':')).Exists())
                throw Refused("akka." + key, replacement);
    }

    private static readonly (string Key, string Replacement)[] Replacements =
    [
        ("remote.dot-netty.tcp.hostname", $"{Keys}.bind-address (or --bind)"),
        ("remote.dot-netty.tcp.public-hostname", $"{Keys}.hostname (or --hostname)"),
        ("remote.dot-netty.tcp.enable-ssl", $"{Keys}.tls.enabled"),
        ("remote.dot-netty.tcp.ssl", $"{Keys}.tls"),
    ];

    // Akka's own keys for these would be silently overridden by what this node renders: refused instead, naming ours.
    private static void RefuseAkkaTransportKeys(Config config)
    {
        foreach (var (key, replacement) in Replacements)
            if (config.HasPath("akka." + key))
                throw Refused("akka." + key, replacement);
    }

    private static ConfigurationException Refused(string key, string replacement) =>
        new($"{key}: set {replacement} instead; this node's transport is configured by {Keys} (HOCON.md)");

    private static bool IsWildcard(string address) =>
        IPAddress.TryParse(address, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    private static bool IsLoopback(string address) =>
        IPAddress.TryParse(address, out var ip) ? IPAddress.IsLoopback(ip) : address.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>Renders this transport into Akka.Remote's settings (and, with TLS, its <c>DotNettySslSetup</c>), listening on <paramref name="port"/>.</summary>
    public AkkaConfigurationBuilder Apply(AkkaConfigurationBuilder builder, int port) => builder.WithRemoting(new RemoteOptions
    {
        HostName = BindAddress,
        PublicHostName = Hostname,
        Port = port,
        MaxFrameSize = MaximumFrameSize,
        EnableSsl = Tls is not null,
        Ssl = Tls is null ? new SslOptions() : new SslOptions
        {
            X509Certificate = Tls.Certificate,
            // Both sides present their certificate and check the other's against the cluster's roots.
            RequireMutualAuthentication = true,
            SuppressValidation = false,
            ValidateCertificateHostname = false,
            CustomValidator = Tls.Validator,
        },
    });
}
