namespace ActorRuntime.Manifest;

/// <summary>How the manifest declares the background context.</summary>
internal enum BackgroundKind { None, Scripts, Page, ServiceWorker }

/// <summary>The manifest's <c>incognito</c> key.</summary>
internal enum IncognitoMode { Spanning, Split, NotAllowed }

internal enum RunAt { DocumentIdle, DocumentStart, DocumentEnd }

internal sealed record BackgroundSpec(BackgroundKind Kind, IReadOnlyList<string> Scripts, string? Page, string? ServiceWorker, bool Persistent)
{
    public static readonly BackgroundSpec None = new(BackgroundKind.None, [], null, null, false);

    /// <summary><c>background.type: "module"</c>: the background's scripts (or its service worker) are ES modules.</summary>
    public bool IsModule { get; init; }

    /// <summary>A background that is a page (declared as one, or generated around its scripts), as opposed to none or a service worker.</summary>
    public bool IsPage => Kind is BackgroundKind.Scripts or BackgroundKind.Page;

    public bool IsEventPage => IsPage && !Persistent;
}

/// <summary>
/// A toolbar button of the manifest: its key (<c>action</c>, <c>browser_action</c> or <c>page_action</c>) and its
/// <c>default_title</c>, <c>default_icon</c> (a path; the largest of a size map) and <c>default_popup</c>.
/// </summary>
internal sealed record ActionSpec(string Key, string? Title, string? Icon, string? Popup)
{
    /// <summary>The API namespace the button is driven by: <c>action</c>, <c>browserAction</c> or <c>pageAction</c>.</summary>
    public string Namespace => Key switch
    {
        "browser_action" => "browserAction",
        "page_action" => "pageAction",
        _ => "action",
    };
}

/// <summary>The parts of <c>manifest.json</c> the runtime acts on.</summary>
internal sealed record ExtensionManifest(
    int ManifestVersion,
    string Name,
    string Version,
    string? GeckoId,
    BackgroundSpec Background,
    string? Popup,
    string? OptionsPage,
    string? SidebarPanel,
    IReadOnlyList<ContentScriptSpec> ContentScripts,
    IncognitoMode Incognito)
{
    /// <summary>
    /// The manifest as a flavour's browser reads it: Chromium runs an MV3 <c>service_worker</c> even where <c>scripts</c> or a
    /// <c>page</c> are given too (cross-browser manifests); Firefox prefers those, as read.
    /// </summary>
    public ExtensionManifest ForFlavor(bool chromium) =>
        chromium && ManifestVersion == 3 && Background is { Kind: not BackgroundKind.ServiceWorker, ServiceWorker: { } worker }
            ? this with { Background = Background with { Kind = BackgroundKind.ServiceWorker, Scripts = [], Page = null, Persistent = false } }
            : this;

    /// <summary>The decoded <c>key</c> (a public key's DER bytes), from which Chromium derives the extension id.</summary>
    public byte[]? Key { get; init; }

    /// <summary>API permissions asked for in <c>permissions</c> (names, not match patterns).</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>API permissions in <c>optional_permissions</c>: granted only once <c>permissions.request</c> grants them.</summary>
    public IReadOnlyList<string> OptionalPermissions { get; init; } = [];

    /// <summary>Match patterns from <c>optional_host_permissions</c> (MV3) or <c>optional_permissions</c> (MV2).</summary>
    public IReadOnlyList<string> OptionalHostPermissions { get; init; } = [];

    /// <summary>Match patterns from <c>host_permissions</c> (MV3) or <c>permissions</c> (MV2).</summary>
    public IReadOnlyList<string> HostPermissions { get; init; } = [];

    /// <summary>The top-level keys present with a value other than null: what a <c>manifest:&lt;key&gt;</c> permission of the schemas asks for.</summary>
    /// <remarks>Interned: a suspended extension keeps its manifest, and thousands of them share these few names.</remarks>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The toolbar buttons the manifest declares (<c>action</c>, <c>browser_action</c>, <c>page_action</c>), with their defaults.</summary>
    public IReadOnlyList<ActionSpec> Actions { get; init; } = [];

    /// <summary>Chromium's side panel page, <c>side_panel.default_path</c> (the <c>sidePanel</c> API's default).</summary>
    public string? SidePanelPath { get; init; }

    /// <summary>The <c>default_locale</c>: where messages are looked up last (the extension is localized only when it is set).</summary>
    public string? DefaultLocale { get; init; }

}
