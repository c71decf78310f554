using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>i18n</c> from <c>_locales</c>: lookup order, placeholders and substitutions, predefined messages, the manifest's <c>__MSG_</c> strings.</summary>
public class I18nSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "", "\"default_locale\": \"fr\", \"description\": \"__MSG_description__\",");
        files["_locales/fr/messages.json"] = """
            {
              "greeting": { "message": "Bonjour $NAME$, vous avez $1 messages", "placeholders": { "name": { "content": "$2", "example": "Ada" } } },
              "onlyFrench": { "message": "seulement" },
              "description": { "message": "une extension" },
              "dollars": { "message": "$$5 et $1 $$$" },
              "edges": { "message": "a$10b|$0|$$$|$x|$" },
              "one": { "message": "[$1]" },
              "who": { "message": "hi $who$!" }
            }
            """;
        files["_locales/en/messages.json"] = """{ "greeting": { "message": "Hello $NAME$, you have $1 messages", "placeholders": { "NAME": { "content": "$2" } } }, "description": { "message": "an extension" } }""";
        files["_locales/en_US/messages.json"] = """{ "onlyUs": { "message": "howdy" } }""";
        return files;
    }

    [Fact]
    public async Task Messages_come_from_the_ui_locale_then_its_language_then_the_default_locale()
    {
        var e = await Load(Extension());
        Assert.Equal("[\"Hello Ada, you have 3 messages\",\"howdy\",\"seulement\",\"\",\"$5 et x $$\"]", await e.EvaluateAsync("background", """
            [browser.i18n.getMessage('greeting', ['3', 'Ada']), browser.i18n.getMessage('onlyUs'), browser.i18n.getMessage('ONLYFRENCH'),
             browser.i18n.getMessage('nope'), browser.i18n.getMessage('dollars', 'x')]
            """));
        Assert.Contains("Unknown localization message nope", Lines("background"));
        Assert.Equal("[\"en-US\",[\"en-US\",\"en\"],\"en_US\",\"ltr\"]", await e.EvaluateAsync("background",
            "[browser.i18n.getUILanguage(), await browser.i18n.getAcceptLanguages(), browser.i18n.getMessage('@@ui_locale'), browser.i18n.getMessage('@@bidi_dir')]"));
    }

    [Fact]
    public async Task The_runtime_locale_setting_decides_and_the_manifest_strings_are_localized()
    {
        var e = await Load(Extension(), Options(Flavor.Firefox) with { Locale = "fr-CA" });
        Assert.Equal("[\"Bonjour Ada, vous avez 3 messages\",\"une extension\",\"fr-CA\"]", await e.EvaluateAsync("background",
            "[browser.i18n.getMessage('greeting', ['3', 'Ada']), browser.runtime.getManifest().description, browser.i18n.getUILanguage()]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "body::after { content: \"une extension __MSG_nope__\"; }")]
    [InlineData(Flavor.Chrome, "body::after { content: \"an extension \"; }")]
    public async Task The_extensions_css_files_are_served_with_their_messages(Flavor flavor, string css)
    {
        var files = Extension();
        files["style.css"] = "body::after { content: \"__MSG_description__ __MSG_nope__\"; }";
        var e = await Load(files, flavor == Flavor.Firefox ? Options(flavor) with { Locale = "fr" } : Options(flavor));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(css, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), await e.EvaluateAsync("background", "await (await fetch(browser.runtime.getURL('style.css'))).text()"));
    }

    [Fact]
    public async Task A_broken_messages_file_is_one_line_and_counts_as_empty()
    {
        var files = Extension();
        files["_locales/en/messages.json"] = "{ not json";
        var e = await Load(files);
        Assert.Equal("\"seulement\"", await e.EvaluateAsync("background", "browser.i18n.getMessage('onlyFrench')"));
        Assert.Single(Lines("extension"), line => line == "_locales/en/messages.json:1:3: invalid JSON");
    }

    [Fact]
    public async Task A_messages_file_with_half_a_surrogate_pair_is_one_line_and_the_others_still_serve()
    {
        var files = Extension();
        files["_locales/en/messages.json"] = """{ "description": { "message": "x \ud800" } }""";
        var e = await Load(files);
        Assert.Equal("[\"une extension\",\"une extension\"]", await e.EvaluateAsync("background",
            "[browser.i18n.getMessage('description'), browser.runtime.getManifest().description]"));
        Assert.Contains("_locales/en/messages.json: expected Unicode text, got a lone surrogate in a string", Lines("extension"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[\"aJb|$0|$$|$x|$\",\"[null]\",\"[undefined]\",\"[]\",\"[5]\",\"hi !\"]")]
    [InlineData(Flavor.Mdn, "[\"aJb|$0|$$|$x|$\",\"[null]\",\"[undefined]\",\"[]\",\"[5]\",\"hi !\"]")]
    [InlineData(Flavor.Chrome, "[\"aA0b||$$||\",\"[]\",\"[]\",\"[]\",\"[5]\",\"hi !\"]")]
    public async Task Substitutions_are_read_as_each_browser_reads_them(Flavor flavor, string expected)
    {
        // Firefox: $ and every digit after it, other $ kept; Chromium: one digit 1-9, a $ and whatever follows it dropped.
        var e = await Load(Extension(), Options(flavor) with { Locale = "fr" });
        Assert.Equal(expected, await e.EvaluateAsync("background", """
            const m = chrome.i18n.getMessage;
            [m('edges', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']), m('one', null), m('one', [undefined]), m('one', [, 'b']),
             m('one', 5), m('who')]
            """));
        Assert.Contains("_locales/fr/messages.json: who: $who$ is not among its placeholders, so it reads as an empty string", Lines("extension"));
    }
}
