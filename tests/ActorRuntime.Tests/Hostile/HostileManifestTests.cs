using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Hostile;

/// <summary>Manifests whose strings are not text: one line naming the key and what was expected, never a .NET exception.</summary>
public class HostileManifestTests
{
    private static string Manifest(string name = "\"ok\"", string extra = "") =>
        $$"""{ "manifest_version": 2, "name": {{name}}, "version": "1", {{extra}} "background": { "scripts": ["bg.js"] } }""";

    [Theory]
    [InlineData("\"x\\ud800\"", "", "manifest.json: $.name: expected Unicode text, got a lone surrogate in \"x\\ud800\"")]
    [InlineData("\"\\udc00x\"", "", "manifest.json: $.name: expected Unicode text, got a lone surrogate in \"\\udc00x\"")]
    [InlineData("\"ok\"", "\"browser_specific_settings\": { \"gecko\": { \"id\": \"me\\ud83d@example.com\" } },",
        "manifest.json: $.browser_specific_settings.gecko.id: expected Unicode text, got a lone surrogate in \"me\\ud83d@example.com\"")]
    [InlineData("\"ok\"", "\"content_scripts\": [ { \"matches\": [\"<all_urls>\"], \"js\": [\"a.js\", \"\\udfff.js\"] } ],",
        "manifest.json: $.content_scripts[0].js[1]: expected Unicode text, got a lone surrogate in \"\\udfff.js\"")]
    [InlineData("\"ok\"", "\"description\": \"read by nobody \\ud800\",", "manifest.json: $.description: expected Unicode text, got a lone surrogate in \"read by nobody \\ud800\"")]
    [InlineData("\"ok\"", "\"odd key\": [\"\\ud800\"],", "manifest.json: $[\"odd key\"][0]: expected Unicode text, got a lone surrogate in \"\\ud800\"")]
    [InlineData("\"ok\"", "\"\\ud800\": 1,", "manifest.json: $: expected property names of Unicode text, got one with a lone surrogate")]
    [InlineData("\"\\ud800\"", "\"description\": \"\\udc00\",", "manifest.json: $.name: expected Unicode text, got a lone surrogate in \"\\ud800\"")]
    public void A_lone_surrogate_anywhere_is_one_error_naming_its_key(string name, string extra, string expected)
    {
        var failure = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(Manifest(name, extra)));
        Assert.Equal(expected, failure.Message);
    }

    [Fact]
    public void A_lone_surrogate_in_the_text_itself_is_located_by_line_and_column()
    {
        // What a manifest saved as UTF-16 with half a pair decodes to: the surrogate is in the text, not a \u escape.
        var json = "{\n  \"manifest_version\": 2, \"name\": \"a\uD800b\", \"version\": \"1\" }";
        var failure = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(json));
        Assert.Equal("manifest.json:2:36: expected Unicode text, got a lone surrogate U+D800", failure.Message);
    }

    [Theory]
    [InlineData("\"a\\u0007b\"", "", "manifest.json: $.name: expected text without control characters, got U+0007 at character 2")]
    [InlineData("\"ok\"", "\"short_name\": \"\\u001b[31mred\",", "manifest.json: $.short_name: expected text without control characters, got U+001B at character 1")]
    [InlineData("\"ok\"", "\"browser_specific_settings\": { \"gecko\": { \"id\": \"me\\u0000@example.com\" } },",
        "manifest.json: $.browser_specific_settings.gecko.id: expected text without control characters, got U+0000 at character 3")]
    public void A_control_character_in_a_name_or_id_is_one_error_naming_its_key(string name, string extra, string expected)
    {
        var failure = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(Manifest(name, extra)));
        Assert.Equal(expected, failure.Message);
    }

    [Fact]
    public void Tabs_and_line_breaks_and_surrogate_pairs_are_text()
    {
        var manifest = ManifestLoader.Parse(Manifest("\"two\\tcolumns\\r\\nand an emoji \\ud83d\\ude00\"", "\"browser_specific_settings\": { \"gecko\": { \"id\": \"\\u00e9t\\u00e9@example.com\" } },"));
        Assert.Equal("two\tcolumns\r\nand an emoji \U0001F600", manifest.Name);
        Assert.Equal("été@example.com", manifest.GeckoId);
    }

    [Fact]
    public void A_folder_name_used_as_the_id_must_have_no_control_characters()
    {
        using var folder = new ExtensionFolder(new Dictionary<string, string> { ["manifest.json"] = Manifest(), ["bg.js"] = "" }, "bad\u0001id-" + Guid.NewGuid().ToString("N"));
        var failure = Assert.Throws<ManifestException>(() => ExtensionPackage.Load(folder.Path));
        // The folder's own path is quoted with its control character written as an escape: the line stays one line.
        Assert.Equal($"{folder.Path.Replace("\u0001", "\\u0001")}: the folder name is the extension id (manifest.json sets no browser_specific_settings.gecko.id) and contains U+0001 at character 4; expected a name without control characters",
            failure.Message);
    }

    [Fact]
    public void A_manifest_nested_deeper_than_json_allows_is_invalid_json()
    {
        var failure = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(Manifest(extra: "\"deep\": " + new string('[', 10_000) + new string(']', 10_000) + ",")));
        Assert.StartsWith("manifest.json:1:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON: The maximum configured depth of 64 has been exceeded.", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"incognito\": \"a\\nb\",", "$.incognito: expected \"spanning\", \"split\" or \"not_allowed\", got \"a\\nb\"")]
    [InlineData("\"incognito\": \"\\u001b[31mred\",", "got \"\\u001b[31mred\"")]
    public void Values_quoted_in_an_error_keep_it_on_one_line(string extra, string expected)
    {
        var failure = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(Manifest(extra: extra)));
        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain('\u001b', failure.Message);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("browser_action")]
    [InlineData("page_action")]
    public void A_path_with_a_NUL_character_is_refused_with_one_line(string action)
    {
        using var folder = new ExtensionFolder(new Dictionary<string, string>
        {
            ["manifest.json"] = Manifest(extra: $$"""
                "{{action}}": { "default_popup": "x.js\u0000.html" },
                """),
            ["bg.js"] = "",
        });
        var failure = Assert.Throws<ManifestException>(() => ExtensionPackage.Load(folder.Path));
        Assert.Equal($"{folder.Path}/manifest.json: popup \"x.js\\u0000.html\": expected a path inside the extension folder", failure.Message);
    }
}
