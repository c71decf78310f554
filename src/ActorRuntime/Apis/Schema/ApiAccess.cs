using System.Collections.Frozen;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Apis.Schema;

/// <summary>
/// Which parts of the API description one context sees, decided as Firefox decides what to inject: the context's kind
/// against each entry's <c>allowedContexts</c>, the manifest version against its range, and its <c>permissions</c>
/// (any one of them: a granted permission, or <c>manifest:&lt;key&gt;</c> for a key the manifest has). What only
/// Chromium has is seen in the chrome flavour alone, and not in a service worker where Chromium says so.
/// </summary>
internal sealed class ApiAccess
{
    private readonly ExtensionManifest _manifest;
    private readonly Func<IReadOnlySet<string>> _granted;
    private readonly Func<bool>? _allUrls;

    /// <param name="granted">What the extension holds now (read on each decision: the permissions API changes it).</param>
    /// <param name="allUrls">Whether it holds the origin <c>&lt;all_urls&gt;</c>, which the schema names as a permission (tabs.captureVisibleTab).</param>
    /// <param name="chromium">The chrome flavour: Chromium's namespaces and members are there.</param>
    /// <param name="isServiceWorker">The context is a service worker (an MV3 background in the chrome flavour).</param>
    /// <param name="isOffscreen">The context is an offscreen document: Chromium gives it <c>runtime</c> alone of the extension API.</param>
    public ApiAccess(ExtensionManifest manifest, bool isContentScript, Func<IReadOnlySet<string>> granted, Func<bool>? allUrls = null,
        bool chromium = false, bool isServiceWorker = false, bool isOffscreen = false)
    {
        IsOffscreen = isOffscreen;
        _manifest = manifest;
        IsContentScript = isContentScript;
        _granted = granted;
        _allUrls = allUrls;
        IsChromium = chromium;
        IsServiceWorker = isServiceWorker;
    }

    public bool IsContentScript { get; }

    public bool IsChromium { get; }

    public bool IsServiceWorker { get; }

    public bool IsOffscreen { get; }

    public int ManifestVersion => _manifest.ManifestVersion;

    /// <summary>
    /// The API permissions an extension holds from its manifest: those the browser knows, less the privileged ones
    /// (which only Mozilla-signed extensions get).
    /// </summary>
    /// <param name="flavor">In the chrome flavour the permissions only Chromium knows (<c>sidePanel</c>) are granted too.</param>
    public static IReadOnlySet<string> GrantedBy(ExtensionManifest manifest, Flavor flavor) => ManifestGrant.Of(manifest, flavor == Flavor.Chrome).Permissions;

    /// <summary>As <see cref="GrantedBy(ExtensionManifest, Flavor)"/> for the permissions Firefox knows: enough to ask about one of those (<c>webRequest</c>).</summary>
    public static IReadOnlySet<string> GrantedBy(ExtensionManifest manifest) => GrantedBy(manifest, Flavor.Firefox);

    public bool Allows(ApiNamespace ns) =>
        ns.HasMembersFor(IsChromium) && !(ns.DisallowServiceWorkers && IsServiceWorker) && (!IsOffscreen || ns.RootName == "runtime")
        && ManifestVersion >= ns.MinManifestVersion && ManifestVersion <= ns.MaxManifestVersion
        && AllowsContexts(ns.AllowedContexts) && Permitted(ns.Permissions);

    /// <summary>
    /// Members that hand out windows, which Chromium's <c>_api_features.json</c> keeps from service workers
    /// (<c>disallow_for_service_workers</c>) though the schemas do not say so (background-page semantics, sections 2 and 3).
    /// </summary>
    private static readonly HashSet<string> WindowOnly = new(StringComparer.Ordinal)
    {
        "runtime.getBackgroundPage", "extension.getBackgroundPage", "extension.getViews",
    };

    public bool Allows(SchemaNode member) => AllowsAnywhere(member) && AllowsContexts(member.AllowedContexts);

    /// <summary>As <see cref="Allows(SchemaNode)"/>, whatever the context's kind: for members whose parent already decided that.</summary>
    public bool AllowsAnywhere(SchemaNode member) =>
        !member.Unsupported && (!member.ChromiumOnly || IsChromium)
        && !(IsServiceWorker && (member.DisallowServiceWorkers || WindowOnly.Contains(member.Namespace + "." + member.Name)))
        && member.InManifestVersion(ManifestVersion) && Permitted(member.Permissions);

    /// <summary>Firefox's rule: content scripts get only what names "content"; "devtools_only" and "content_only" keep other contexts out.</summary>
    private bool AllowsContexts(IReadOnlyList<string>? allowed)
    {
        if (allowed is null) return !IsContentScript;
        return IsContentScript ? allowed.Contains("content") : !allowed.Contains("devtools_only") && !allowed.Contains("content_only");
    }

    private bool Permitted(IReadOnlyList<string>? permissions)
    {
        if (permissions is not { Count: > 0 }) return true;
        foreach (var permission in permissions)
        {
            if (permission.StartsWith("manifest:", StringComparison.Ordinal))
            {
                if (_manifest.Keys.Contains(permission["manifest:".Length..].Split('.')[0])) return true;
            }
            else if (permission == "<all_urls>" ? _allUrls?.Invoke() == true : _granted().Contains(permission)) return true;
        }
        return false;
    }

    public bool Holds(string permission) => _granted().Contains(permission);

    /// <summary>
    /// Everything <see cref="Allows(ApiNamespace)"/> reads, as text: two accesses with the same signature allow the same
    /// namespaces (what the extension holds now is part of it, so a change of permissions gives another signature).
    /// </summary>
    public string NamespaceSignature()
    {
        var text = new System.Text.StringBuilder(128)
            .Append(IsChromium ? 'c' : '-').Append(IsServiceWorker ? 'w' : '-').Append(IsOffscreen ? 'o' : '-')
            .Append(IsContentScript ? 's' : '-').Append(_allUrls?.Invoke() == true ? 'a' : '-').Append(ManifestVersion).Append('\n');
        // What the manifest grants (most contexts: the permissions API changed nothing) has its part worked out once.
        var granted = _granted();
        var fromManifest = ManifestGrant.Of(_manifest, IsChromium);
        return text.Append(ReferenceEquals(granted, fromManifest.Permissions) ? fromManifest.Signature : ManifestGrant.SignatureOf(granted, _manifest)).ToString();
    }

    /// <summary>
    /// What a manifest grants in a flavour, and that grant's part of a namespace signature: worked out once per manifest
    /// (every instance of an extension shares its manifest) rather than in every context that starts. Never changed.
    /// </summary>
    private sealed class ManifestGrant
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ExtensionManifest, ManifestGrant[]> Kept = new();

        private ManifestGrant(ExtensionManifest manifest, bool chromium)
        {
            var schema = ApiSchema.Instance;
            Permissions = manifest.Permissions.Where(p => schema.Knows(p, chromium) && !schema.PrivilegedPermissions.Contains(p))
                .ToFrozenSet(StringComparer.Ordinal);
            Signature = SignatureOf(Permissions, manifest);
        }

        public IReadOnlySet<string> Permissions { get; }

        public string Signature { get; }

        public static ManifestGrant Of(ExtensionManifest manifest, bool chromium) =>
            Kept.GetValue(manifest, m => [new ManifestGrant(m, chromium: false), new ManifestGrant(m, chromium: true)])[chromium ? 1 : 0];

        /// <summary>Each name with its length first: a manifest's key may hold any character, and no two lists may read the same.</summary>
        public static string SignatureOf(IReadOnlySet<string> granted, ExtensionManifest manifest)
        {
            var text = new System.Text.StringBuilder(128).Append(granted.Count).Append(':');
            foreach (var permission in granted.Order(StringComparer.Ordinal)) text.Append(permission.Length).Append(':').Append(permission);
            // The manifest's keys, for permissions of the form manifest:<key>.
            text.Append(manifest.Keys.Count).Append(':');
            foreach (var key in manifest.Keys.Order(StringComparer.Ordinal)) text.Append(key.Length).Append(':').Append(key);
            return text.ToString();
        }
    }

    /// <summary>The context's access, over what the extension holds now (one set for all its contexts, changed by the permissions API).</summary>
    public static ApiAccess For(ContextRealm realm)
    {
        var extension = realm.Extension;
        // The manifest's grant, made once per manifest (and looked up once per context); what the permissions API changed,
        // once it has (kept with the extension only then: a suspended extension that never asked keeps nothing for it).
        IReadOnlySet<string>? fromManifest = null;
        var serviceWorker = realm.Info.Kind == ContextKind.Background && extension.Manifest.Background is { Kind: BackgroundKind.ServiceWorker };
        return new(extension.Manifest, realm.Info.Kind == ContextKind.ContentScript,
            () => extension.HostIfAny?.Granted?.Permissions ?? (fromManifest ??= GrantedBy(extension.Manifest, extension.Flavor)),
            () => (extension.HostIfAny?.Granted?.Origins ?? extension.Manifest.HostPermissions).Contains("<all_urls>"),
            extension.Flavor == Flavor.Chrome, serviceWorker, realm.Info.Kind == ContextKind.Offscreen);
    }

    /// <summary>What the extension holds, kept with it from the first time the permissions API asks.</summary>
    public static GrantedPermissions Granted(ExtensionKernel extension) =>
        extension.Host.Granted ??= new GrantedPermissions(GrantedBy(extension.Manifest, extension.Flavor), extension.Manifest.HostPermissions);
}
