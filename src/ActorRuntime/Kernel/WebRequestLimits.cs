using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Kernel;

/// <summary>
/// How far one request the host issues (<see cref="IExtensionRuntime.RequestAsync"/>) may be taken by the extension's
/// answers (HOCON <c>actorruntime.web-request</c>): redirects, authentication retries, headers.
/// </summary>
public sealed record WebRequestLimits
{
    /// <summary>The shipped defaults of <c>config/actorruntime.hocon</c>.</summary>
    public static WebRequestLimits Default { get; } = FromConfig(ShippedConfig.Defaults);

    /// <summary>Redirects one request follows (HTTP 3xx, webRequest's <c>redirectUrl</c>, declarativeNetRequest); one more fails it.</summary>
    public required int MaxRedirects { get; init; }

    /// <summary>How many times a request answered 401 or 407 is sent again with credentials an <c>onAuthRequired</c> listener gave.</summary>
    public required int MaxAuthAttempts { get; init; }

    /// <summary>The most headers a request or response may carry (the host's details, a listener's answer, rules' changes).</summary>
    public required int MaxHeaders { get; init; }

    public const string MaxRedirectsKey = "actorruntime.web-request.max-redirects";
    public const string MaxAuthAttemptsKey = "actorruntime.web-request.max-auth-attempts";
    public const string MaxHeadersKey = "actorruntime.web-request.max-headers";

    /// <summary>The limits of <paramref name="config"/>, with the shipped defaults for keys it does not set.</summary>
    public static WebRequestLimits FromConfig(Config config)
    {
        var full = ShippedConfig.WithDefaults(config);
        return new WebRequestLimits
        {
            MaxRedirects = Count(full, MaxRedirectsKey, 0, 1000),
            MaxAuthAttempts = Count(full, MaxAuthAttemptsKey, 0, 100),
            MaxHeaders = Count(full, MaxHeadersKey, 1, 10_000),
        };
    }

    private static int Count(Config config, string key, int least, int most)
    {
        var value = config.GetInt(key);
        if (value < least || value > most) throw new ConfigurationException($"{key}: expected a number from {least} to {most}, got {config.GetString(key)}");
        return value;
    }
}
