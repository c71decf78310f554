using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Kernel;

/// <summary>
/// What one extension may keep of the browser's UI (HOCON <c>actorruntime.menus</c> and <c>actorruntime.notifications</c>):
/// its menu items and the notifications it shows. A call that would pass one is refused with an error naming the key.
/// </summary>
public sealed record BrowserUiLimits
{
    /// <summary>The shipped defaults of <c>config/actorruntime.hocon</c>.</summary>
    public static BrowserUiLimits Default { get; } = FromConfig(ShippedConfig.Defaults);

    /// <summary>Menu items the extension's tree may hold (<c>menus.create</c> / <c>contextMenus.create</c>).</summary>
    public required int MaxMenuItems { get; init; }

    /// <summary>How deeply submenus may nest (a top-level item is level 1).</summary>
    public required int MaxMenuDepth { get; init; }

    /// <summary>What one item may hold: its id, title and URL patterns, 2 bytes a character as the runtime keeps them.</summary>
    public required long MaxMenuItemBytes { get; init; }

    /// <summary>Notifications the extension may show at once.</summary>
    public required int MaxNotifications { get; init; }

    /// <summary>What one notification's options may take as JSON, 2 bytes a character.</summary>
    public required long MaxNotificationBytes { get; init; }

    public const string MaxMenuItemsKey = "actorruntime.menus.max-items";
    public const string MaxMenuDepthKey = "actorruntime.menus.max-depth";
    public const string MaxMenuItemBytesKey = "actorruntime.menus.max-item-size";
    public const string MaxNotificationsKey = "actorruntime.notifications.max-shown";
    public const string MaxNotificationBytesKey = "actorruntime.notifications.max-size";

    /// <summary>The deepest a menu may nest: the tree is walked recursively when it is printed.</summary>
    private const int DeepestMenu = 100;

    /// <summary>The limits of <paramref name="config"/>, with the shipped defaults for keys it does not set.</summary>
    public static BrowserUiLimits FromConfig(Config config)
    {
        var full = ShippedConfig.WithDefaults(config);
        return new BrowserUiLimits
        {
            MaxMenuItems = Count(full, MaxMenuItemsKey, 1_000_000),
            MaxMenuDepth = Count(full, MaxMenuDepthKey, DeepestMenu),
            MaxMenuItemBytes = Size(full, MaxMenuItemBytesKey),
            MaxNotifications = Count(full, MaxNotificationsKey, 1_000_000),
            MaxNotificationBytes = Size(full, MaxNotificationBytesKey),
        };
    }

    private static int Count(Config config, string key, int most)
    {
        var value = config.GetInt(key);
        if (value < 1 || value > most) throw new ConfigurationException($"{key}: expected a number from 1 to {most}, got {config.GetString(key)}");
        return value;
    }

    private static long Size(Config config, string key)
    {
        var value = config.GetByteSize(key) ?? 0;
        if (value is < 64 or > 1L << 30) throw new ConfigurationException($"{key}: expected a size from 64 bytes to 1 GiB, got \"{config.GetString(key)}\"");
        return value;
    }
}
