using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorRuntime.Tests.Support;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// A front door on HTTPS that authenticates clients by certificate: one issued by the configured roots is let in
/// without a token; none is refused 401; a stranger's does not get through the handshake.
/// </summary>
public sealed class FrontDoorCertificateSpec(ITestOutputHelper log) : IDisposable
{
    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "actorruntime-front-door-tls-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    private ServeProcess? _node;

    [Fact]
    public async Task A_client_certificate_from_the_configured_roots_is_let_in_without_a_token()
    {
        using var authority = TestCertificates.Authority("front door clients");
        using var server = TestCertificates.IssuedBy(authority, "front door");
        using var client = TestCertificates.IssuedBy(authority, "a client");
        using var stranger = TestCertificates.SelfSigned("a stranger");
        var config = Path.Combine(_work, "tls.hocon");
        File.WriteAllText(config, $$"""
            actorruntime.storage.provider = memory
            actorruntime.front-door.tls {
              enabled = on
              certificate-path = "{{TestCertificates.WritePfx(server, _work, "server.pfx")}}"
              certificate-password = "{{TestCertificates.Password}}"
              client-trusted-roots-path = "{{TestCertificates.WritePem(authority, _work, "clients.pem")}}"
            }
            """);
        _node = ServeProcess.Start("tls", $"--config \"{config}\"", null, _work, "activated ", log);
        var url = await _node.FrontDoor;
        Assert.StartsWith("https://127.0.0.1:", url);

        HttpClient Client(X509Certificate2? certificate)
        {
            var handler = new HttpClientHandler
            {
                // This test's own server certificate, and nothing else.
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == server.Thumbprint,
                ClientCertificateOptions = ClientCertificateOption.Manual,
            };
            if (certificate is not null) handler.ClientCertificates.Add(certificate);
            return new HttpClient(handler);
        }

        using (var withCertificate = Client(client))
        using (var answer = await withCertificate.GetAsync($"{url}/api/extensions"))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("{\"extensions\":[]}", await answer.Content.ReadAsStringAsync());
        }
        using (var without = Client(null))
        using (var answer = await without.GetAsync($"{url}/api/extensions"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("{\"error\":\"a token (Authorization: Bearer <token>) or a client certificate is required\"}\n", await answer.Content.ReadAsStringAsync());
        }
        using (var withStranger = Client(stranger))
            await Assert.ThrowsAsync<HttpRequestException>(() => withStranger.GetAsync($"{url}/api/extensions"));
    }

    public void Dispose()
    {
        _node?.Kill();
        Directory.Delete(_work, recursive: true);
    }
}
