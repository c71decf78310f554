using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorRuntime.FrontDoor;

/// <summary>
/// Who may use the front door: a client presenting the configured token (<c>Authorization: Bearer</c>), a browser holding
/// the cookie it got for <c>/?token=</c>, or a client whose certificate Kestrel accepted; anyone on an open (loopback,
/// unconfigured) front door. Endpoints require it through the fallback policy unless they say <c>AllowAnonymous</c>.
/// </summary>
internal sealed class FrontDoorAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    FrontDoorCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ActorRuntimeFrontDoor";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (credentials.Open) return Task.FromResult(Success("open"));
        if (Context.Connection.ClientCertificate is { } certificate && credentials.AcceptsCertificates)
            // Kestrel already refused the handshake of a certificate that does not chain to the configured roots.
            return Task.FromResult(Success("certificate:" + certificate.Subject));
        var header = Request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return Task.FromResult(AuthenticateResult.Fail("expected Authorization: Bearer <token>"));
            return Task.FromResult(credentials.IsToken(header["Bearer ".Length..].Trim())
                ? Success("token")
                : AuthenticateResult.Fail("the token is not the configured one"));
        }
        if (Request.Cookies.TryGetValue(FrontDoorCredentials.CookieName, out var cookie))
            return Task.FromResult(credentials.IsCookie(cookie) ? Success("cookie") : AuthenticateResult.Fail("the cookie is not valid for this front door"));
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <summary>401 with one JSON line saying why, and how to authenticate.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"actorruntime\"";
        await FrontDoorJson.WriteErrorAsync(Response,
            failure ?? (credentials.AcceptsCertificates ? "a token (Authorization: Bearer <token>) or a client certificate is required" : "a token is required (Authorization: Bearer <token>)"));
    }

    private AuthenticateResult Success(string who) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, who)], SchemeName)), SchemeName));
}

/// <summary>The configured token, compared in constant time, and the cookie a browser holds instead of it.</summary>
internal sealed class FrontDoorCredentials
{
    public const string CookieName = "actorruntime-front-door";

    private readonly byte[]? _tokenHash;
    private readonly string? _cookie;

    public FrontDoorCredentials(FrontDoorSettings settings, bool acceptsCertificates)
    {
        AcceptsCertificates = acceptsCertificates;
        Open = settings.Open;
        CookieLifetime = settings.CookieLifetime;
        if (settings.Token is not { } token) return;
        _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        // Derived from the token, so a cookie is worth nothing once the token changes, and never shows the token.
        _cookie = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "actorruntime front door cookie"u8));
    }

    public bool Open { get; }
    public bool AcceptsCertificates { get; }
    public TimeSpan CookieLifetime { get; }

    public bool IsToken(string presented) =>
        _tokenHash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _tokenHash);

    public bool IsCookie(string presented) =>
        _cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(_cookie));

    public string Cookie => _cookie ?? throw new InvalidOperationException("no token is configured");

    /// <summary>
    /// A browser's way in: <c>GET /any/path?token=&lt;token&gt;</c> sets an HttpOnly, SameSite=Strict cookie and redirects
    /// to the same path without the token (so it leaves the address bar and the history); a wrong token is a 401.
    /// </summary>
    public async Task TokenQuery(HttpContext context, Func<Task> next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Query.TryGetValue("token", out var given) || _cookie is null)
        {
            await next();
            return;
        }
        if (!IsToken(given.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await FrontDoorJson.WriteErrorAsync(context.Response, "the token is not the configured one");
            return;
        }
        context.Response.Cookies.Append(CookieName, _cookie, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = CookieLifetime,
        });
        var rest = context.Request.Query.Where(q => q.Key != "token").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var query = string.Join("&", rest);
        // Escaped, and never "//host": the redirect stays on this front door.
        var path = "/" + (context.Request.PathBase.ToUriComponent() + context.Request.Path.ToUriComponent()).TrimStart('/');
        context.Response.Redirect(path + (query.Length > 0 ? "?" + query : ""));
    }
}
