using ActorRuntime.Manifest;

namespace ActorRuntime.Tests.Manifest;

public class ManifestLoaderTests
{
    [Fact]
    public void Accepts_comments_and_trailing_commas()
    {
        var manifest = ManifestLoader.Parse("""
            {
              // line comment
              "manifest_version": 2, /* block */
              "name": "x", "version": "1",
              "background": { "scripts": ["a.js", "b.js",], },
            }
            """);
        Assert.Equal(BackgroundKind.Scripts, manifest.Background.Kind);
        Assert.Equal(["a.js", "b.js"], manifest.Background.Scripts);
        Assert.True(manifest.Background.Persistent);
    }

    [Fact]
    public void Reads_every_declared_view_and_content_script()
    {
        var manifest = ManifestLoader.Parse("""
            {
              "manifest_version": 3, "name": "x", "version": "1",
              "background": { "scripts": ["bg.js"] },
              "action": { "default_popup": "p.html" },
              "options_page": "o.html",
              "sidebar_action": { "default_panel": "s.html" },
              "content_scripts": [ { "matches": ["*://*.example.com/*"], "js": ["c.js"], "run_at": "document_start" } ],
              "incognito": "split",
              "browser_specific_settings": { "gecko": { "id": "me@example.com" } }
            }
            """);
        Assert.True(manifest.Background.IsEventPage);
        Assert.False(manifest.Background.Persistent);
        Assert.Equal("p.html", manifest.Popup);
        Assert.Equal("o.html", manifest.OptionsPage);
        Assert.Equal("s.html", manifest.SidebarPanel);
        Assert.Equal(RunAt.DocumentStart, Assert.Single(manifest.ContentScripts).RunAt);
        Assert.Equal(IncognitoMode.Split, manifest.Incognito);
        Assert.Equal("me@example.com", manifest.GeckoId);
    }

    [Theory]
    [InlineData("""{ "manifest_version": 2, "name": "x", "version": "1", "background": { "page": "bg.html", "persistent": false } }""", nameof(BackgroundKind.Page), false)]
    [InlineData("""{ "manifest_version": 2, "name": "x", "version": "1", "background": { "page": "bg.html" } }""", nameof(BackgroundKind.Page), true)]
    [InlineData("""{ "manifest_version": 3, "name": "x", "version": "1", "background": { "service_worker": "sw.js" } }""", nameof(BackgroundKind.ServiceWorker), false)]
    [InlineData("""{ "manifest_version": 2, "name": "x", "version": "1" }""", nameof(BackgroundKind.None), false)]
    public void Reads_background_forms(string json, string kind, bool persistent)
    {
        var manifest = ManifestLoader.Parse(json);
        Assert.Equal(Enum.Parse<BackgroundKind>(kind), manifest.Background.Kind);
        Assert.Equal(persistent, manifest.Background.Persistent);
    }

    [Theory]
    [InlineData("""{ "manifest_version": 2, "name": "x" }""", "manifest.json: $.version: missing; expected a string")]
    [InlineData("""{ "manifest_version": 4, "name": "x", "version": "1" }""", "manifest.json: $.manifest_version: expected 2 or 3, got 4")]
    [InlineData("""{ "manifest_version": 2, "name": "x", "version": "1", "background": { "scripts": "bg.js" } }""", "manifest.json: $.background.scripts: expected an array of strings, got string \"bg.js\"")]
    [InlineData("""{ "manifest_version": 2, "name": "x", "version": "1", "incognito": "sometimes" }""", "manifest.json: $.incognito: expected \"spanning\", \"split\" or \"not_allowed\", got \"sometimes\"")]
    [InlineData("""{ "manifest_version": 2, "name": "x", "version": "1", "content_scripts": [ { "js": ["a.js"] } ] }""", "manifest.json: $.content_scripts[0].matches: missing; expected an array of match patterns")]
    public void Malformed_manifests_get_one_line_errors_naming_the_path(string json, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(json));
        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Invalid_json_names_file_line_and_column()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Parse("{\n  \"name\": \"x\",\n  \"version\" \"1\"\n}", "ext/manifest.json"));
        Assert.StartsWith("ext/manifest.json:3:", error.Message);
        Assert.Contains("invalid JSON", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Missing_folder_and_missing_manifest_are_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-extension-" + Guid.NewGuid().ToString("N"));
        Assert.Equal($"{missing}: no such extension folder", Assert.Throws<ManifestException>(() => ManifestLoader.Load(missing)).Message);
        var empty = Directory.CreateTempSubdirectory().FullName;
        try
        {
            Assert.Contains("manifest.json: missing", Assert.Throws<ManifestException>(() => ManifestLoader.Load(empty)).Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Theory]
    [InlineData("<all_urls>", "https://example.com/a", true)]
    [InlineData("*://*.example.com/*", "https://www.example.com/page?q=1", true)]
    [InlineData("*://*.example.com/*", "https://example.org/", false)]
    [InlineData("https://example.com/docs/*", "https://example.com/docs/x", true)]
    [InlineData("https://example.com/docs/*", "http://example.com/docs/x", false)]
    public void Match_patterns(string pattern, string url, bool matches) => Assert.Equal(matches, MatchPattern.Matches(pattern, url));
}
