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

    /// <summary>
    /// How long a request waits for another extension's listeners at one event (on that extension's clock); after that its
    /// answer counts as none, so that one extension cannot hold another's requests forever.
    /// </summary>
    public required TimeSpan ListenerTimeout { get; init; }

    public const string MaxRedirectsKey = "actorruntime.web-request.max-redirects";
    public const string MaxAuthAttemptsKey = "actorruntime.web-request.max-auth-attempts";
    public const string MaxHeadersKey = "actorruntime.web-request.max-headers";
    public const string ListenerTimeoutKey = "actorruntime.web-request.listener-timeout";

    /// <summary>The limits of <paramref name="config"/>, with the shipped defaults for keys it does not set.</summary>
    public static WebRequestLimits FromConfig(Config config)
    {
        var full = ShippedConfig.WithDefaults(config);
        return new WebRequestLimits
        {
            MaxRedirects = Count(full, MaxRedirectsKey, 0, 1000),
            MaxAuthAttempts = Count(full, MaxAuthAttemptsKey, 0, 100),
            MaxHeaders = Count(full, MaxHeadersKey, 1, 10_000),
            ListenerTimeout = Duration(full, ListenerTimeoutKey),
        };
    }

    private static TimeSpan Duration(Config config, string key)
    {
        var value = config.GetTimeSpan(key);
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1)) throw new ConfigurationException($"{key}: expected a duration above 0 and at most 1 day, got {config.GetString(key)}");
        return value;
    }

    private static int Count(Config config, string key, int least, int most)
    {
        var value = config.GetInt(key);
        if (value < least || value > most) throw new ConfigurationException($"{key}: expected a number from {least} to {most}, got {config.GetString(key)}");
        return value;
    }
}
