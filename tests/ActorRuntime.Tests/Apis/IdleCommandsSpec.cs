using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>idle</c> driven by the host's fires, and <c>commands</c> from the manifest, in the flavours where the browsers differ.</summary>
public class IdleCommandsSpec : RuntimeSpec
{
    private const string Commands = """
        "permissions": ["idle"],
        "commands": {
          "toggle-feature": { "suggested_key": { "default": "Ctrl + Shift+Y", "chromeos": "Alt+Shift+Y" }, "description": "Toggle feature" },
          "_execute_browser_action": { "suggested_key": { "default": "Alt+Shift+U" } },
          "another": { "description": "Another one" },
          "_reserved": { "description": "Chromium keeps no command starting with _" }
        },
        """;

    private const string Listeners = """
        chrome.idle.onStateChanged.addListener(state => console.log('state ' + state));
        chrome.commands.onCommand.addListener(name => console.log('command ' + name));
        """;

    private Task<LoadedExtension> LoadWithCommands(Flavor flavor) => Load(Manifests.Standard(Manifests.PersistentScripts, Listeners, Commands), flavor);

    private const string QueryState = "await new Promise(r => chrome.idle.queryState(60, r))";

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task QueryState_answers_active_until_the_host_fires_another_state(Flavor flavor)
    {
        var e = await LoadWithCommands(flavor);
        Assert.Equal("\"active\"", await e.EvaluateAsync("background", QueryState));
        Assert.Equal("[null]", await e.FireAsync("idle.onStateChanged", "[\"idle\"]"));
        Assert.Contains("state idle", Lines("background"));
        Assert.Equal("\"idle\"", await e.EvaluateAsync("background", "chrome.idle.setDetectionInterval(15); " + QueryState));
        // Per extension: another extension's user is still active.
        var other = await LoadWithCommands(flavor);
        Assert.Equal("\"active\"", await other.EvaluateAsync("background", QueryState));
        e.RunHostScript("host.fire('idle.onStateChanged', 'active')", "back.js");
        await e.SettleAsync();
        Assert.Equal("\"active\"", await e.EvaluateAsync("background", QueryState));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "\"locked\"", null)]
    [InlineData(Flavor.Firefox, "\"active\"", "idle.onStateChanged: expected a state (\"active\" or \"idle\"), got \"locked\"; the idle state stays \"active\"")]
    public async Task Locked_is_a_state_of_Chromium_only(Flavor flavor, string state, string? warning)
    {
        var e = await LoadWithCommands(flavor);
        await e.FireAsync("idle.onStateChanged", "[\"locked\"]");
        Assert.Equal(state, await e.EvaluateAsync("background", QueryState));
        Assert.Equal(warning is null ? [] : [warning], Lines("host"));
    }

    [Fact]
    public async Task Chromium_lists_the_action_command_first_then_the_named_ones_by_name()
    {
        var e = await LoadWithCommands(Flavor.Chrome);
        Assert.Equal("""
            [{"name":"_execute_browser_action","description":"","shortcut":"Alt+Shift+U"},{"name":"another","description":"Another one","shortcut":""},{"name":"toggle-feature","description":"Toggle feature","shortcut":"Ctrl+Shift+Y"}]
            """.Trim(), await e.EvaluateAsync("background", "await chrome.commands.getAll()"));
        await e.FireAsync("commands.onCommand", "[\"toggle-feature\"]");
        Assert.Contains("command toggle-feature", Lines("background"));
    }

    [Fact]
    public async Task Firefox_lists_the_manifests_commands_in_its_order()
    {
        var e = await LoadWithCommands(Flavor.Firefox);
        Assert.Equal("""
            [{"name":"toggle-feature","description":"Toggle feature","shortcut":"Ctrl+Shift+Y"},{"name":"_execute_browser_action","shortcut":"Alt+Shift+U"},{"name":"another","description":"Another one","shortcut":""},{"name":"_reserved","description":"Chromium keeps no command starting with _","shortcut":""}]
            """.Trim(), await e.EvaluateAsync("background", "await browser.commands.getAll()"));
    }

    [Fact]
    public async Task Chromium_makes_a_command_for_an_action_that_has_none()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, ""))
        {
            ["manifest.json"] = """
                { "manifest_version": 3, "name": "t", "version": "1", "action": { "default_popup": "popup.html" },
                  "commands": { "run": { "description": "Run", "suggested_key": "Ctrl+Shift+1" } } }
                """,
        };
        var e = await Load(files, Flavor.Chrome);
        await e.OpenAsync("popup");
        Assert.Equal("""[{"name":"_execute_action","description":"","shortcut":""},{"name":"run","description":"Run","shortcut":"Ctrl+Shift+1"}]""",
            await e.EvaluateAsync("popup", "await chrome.commands.getAll()"));
    }

    [Theory]
    [InlineData("\"commands\": []", "manifest.json: $.commands: expected an object of commands, got array []")]
    [InlineData("\"commands\": { \"go\": \"Ctrl+G\" }", "manifest.json: $.commands.go: expected an object with a description and a suggested_key, got string \"Ctrl+G\"")]
    [InlineData("\"commands\": { \"go\": { \"description\": 7 } }", "manifest.json: $.commands.go.description: expected a string, got number 7")]
    [InlineData("\"commands\": { \"go\": { \"suggested_key\": { \"default\": \"Ctrl+Shift+y\" } } }",
        "manifest.json: $.commands.go.suggested_key.default: expected a shortcut such as \"Ctrl+Shift+Y\" (modifiers Ctrl, Alt, Shift, Command, MacCtrl, Search, then one key), got \"Ctrl+Shift+y\"")]
    [InlineData("\"commands\": { \"go\": { \"suggested_key\": { \"mac\": \"Ctrl+Ctrl+Ctrl+Ctrl+Ctrl+Ctrl+Ctrl+G\" } } }",
        "manifest.json: $.commands.go.suggested_key.mac: expected a shortcut such as \"Ctrl+Shift+Y\" (modifiers Ctrl, Alt, Shift, Command, MacCtrl, Search, then one key), got \"Ctrl+Ctrl+Ctrl+Ctrl+Ctrl+Ctrl+Ctrl+G\"")]
    [InlineData("\"commands\": { \"go\": { \"suggested_key\": [\"Ctrl+G\"] } }", "manifest.json: $.commands.go.suggested_key: expected an object of shortcuts by platform, got array [\"Ctrl+G\"]")]
    public void A_malformed_commands_key_is_refused_with_one_line_naming_it(string commands, string error)
    {
        var json = $$"""{ "manifest_version": 2, "name": "t", "version": "1", {{commands}} }""";
        Assert.Equal(error, Assert.Throws<ManifestException>(() => ManifestLoader.Parse(json)).Message);
    }
}
