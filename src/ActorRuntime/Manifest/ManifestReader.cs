using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>Typed access to the manifest's JSON with errors that name the file and the JSON path.</summary>
internal sealed partial class ManifestReader(string fileName, JsonElement root)
{
    public ExtensionManifest Read()
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Error("$", "a JSON object", root);

        var manifestVersion = RequiredInt(root, "$", "manifest_version");
        if (manifestVersion is not (2 or 3))
            throw new ManifestException($"{fileName}: $.manifest_version: expected 2 or 3, got {manifestVersion}");
        var name = RequiredString(root, "$", "name");
        ManifestStrings.CheckNoControlCharacters(fileName, "$.name", name);
        ManifestStrings.CheckNoControlCharacters(fileName, "$.short_name", OptionalString(root, "$", "short_name"));
        var version = RequiredString(root, "$", "version");

        string? geckoId = null;
        if (Object(root, "$", "browser_specific_settings") is { } bss && Object(bss, "$.browser_specific_settings", "gecko") is { } gecko)
            geckoId = OptionalString(gecko, "$.browser_specific_settings.gecko", "id");
        ManifestStrings.CheckNoControlCharacters(fileName, "$.browser_specific_settings.gecko.id", geckoId);
        var key = ReadKey();

        var popup = ReadPageKey(manifestVersion == 3 ? "action" : "browser_action", "default_popup")
                    ?? ReadPageKey("page_action", "default_popup")
                    ?? (manifestVersion == 2 ? ReadPageKey("action", "default_popup") : null);
        var options = ReadPageKey("options_ui", "page") ?? OptionalString(root, "$", "options_page");
        var sidebar = ReadPageKey("sidebar_action", "default_panel");

        var (permissions, hosts) = ReadPermissions("permissions", manifestVersion == 2);
        var (optional, optionalHosts) = ReadPermissions("optional_permissions", manifestVersion == 2);
        // Checked now, read again when commands.getAll asks: nothing of them is kept.
        ManifestCommands.Read(fileName, root);
        IReadOnlyList<string> hostPermissions = manifestVersion == 3 ? OptionalStringArray(root, "$", "host_permissions")?.ToArray() ?? [] : hosts;
        return new ExtensionManifest(
            manifestVersion, name, version, geckoId,
            ReadBackground(manifestVersion), popup, options, sidebar,
            ReadContentScripts(manifestVersion), ReadIncognito())
        {
            Key = key,
            Permissions = permissions,
            OptionalPermissions = optional,
            HostPermissions = hostPermissions,
            Actions = ReadActions(manifestVersion),
            OptionalHostPermissions = manifestVersion == 3 ? OptionalStringArray(root, "$", "optional_host_permissions")?.ToArray() ?? [] : optionalHosts,
            DefaultLocale = OptionalString(root, "$", "default_locale"),
            SidePanelPath = ReadPageKey("side_panel", "default_path"),
            Keys = root.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => string.Intern(p.Name)).ToArray(),
        };
    }

    /// <summary>
    /// A permissions list: API permission names apart from match patterns (which MV2 lists there too; MV3 keeps them in
    /// <c>host_permissions</c>, and a pattern among its permissions is one browsers ignore with a warning).
    /// </summary>
    private (IReadOnlyList<string> Permissions, IReadOnlyList<string> Hosts) ReadPermissions(string key, bool hostsAllowed)
    {
        var permissions = new List<string>();
        var hosts = new List<string>();
        foreach (var entry in OptionalStringArray(root, "$", key) ?? [])
        {
            ManifestStrings.CheckNoControlCharacters(fileName, $"$.{key}", entry);
            if (entry == "<all_urls>" || entry.Contains("://", StringComparison.Ordinal))
            {
                if (hostsAllowed) hosts.Add(entry);
            }
            else permissions.Add(entry);
        }
        // Kept as long as the extension is loaded, suspended or not: empty lists cost nothing.
        return (permissions.Count == 0 ? [] : permissions.ToArray(), hosts.Count == 0 ? [] : hosts.ToArray());
    }

    /// <summary><c>key</c>: the public key Chromium derives the extension id from, base64 of its DER bytes.</summary>
    private byte[]? ReadKey()
    {
        if (OptionalString(root, "$", "key") is not { } text) return null;
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), bytes, out var written) || written == 0)
            throw new ManifestException($"{fileName}: $.key: expected the base64 of a public key, got \"{OneLineText.Escape(text, 60)}\"");
        return bytes[..written];
    }

    private BackgroundSpec ReadBackground(int manifestVersion)
    {
        if (Object(root, "$", "background") is not { } bg) return BackgroundSpec.None;
        const string at = "$.background";
        var scripts = OptionalStringArray(bg, at, "scripts");
        var page = OptionalString(bg, at, "page");
        var worker = OptionalString(bg, at, "service_worker");
        bool? persistent = null;
        if (bg.TryGetProperty("persistent", out var p))
            persistent = p.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error($"{at}.persistent", "true or false", p),
            };
        if (manifestVersion == 3 && persistent == true)
            throw new ManifestException($"{fileName}: {at}.persistent: expected false or absent in manifest_version 3, got true");

        // Firefox prefers scripts/page when both they and service_worker are given.
        if (scripts is { Count: > 0 } && page is not null)
            throw new ManifestException($"{fileName}: {at}: expected either \"scripts\" or \"page\", got both");
        var isPersistent = manifestVersion == 2 && (persistent ?? true);
        // "module": the scripts (or the worker) are ES modules; a page's own script elements say what they are.
        var isModule = OptionalString(bg, at, "type") switch
        {
            null or "classic" => false,
            "module" => true,
            var other => throw new ManifestException($"{fileName}: {at}.type: expected \"classic\" or \"module\", got \"{OneLineText.Escape(other, 60)}\""),
        };
        if (scripts is { Count: > 0 }) return new BackgroundSpec(BackgroundKind.Scripts, scripts, null, worker, isPersistent) { IsModule = isModule };
        if (page is not null) return new BackgroundSpec(BackgroundKind.Page, [], page, worker, isPersistent) { IsModule = isModule };
        if (worker is not null) return new BackgroundSpec(BackgroundKind.ServiceWorker, [], null, worker, false) { IsModule = isModule };
        throw new ManifestException($"{fileName}: {at}: expected \"scripts\", \"page\" or \"service_worker\"");
    }

    private IncognitoMode ReadIncognito() => OptionalString(root, "$", "incognito") switch
    {
        null or "spanning" => IncognitoMode.Spanning,
        "split" => IncognitoMode.Split,
        "not_allowed" => IncognitoMode.NotAllowed,
        var other => throw new ManifestException($"{fileName}: $.incognito: expected \"spanning\", \"split\" or \"not_allowed\", got \"{other}\""),
    };

    /// <summary>The toolbar buttons: MV3's <c>action</c>; MV2's <c>browser_action</c> and <c>page_action</c>.</summary>
    private IReadOnlyList<ActionSpec> ReadActions(int manifestVersion)
    {
        var actions = new List<ActionSpec>();
        foreach (var key in manifestVersion == 3 ? ["action"] : new[] { "browser_action", "page_action" })
        {
            if (Object(root, "$", key) is not { } button) continue;
            var at = $"$.{key}";
            actions.Add(new ActionSpec(key, OptionalString(button, at, "default_title"), ReadIcon(button, at), OptionalString(button, at, "default_popup")));
        }
        return actions.Count == 0 ? [] : actions;
    }

    /// <summary><c>default_icon</c>: a path, or sizes mapped to paths (the largest is kept).</summary>
    private string? ReadIcon(JsonElement button, string at)
    {
        if (!button.TryGetProperty("default_icon", out var icon) || icon.ValueKind == JsonValueKind.Null) return null;
        if (icon.ValueKind == JsonValueKind.String) return icon.GetString();
        if (icon.ValueKind != JsonValueKind.Object) throw Error($"{at}.default_icon", "a path or an object of sizes to paths", icon);
        string? largest = null;
        var largestSize = -1;
        foreach (var size in icon.EnumerateObject())
        {
            if (size.Value.ValueKind != JsonValueKind.String) throw Error($"{at}.default_icon.{size.Name}", "a path", size.Value);
            if (int.TryParse(size.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pixels) && pixels > largestSize)
                (largest, largestSize) = (size.Value.GetString(), pixels);
        }
        return largest;
    }

    private string? ReadPageKey(string key, string property) =>
        Object(root, "$", key) is { } o ? OptionalString(o, $"$.{key}", property) : null;

    private JsonElement? Object(JsonElement parent, string at, string key)
    {
        if (!parent.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object) throw Error($"{at}.{key}", "an object", value);
        return value;
    }

    private string RequiredString(JsonElement parent, string at, string key) =>
        OptionalString(parent, at, key) ?? throw new ManifestException($"{fileName}: {at}.{key}: missing; expected a string");

    private int RequiredInt(JsonElement parent, string at, string key)
    {
        if (!parent.TryGetProperty(key, out var value))
            throw new ManifestException($"{fileName}: {at}.{key}: missing; expected a number");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n)) throw Error($"{at}.{key}", "an integer", value);
        return n;
    }

    private string? OptionalString(JsonElement parent, string at, string key)
    {
        if (!parent.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) throw Error($"{at}.{key}", "a string", value);
        return value.GetString();
    }

    private List<string>? OptionalStringArray(JsonElement parent, string at, string key)
    {
        if (!parent.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Error($"{at}.{key}", "an array of strings", value);
        var result = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Error($"{at}.{key}[{i}]", "a string", item);
            result.Add(item.GetString()!);
            i++;
        }
        return result;
    }

    private ManifestException Error(string path, string expected, JsonElement got)
    {
        var text = got.GetRawText();
        if (text.Length > 40) text = text[..40] + "...";
        return new ManifestException($"{fileName}: {path}: expected {expected}, got {got.ValueKind.ToString().ToLowerInvariant()} {text}");
    }
}
