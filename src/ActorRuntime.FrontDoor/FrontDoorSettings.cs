using System.Net;
using Akka.Configuration;

namespace ActorRuntime.FrontDoor;

/// <summary>
/// <c>actorruntime.front-door</c>: where serve's HTTP front door listens, how clients prove who they are, and what one
/// client may ask. Every value comes from the configuration (the shipped defaults in <c>config/actorruntime.hocon</c>).
/// </summary>
internal sealed record FrontDoorSettings
{
    private const string Keys = "actorruntime.front-door";

    /// <summary>The shortest token accepted: a guessable one is no protection.</summary>
    internal const int MinTokenLength = 16;

    public required bool Enabled { get; init; }
    public required string Hostname { get; init; }
    public required int Port { get; init; }

    /// <summary>The bearer token clients present; null when none is configured.</summary>
    public required string? Token { get; init; }

    public required bool TlsEnabled { get; init; }
    public required string CertificatePath { get; init; }
    public required string CertificatePassword { get; init; }

    /// <summary>Roots a client's certificate must chain to; "" when clients authenticate by token only.</summary>
    public required string ClientTrustedRootsPath { get; init; }

    public required TimeSpan CookieLifetime { get; init; }
    public required long MaxRequestBytes { get; init; }
    public required int MaxSteps { get; init; }
    public required int MaxHostScripts { get; init; }
    public required int MaxFiles { get; init; }
    public required int MaxConcurrentRuns { get; init; }
    public required int MaxBufferedLines { get; init; }
    public required long MaxBufferedBytes { get; init; }

    /// <summary>Whether clients may present a certificate instead of the token.</summary>
    public bool ClientCertificates => TlsEnabled && ClientTrustedRootsPath.Length > 0;

    /// <summary>No token and no client certificates: anyone who reaches the port may drive the extensions (loopback only).</summary>
    public bool Open => Token is null && !ClientCertificates;

    /// <summary>Reads <c>actorruntime.front-door</c> of <paramref name="config"/> (layered over the shipped defaults); <paramref name="port"/> (<c>--http-port</c>) over its port.</summary>
    public static FrontDoorSettings FromConfig(Config config, int? port = null)
    {
        var section = config.GetConfig(Keys) ?? throw new ConfigurationException($"{Keys}: missing (the shipped defaults were not layered under the configuration)");
        var token = section.GetString("token", "");
        var settings = new FrontDoorSettings
        {
            Enabled = section.GetBoolean("enabled"),
            Hostname = section.GetString("hostname"),
            Port = port ?? section.GetInt("port"),
            Token = token.Length == 0 ? null : token,
            TlsEnabled = section.GetBoolean("tls.enabled"),
            CertificatePath = section.GetString("tls.certificate-path", ""),
            CertificatePassword = section.GetString("tls.certificate-password", ""),
            ClientTrustedRootsPath = section.GetString("tls.client-trusted-roots-path", ""),
            CookieLifetime = section.GetTimeSpan("cookie-lifetime"),
            MaxRequestBytes = Positive("limits.max-request-size", section.GetByteSize("limits.max-request-size") ?? 0),
            MaxSteps = (int)Positive("limits.max-steps", section.GetInt("limits.max-steps")),
            MaxHostScripts = (int)Positive("limits.max-host-scripts", section.GetInt("limits.max-host-scripts")),
            MaxFiles = (int)Positive("limits.max-files", section.GetInt("limits.max-files")),
            MaxConcurrentRuns = (int)Positive("limits.max-concurrent-runs", section.GetInt("limits.max-concurrent-runs")),
            MaxBufferedLines = (int)Positive("limits.max-buffered-lines", section.GetInt("limits.max-buffered-lines")),
            MaxBufferedBytes = Positive("limits.max-buffered-size", section.GetByteSize("limits.max-buffered-size") ?? 0),
        };
        settings.Check(port is not null);
        return settings;
    }

    private static long Positive(string key, long value) =>
        value > 0 ? value : throw new ConfigurationException($"{Keys}.{key} = {value}: expected a positive value");

    private void Check(bool portFromCommandLine)
    {
        if (!Enabled) return;
        if (Port is < 0 or > 65535)
            throw new ConfigurationException(portFromCommandLine ? $"--http-port {Port}: expected 0 to 65535" : $"{Keys}.port = {Port}: expected 0 to 65535");
        if (Hostname.Length == 0) throw new ConfigurationException($"{Keys}.hostname: expected an address to listen on, such as 127.0.0.1");
        _ = ListenAddress();
        if (Token is { Length: < MinTokenLength })
            throw new ConfigurationException($"{Keys}.token: expected at least {MinTokenLength} characters (a short token is guessed)");
        if (Token is not null && Token.Any(c => c <= ' ' || c == '\u007f'))
            throw new ConfigurationException($"{Keys}.token: expected no spaces or control characters (it travels in an HTTP header)");
        if (ClientTrustedRootsPath.Length > 0 && !TlsEnabled)
            throw new ConfigurationException($"{Keys}.tls.client-trusted-roots-path: client certificates need HTTPS ({Keys}.tls.enabled = on, with a certificate)");
        if (Open && !IsLoopback(Hostname))
            throw new ConfigurationException($"{Keys}.hostname {Hostname}: a front door beyond loopback needs {Keys}.token or client certificates ({Keys}.tls.enabled with {Keys}.tls.client-trusted-roots-path): see docs/front-door.md");
    }

    /// <summary>The address to listen on: an IP address, or <c>localhost</c>.</summary>
    public IPAddress ListenAddress() =>
        Hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(Hostname, out var address) ? address
        : throw new ConfigurationException($"{Keys}.hostname {Hostname}: expected an IP address (or localhost) to listen on");

    internal static bool IsLoopback(string hostname) =>
        hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(hostname, out var address) && IPAddress.IsLoopback(address);
}
