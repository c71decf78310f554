using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Kernel;

/// <summary>
/// When an idle event page is suspended (spec section 5). Firefox (flavours <c>mdn</c> and <c>firefox</c>):
/// an idle delay reset by activity, then <c>runtime.onSuspend</c> capped at <see cref="FirefoxSuspendTimeout"/>.
/// Chromium: the keep-alive count at zero for <see cref="ChromeIdleTimeout"/>, then <c>onSuspend</c>, then
/// close <see cref="ChromeSuspendingTime"/> later. Chromium's MV3 service workers: stopped, with no <c>onSuspend</c>,
/// <see cref="WorkerIdleTimeout"/> after their last event or API call.
/// </summary>
public sealed record EventPageOptions
{
    public static readonly TimeSpan MinimumFirefoxIdle = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaximumFirefoxIdle = TimeSpan.FromMinutes(5);

    /// <summary>The shipped defaults of <c>config/actorruntime.hocon</c>.</summary>
    public static EventPageOptions Default { get; } = FromConfig(ShippedConfig.Defaults);

    private readonly TimeSpan _firefoxIdleTimeout;

    /// <summary>Firefox's <c>extensions.background.idle.timeout</c>, clamped to 100 ms – 5 min as Firefox clamps it.</summary>
    public required TimeSpan FirefoxIdleTimeout
    {
        get => _firefoxIdleTimeout;
        init => _firefoxIdleTimeout = value < MinimumFirefoxIdle ? MinimumFirefoxIdle : value > MaximumFirefoxIdle ? MaximumFirefoxIdle : value;
    }

    /// <summary>Firefox's <c>extensions.webextensions.runtime.timeout</c>: the longest async <c>onSuspend</c> listeners may hold the stop.</summary>
    public required TimeSpan FirefoxSuspendTimeout { get; init; }

    /// <summary>Chromium's <c>event_page_idle_time</c>: keep-alive count at zero this long, then <c>onSuspend</c>.</summary>
    public required TimeSpan ChromeIdleTimeout { get; init; }

    /// <summary>Chromium's <c>event_page_suspending_time</c>: from <c>onSuspend</c> to close.</summary>
    public required TimeSpan ChromeSuspendingTime { get; init; }

    /// <summary>Chromium MV3 service worker: stopped after this long without events or extension API calls.</summary>
    public required TimeSpan WorkerIdleTimeout { get; init; }

    /// <summary>Chromium MV3 service worker: an event still being handled (its listeners' promises pending) this long stops the worker.</summary>
    public required TimeSpan WorkerEventTimeout { get; init; }

    /// <summary>Chromium MV3 service worker: a <c>fetch()</c> still without its response this long stops the worker.</summary>
    public required TimeSpan WorkerFetchTimeout { get; init; }

    /// <summary>The timings of <paramref name="config"/>'s <c>actorruntime.event-page</c> and <c>actorruntime.service-worker</c>, over the shipped defaults.</summary>
    public static EventPageOptions FromConfig(Config config)
    {
        var section = ShippedConfig.Section(config, "event-page");
        var worker = ShippedConfig.Section(config, "service-worker");
        return new EventPageOptions
        {
            FirefoxIdleTimeout = section.GetTimeSpan("firefox.idle-timeout"),
            FirefoxSuspendTimeout = section.GetTimeSpan("firefox.suspend-timeout"),
            ChromeIdleTimeout = section.GetTimeSpan("chrome.idle-timeout"),
            ChromeSuspendingTime = section.GetTimeSpan("chrome.suspending-time"),
            WorkerIdleTimeout = worker.GetTimeSpan("idle-timeout"),
            WorkerEventTimeout = worker.GetTimeSpan("event-timeout"),
            WorkerFetchTimeout = worker.GetTimeSpan("fetch-timeout"),
        };
    }
}
