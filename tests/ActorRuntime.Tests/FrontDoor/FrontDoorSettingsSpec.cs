using ActorRuntime.FrontDoor;
using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;
using Akka.Configuration;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// <c>actorruntime.front-door</c>: the shipped defaults (loopback, any free port, no token: open), and the refusals: no
/// token and no client certificates beyond loopback, a short token, a port out of range.
/// </summary>
public sealed class FrontDoorSettingsSpec : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "actorruntime-front-door-settings-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    private static FrontDoorSettings Read(string hocon, int? port = null) =>
        FrontDoorSettings.FromConfig(ConfigurationFactory.ParseString(hocon).WithFallback(RuntimeOptions.DefaultConfig), port);

    [Fact]
    public void The_shipped_defaults_are_an_open_front_door_on_loopback_on_any_free_port()
    {
        var settings = Read("");
        Assert.Equal((true, "127.0.0.1", 0, null, true), (settings.Enabled, settings.Hostname, settings.Port, settings.Token, settings.Open));
        Assert.Equal(8080, Read("", port: 8080).Port);
        Assert.Equal((100_000, 64L << 20), (settings.MaxBufferedLines, settings.MaxBufferedBytes));
    }

    [Theory]
    [InlineData("actorruntime.front-door.hostname = \"0.0.0.0\"", null,
        "actorruntime.front-door.hostname 0.0.0.0: a front door beyond loopback needs actorruntime.front-door.token or client certificates (actorruntime.front-door.tls.enabled with actorruntime.front-door.tls.client-trusted-roots-path): see docs/front-door.md")]
    [InlineData("actorruntime.front-door.token = short", null, "actorruntime.front-door.token: expected at least 16 characters (a short token is guessed)")]
    [InlineData("actorruntime.front-door.token = \"a token with spaces in it\"", null, "actorruntime.front-door.token: expected no spaces or control characters (it travels in an HTTP header)")]
    [InlineData("", 70000, "--http-port 70000: expected 0 to 65535")]
    [InlineData("actorruntime.front-door.hostname = node-1.example", null, "actorruntime.front-door.hostname node-1.example: expected an IP address (or localhost) to listen on")]
    [InlineData("actorruntime.front-door.tls.client-trusted-roots-path = roots.pem", null,
        "actorruntime.front-door.tls.client-trusted-roots-path: client certificates need HTTPS (actorruntime.front-door.tls.enabled = on, with a certificate)")]
    [InlineData("actorruntime.front-door.limits.max-steps = 0", null, "actorruntime.front-door.limits.max-steps = 0: expected a positive value")]
    [InlineData("actorruntime.front-door.limits.max-buffered-size = 0b", null, "actorruntime.front-door.limits.max-buffered-size = 0: expected a positive value")]
    public void A_setting_that_cannot_be_used_is_refused_with_one_line(string hocon, int? port, string expected) =>
        Assert.Equal(expected, Assert.Throws<ConfigurationException>(() => Read(hocon, port)).Message);

    [Fact]
    public void Beyond_loopback_a_token_is_enough()
    {
        var settings = Read("actorruntime.front-door { hostname = \"0.0.0.0\", token = \"0123456789abcdef\" }");
        Assert.False(settings.Open);
    }

    [Fact]
    public async Task Serve_refuses_an_open_front_door_beyond_loopback_before_starting()
    {
        var config = Path.Combine(_dir, "open.hocon");
        await File.WriteAllTextAsync(config, "actorruntime.front-door.hostname = \"0.0.0.0\"\n");
        var (code, output, error) = await CommandLine.Run("serve", "--config", config);
        Assert.Equal((2, ""), (code, output));
        Assert.Equal("error: actorruntime.front-door.hostname 0.0.0.0: a front door beyond loopback needs actorruntime.front-door.token or client certificates (actorruntime.front-door.tls.enabled with actorruntime.front-door.tls.client-trusted-roots-path): see docs/front-door.md\n", error);
    }

    [Fact]
    public async Task Serve_refuses_a_front_door_port_in_use_before_starting()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output, error) = await CommandLine.Run("serve", "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((2, "", $"error: --http-port {port}: cannot listen on 127.0.0.1:{port}: Address already in use\n"), (code, output, error));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
