using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>commands.getAll</c>: the manifest's <c>commands</c> (re-read, localized) as the flavour's browser lists them, each
/// with the shortcut suggested for the runtime's platform, else the default one. <c>commands.onCommand</c> is fired by
/// the host (<c>--fire commands.onCommand '["name"]'</c>).
/// </summary>
/// <remarks>
/// Chromium lists the action's command first (one is made, with no shortcut, for a manifest with <c>action</c>, or else
/// <c>browser_action</c>), then the page action's, then the named commands by name, dropping other names that start with
/// "_"; its shortcuts are in its notation (Ctrl or Alt, Command, Shift, key; on a Mac Ctrl is Command and MacCtrl is Ctrl).
/// Firefox lists the manifest's commands in its order, as written, with "" for no shortcut.
/// </remarks>
internal static class CommandsApi
{
    private const string ExecuteAction = "_execute_action";
    private const string ExecuteBrowserAction = "_execute_browser_action";
    private const string ExecutePageAction = "_execute_page_action";

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["commands.getAll"] = new() { Function = call => call.Answer(GetAll(call.Realm)) };
    }

    private static JsValue GetAll(ContextRealm realm)
    {
        var extension = realm.Extension;
        using var manifest = JsonDocument.Parse(I18nApi.Localized(extension, ManifestLoader.PlainJson(extension.Package.Files)));
        IReadOnlyList<ManifestCommand> commands;
        try
        {
            commands = ManifestCommands.Read("manifest.json", manifest.RootElement);
        }
        catch (ManifestException)
        {
            // Checked at load; a file changed on disk since then has no commands to list.
            commands = [];
        }
        var chromium = extension.Flavor == Flavor.Chrome;
        var listed = chromium ? Chromium(commands, manifest.RootElement) : Firefox(commands);
        var engine = realm.Engine;
        return new JsArray(engine, listed.Select(entry =>
        {
            var command = new JsObject(engine);
            command.FastSetDataProperty("name", entry.Name);
            if (entry.Description is { } description) command.FastSetDataProperty("description", description);
            command.FastSetDataProperty("shortcut", entry.Shortcut);
            return (JsValue)command;
        }).ToArray());
    }

    private sealed record Listed(string Name, string? Description, string Shortcut);

    private static IEnumerable<Listed> Firefox(IReadOnlyList<ManifestCommand> commands)
    {
        var platform = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "mac" : OperatingSystem.IsAndroid() ? "android" : "linux";
        return commands.Select(c => new Listed(c.Name, c.Description,
            c.SuggestedKeys.GetValueOrDefault(platform) ?? c.SuggestedKeys.GetValueOrDefault("default") ?? ""));
    }

    private static IEnumerable<Listed> Chromium(IReadOnlyList<ManifestCommand> commands, JsonElement manifest)
    {
        var platform = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "mac" : "linux";
        bool Has(string key) => manifest.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;
        var byName = commands.ToDictionary(c => c.Name, StringComparer.Ordinal); // names are distinct (ManifestCommands.Read)
        Listed Entry(ManifestCommand command, string description) => new(command.Name, description, Shortcut(command, platform));
        Listed? Action(string name, string key, bool made) =>
            byName.TryGetValue(name, out var declared) && Has(key) ? Entry(declared, "")
            : made ? new Listed(name, "", "") : null;
        // A command is made for the action when the manifest declares none.
        var action = Action(ExecuteAction, "action", Has("action"));
        var browserAction = Action(ExecuteBrowserAction, "browser_action", !Has("action") && Has("browser_action"));
        var pageAction = Action(ExecutePageAction, "page_action", false);
        var named = commands.Where(c => !c.Name.StartsWith('_')).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => Entry(c, c.Description ?? ""));
        return new[] { browserAction, action, pageAction }.OfType<Listed>().Concat(named);
    }

    /// <summary>The suggested shortcut for <paramref name="platform"/> (else the default one) in Chromium's notation, or "".</summary>
    private static string Shortcut(ManifestCommand command, string platform)
    {
        var suggested = command.SuggestedKeys.GetValueOrDefault(platform) ?? command.SuggestedKeys.GetValueOrDefault("default");
        if (suggested is null) return "";
        var parts = suggested.Split('+');
        var mac = platform == "mac";
        var modifiers = parts[..^1].Select(p => mac ? p switch { "Ctrl" => "Command", "MacCtrl" => "Ctrl", _ => p } : p).ToHashSet(StringComparer.Ordinal);
        var order = new[] { "Ctrl", "Alt", "Command", "Search", "MacCtrl", "Shift" };
        return string.Join("+", order.Where(modifiers.Contains).Append(parts[^1]));
    }
}
