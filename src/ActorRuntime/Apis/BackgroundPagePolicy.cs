using ActorRuntime.Manifest;

namespace ActorRuntime.Apis;

/// <summary>Which background a caller is entitled to: the regular profile's, or Chromium split mode's incognito one.</summary>
internal enum BackgroundProfile { Regular, Incognito }

/// <summary>What <c>runtime.getBackgroundPage()</c> does for a caller (spec section 2).</summary>
internal abstract record AsyncLookup
{
    /// <summary>Wake (if needed) the given background and resolve with its window.</summary>
    public sealed record Window(BackgroundProfile Profile) : AsyncLookup;
    /// <summary>Resolve <c>null</c>; when <paramref name="WakeFirst"/>, the background is started first (Firefox).</summary>
    public sealed record Null(bool WakeFirst) : AsyncLookup;
    public sealed record Reject(string Message) : AsyncLookup;
}

/// <summary>What <c>extension.getBackgroundPage()</c> returns (spec section 3); it never wakes anything.</summary>
internal enum SyncLookup { RegularWindow, IncognitoWindow, Null, Undefined }

/// <summary>The per-flavour tables of the spec, as pure functions.</summary>
internal static class BackgroundPagePolicy
{
    public const string ChromeNoBackground = "You do not have a background page.";
    public const string ChromeFailedToLoad = "Background page failed to load.";
    public const string MdnNoBackground = "This extension has no background page.";
    public const string MdnServiceWorker = "This extension's background is a service worker, which has no background page.";

    public static AsyncLookup DecideAsync(Flavor flavor, ExtensionManifest manifest, bool callerIsPrivate)
    {
        switch (manifest.Background.Kind)
        {
            case BackgroundKind.None:
                return flavor switch
                {
                    Flavor.Firefox => new AsyncLookup.Null(false),
                    Flavor.Chrome => new AsyncLookup.Reject(ChromeNoBackground),
                    _ => new AsyncLookup.Reject(MdnNoBackground),
                };
            case BackgroundKind.ServiceWorker:
                return flavor switch
                {
                    Flavor.Firefox => new AsyncLookup.Null(false),
                    Flavor.Chrome => new AsyncLookup.Reject(ChromeNoBackground),
                    _ => new AsyncLookup.Reject(MdnServiceWorker),
                };
        }
        if (!callerIsPrivate) return new AsyncLookup.Window(BackgroundProfile.Regular);
        return flavor switch
        {
            Flavor.Mdn => new AsyncLookup.Null(false),
            Flavor.Firefox => new AsyncLookup.Null(true),
            _ => new AsyncLookup.Window(IncognitoProfileFor(flavor, manifest)),
        };
    }

    /// <summary>The sync API's answer, before checking whether that background is running.</summary>
    public static SyncLookup DecideSync(Flavor flavor, ExtensionManifest manifest, bool callerIsPrivate)
    {
        var missing = flavor == Flavor.Chrome ? SyncLookup.Undefined : SyncLookup.Null;
        if (manifest.Background.Kind is BackgroundKind.None or BackgroundKind.ServiceWorker) return missing;
        if (!callerIsPrivate) return SyncLookup.RegularWindow;
        if (flavor != Flavor.Chrome) return SyncLookup.Null;
        return IncognitoProfileFor(flavor, manifest) == BackgroundProfile.Incognito ? SyncLookup.IncognitoWindow : SyncLookup.RegularWindow;
    }

    /// <summary>The value the sync API gives when the background it would return is not running.</summary>
    public static SyncLookup NotRunning(Flavor flavor) => flavor == Flavor.Chrome ? SyncLookup.Undefined : SyncLookup.Null;

    /// <summary>Whether the extension may open views in private windows at all (spec section 6).</summary>
    public static bool RunsInPrivateWindows(Flavor flavor, ExtensionManifest manifest) => manifest.Incognito switch
    {
        IncognitoMode.NotAllowed => false,
        // Firefox treats split as not_allowed since 127; the documented contract follows Firefox here.
        IncognitoMode.Split => flavor == Flavor.Chrome,
        _ => true,
    };

    private static BackgroundProfile IncognitoProfileFor(Flavor flavor, ExtensionManifest manifest) =>
        flavor == Flavor.Chrome && manifest.Incognito == IncognitoMode.Split ? BackgroundProfile.Incognito : BackgroundProfile.Regular;
}
