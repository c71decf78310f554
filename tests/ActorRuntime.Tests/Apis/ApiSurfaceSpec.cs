using System.Text.Json;
using ActorRuntime.Apis.Schema;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// The surface generated from the schema: every namespace exists exactly in the contexts, manifest versions and permission
/// sets the schema says (Firefox's injection rules, written out here again as the expectation).
/// </summary>
public class ApiSurfaceSpec : RuntimeSpec
{
    private const string Page = "https://example.com/";
    private const string ContentLabel = "content:" + Page;

    // Every permission the schema knows (Firefox's and Chromium's), a privileged one among them (never granted), and every
    // manifest key a namespace asks for.
    private static string AllPermissions() => JsonSerializer.Serialize(ApiSchema.Instance.KnownPermissions
        .Concat(ApiSchema.Instance.ChromiumPermissions).Order(StringComparer.Ordinal).ToArray());

    private static Dictionary<string, string> Extension(int manifestVersion, bool allPermissions)
    {
        var permissions = allPermissions ? $"\"permissions\": {AllPermissions()}," : "\"permissions\": [],";
        var keys = allPermissions
            ? """
              "commands": {}, "devtools_page": "tab.html", "omnibox": { "keyword": "x" }, "page_action": {},
              "sidebar_action": { "default_panel": "sidebar.html" }, "user_scripts": {},
              """
            : "";
        var action = manifestVersion == 3 ? "\"action\": { \"default_popup\": \"popup.html\" }," : "\"browser_action\": { \"default_popup\": \"popup.html\" },";
        return new Dictionary<string, string>
        {
            ["manifest.json"] = $$"""
                {
                  "manifest_version": {{manifestVersion}}, "name": "surface", "version": "1.0",
                  "background": { "scripts": ["background.js"] },
                  {{action}} {{permissions}} {{keys}}
                  "content_scripts": [{ "matches": ["https://*/*"], "js": ["content.js"] }]
                }
                """,
            ["background.js"] = "",
            ["content.js"] = "",
            ["popup.html"] = ExtensionFolder.Html(),
            ["tab.html"] = ExtensionFolder.Html(),
            ["sidebar.html"] = ExtensionFolder.Html(),
        };
    }

    /// <summary>Firefox's rule for one entry, as the schema states it; what only Chromium has, only in the chrome flavour.</summary>
    private static bool Injected(ApiNamespace ns, Flavor flavor, int manifestVersion, bool content, IReadOnlySet<string> granted, IReadOnlySet<string> keys)
    {
        if (ns.ChromiumOnly && flavor != Flavor.Chrome) return false;
        var members = ns.Functions.Values.Concat(ns.Events.Values).Concat(ns.Properties.Values).Where(m => flavor == Flavor.Chrome || !m.ChromiumOnly);
        if ((!members.Any() && (flavor != Flavor.Chrome || ns.Constructors.Count == 0)) || manifestVersion < ns.MinManifestVersion || manifestVersion > ns.MaxManifestVersion) return false;
        var contexts = ns.AllowedContexts ?? [];
        var contextOk = content ? contexts.Contains("content") : !contexts.Contains("devtools_only") && !contexts.Contains("content_only");
        var permissionOk = ns.Permissions is not { Count: > 0 } || ns.Permissions.Any(p =>
            p.StartsWith("manifest:", StringComparison.Ordinal) ? keys.Contains(p["manifest:".Length..]) : granted.Contains(p));
        return contextOk && permissionOk;
    }

    [Theory]
    [InlineData(Flavor.Firefox, 2, false, false)]
    [InlineData(Flavor.Firefox, 2, true, false)]
    [InlineData(Flavor.Firefox, 3, true, false)]
    [InlineData(Flavor.Firefox, 2, true, true)]
    [InlineData(Flavor.Chrome, 3, true, false)]
    [InlineData(Flavor.Chrome, 3, false, true)]
    [InlineData(Flavor.Mdn, 3, false, true)]
    public async Task Every_namespace_exists_exactly_where_the_schema_says(Flavor flavor, int manifestVersion, bool allPermissions, bool contentScript)
    {
        var e = await Load(Extension(manifestVersion, allPermissions), flavor);
        var label = "background";
        if (contentScript)
        {
            await e.OpenAsync("tab:" + Page);
            label = ContentLabel;
        }
        var schema = ApiSchema.Instance;
        // Each flavour grants only the permissions its browser knows.
        var known = flavor == Flavor.Chrome ? schema.KnownPermissions.Concat(schema.ChromiumPermissions) : schema.KnownPermissions;
        var granted = allPermissions ? known.Except(schema.PrivilegedPermissions).ToHashSet() : new HashSet<string>();
        var keys = new HashSet<string>(allPermissions
            ? ["background", "content_scripts", manifestVersion == 3 ? "action" : "browser_action", "commands", "devtools_page", "omnibox", "page_action", "sidebar_action", "user_scripts"]
            : ["background", "content_scripts", manifestVersion == 3 ? "action" : "browser_action"]);

        var names = schema.Namespaces.Keys.Order(StringComparer.Ordinal).ToArray();
        var expected = names.ToDictionary(n => n, n =>
            schema.Namespaces.Values.Any(ns => (ns.Name == n || ns.Name.StartsWith(n + ".", StringComparison.Ordinal))
                                                && Injected(ns, flavor, manifestVersion, contentScript, granted, keys)
                                                // A dotted namespace needs its parent path to exist: it does when any namespace under it does.
                                                ) ? "object" : "undefined");
        var probe = "(() => { const r = {}; for (const n of " + JsonSerializer.Serialize(names) + ") { let o = browser; for (const p of n.split('.')) o = o == null ? undefined : o[p]; r[n] = typeof o; } return r; })()";
        var actual = JsonSerializer.Deserialize<Dictionary<string, string>>(await e.EvaluateAsync(label, probe))!;
        var differences = names.Where(n => actual[n] != expected[n]).Select(n => $"{n}: expected {expected[n]}, got {actual[n]}").ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        // The privileged permission asked for is not granted.
        if (allPermissions) Assert.Equal("\"undefined\"", await e.EvaluateAsync(label, "typeof browser.telemetry"));
    }

    [Theory, MemberData(nameof(AllFlavors))]
    public async Task A_content_script_sees_only_the_members_the_schema_gives_content_scripts(Flavor flavor)
    {
        var e = await Load(Extension(2, allPermissions: true), flavor);
        await e.OpenAsync("tab:" + Page);
        var runtime = ApiSchema.Instance.Namespaces["runtime"];
        var expected = runtime.Functions.Values.Concat(runtime.Events.Values).Concat(runtime.Properties.Values)
            .Where(m => (m.AllowedContexts ?? []).Contains("content") && m.InManifestVersion(2)
                        && (m.Permissions is not { Count: > 0 } || m.Permissions.Any(p => !ApiSchema.Instance.PrivilegedPermissions.Contains(p))))
            .Select(m => m.Name!).Concat(runtime.EnumTypes.Where(t => (t.AllowedContexts ?? []).Contains("content")).Select(t => t.Id!)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(JsonSerializer.Serialize(expected), await e.EvaluateAsync(ContentLabel, "Object.keys(browser.runtime).sort()"));
        Assert.Contains("\"sendMessage\"", JsonSerializer.Serialize(expected));
        Assert.DoesNotContain("\"getBackgroundPage\"", JsonSerializer.Serialize(expected));
        Assert.Equal("[\"object\",\"object\",\"undefined\",\"undefined\"]", await e.EvaluateAsync(ContentLabel,
            "[typeof browser.storage.local, typeof browser.storage.sync, typeof browser.storage.session, typeof browser.tabs]"));
    }

    [Fact]
    public async Task Storage_needs_its_permission_and_tabs_does_not()
    {
        var e = await Load(Extension(2, allPermissions: false));
        Assert.Equal("[\"undefined\",\"object\",\"function\",\"undefined\"]", await e.EvaluateAsync("background",
            "[typeof browser.storage, typeof browser.tabs, typeof browser.tabs.query, typeof browser.cookies]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[\"INSTALL\",\"install\"]")]
    [InlineData(Flavor.Chrome, "[\"INSTALL\",\"install\"]")]
    public async Task Enumerations_are_objects_of_constants(Flavor flavor, string expected)
    {
        var e = await Load(Extension(3, allPermissions: false), flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background",
            "[Object.keys(browser.runtime.OnInstalledReason)[0], browser.runtime.OnInstalledReason.INSTALL]"));
    }
}
