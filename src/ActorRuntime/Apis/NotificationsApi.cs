using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRuntime.Kernel;
using Akka.Actor;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>notifications</c>: what the extension shows is kept with it (<c>create</c>, Chromium's <c>update</c>, <c>clear</c>,
/// <c>getAll</c>) and printed on the console as <c>[runtime] notification &lt;id&gt;: &lt;title&gt; - &lt;message&gt;</c>;
/// <c>clear</c> fires <c>onClosed</c> as the flavour's browser does, Firefox's shown notifications fire <c>onShown</c>; the
/// host fires <c>onClicked</c>, <c>onButtonClicked</c> and a user's <c>onClosed</c> (which takes the notification away).
/// </summary>
internal static class NotificationsApi
{
    public const string OnClosed = "notifications.onClosed";
    private const string OnShown = "notifications.onShown";

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["notifications.create"] = new() { Function = Create };
        registry["notifications.update"] = new() { Function = Update, OnlyIn = [Flavor.Chrome] };
        registry["notifications.clear"] = new() { Function = Clear };
        registry["notifications.getAll"] = new() { Function = GetAll };
        // Nobody is asked: the extension's notifications are allowed.
        registry["notifications.getPermissionLevel"] = new() { Function = call => call.Answer("granted"), OnlyIn = [Flavor.Chrome] };
        // Chromium has no onShown.
        registry[OnShown] = new() { OnlyIn = [Flavor.Mdn, Flavor.Firefox] };
    }

    private static JsValue Create(ApiCall call)
    {
        var realm = call.Realm;
        var extension = realm.Extension;
        var chromium = extension.Flavor == Flavor.Chrome;
        var options = OptionsJson(realm, call[1] as ObjectInstance);
        var fields = JsonNode.Parse(options)!.AsObject();
        // Chromium's IDL leaves these optional (update shares the type) and checks them in the browser.
        if (chromium && new[] { "type", "iconUrl", "title", "message" }.Any(k => fields[k] is null))
            return call.Fail("Some of the required properties are missing: type, iconUrl, title and message.");
        var given = call[0].IsString() ? call[0].AsString() : "";
        var center = extension.Host.Notifications;
        // An empty id is no id: Firefox numbers its notifications from 0, Chromium gives each a random GUID.
        var id = given.Length > 0 ? given : chromium ? Guid.NewGuid().ToString("D") : center.NextSequentialId();
        if (chromium && (TemplateProblem(fields, fields, creating: true) ?? (id.Length > 500 ? "The notification's ID should be 500 characters or less" : null)) is { } invalid)
            return call.Fail(invalid);
        if (center.Show(id, options, extension.Options.BrowserUi) is { } problem) return call.Fail(problem);
        Print(extension, id, fields);
        call.Answer(id);
        if (!chromium) Fire(extension, OnShown, JsonSerializer.Serialize(new[] { id }));
        return JsValue.Undefined;
    }

    /// <summary>Chromium's <c>update</c>: the options given replace those shown; answers whether the notification was shown.</summary>
    private static JsValue Update(ApiCall call)
    {
        var realm = call.Realm;
        var extension = realm.Extension;
        var id = call[0].IsString() ? call[0].AsString() : TypeConverter.ToString(call[0]);
        var changes = JsonNode.Parse(OptionsJson(realm, call[1] as ObjectInstance))!.AsObject();
        string? invalid = null;
        JsonObject? merged = null;
        var (shown, problem) = extension.HostIfAny?.NotificationsIfAny?.Update(id, old =>
        {
            var fields = JsonNode.Parse(old)!.AsObject();
            foreach (var (key, value) in changes) fields[key] = value?.DeepClone();
            invalid = TemplateProblem(fields, changes, creating: false);
            merged = fields;
            return invalid is null ? fields.ToJsonString() : old;
        }, extension.Options.BrowserUi) ?? (false, null);
        if (!shown) return call.Answer(false);
        if ((invalid ?? problem) is { } failure) return call.Fail(failure);
        Print(extension, id, merged!);
        return call.Answer(true);
    }

    private static JsValue Clear(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var id = call[0].IsString() ? call[0].AsString() : TypeConverter.ToString(call[0]);
        var cleared = extension.HostIfAny?.NotificationsIfAny?.Close(id) ?? false;
        call.Answer(cleared);
        // Closed by the extension, not the user: Chromium says so; Firefox always passes true (its bug 1413188).
        if (cleared) Fire(extension, OnClosed, JsonSerializer.Serialize(new object[] { id, extension.Flavor == Flavor.Firefox }));
        return JsValue.Undefined;
    }

    /// <summary>Every shown notification by id: Firefox gives its options, Chromium <c>true</c>.</summary>
    private static JsValue GetAll(ApiCall call)
    {
        var realm = call.Realm;
        var result = new JsObject(realm.Engine);
        foreach (var (id, options) in realm.Extension.HostIfAny?.NotificationsIfAny?.All() ?? [])
            result.CreateDataProperty(id, realm.Extension.Flavor == Flavor.Chrome ? JsBoolean.True : new Jint.Native.Json.JsonParser(realm.Engine).Parse(options));
        return call.Answer(result);
    }

    /// <summary>
    /// The host fired <c>onClosed</c> (a user closed the notification): it is no longer shown. Called by the supervisor
    /// before the event goes out; arguments the host got wrong are the listeners' business, as with any fired event.
    /// </summary>
    public static void ClosedByHost(ExtensionKernel extension, string argumentsJson)
    {
        if (extension.HostIfAny?.NotificationsIfAny is not { } center) return;
        using var arguments = JsonDocument.Parse(argumentsJson, new JsonDocumentOptions { MaxDepth = extension.Options.MaxMessageDepth });
        if (arguments.RootElement.GetArrayLength() > 0 && arguments.RootElement[0].ValueKind == JsonValueKind.String)
            center.Close(arguments.RootElement[0].GetString()!);
    }

    /// <summary>What a notification shows, on the console (what <c>run</c> prints).</summary>
    private static void Print(ExtensionKernel extension, string id, JsonObject fields) =>
        extension.Report(new ConsoleEntry("runtime", "info", $"notification {id}: {Text(fields, "title")} - {Text(fields, "message")}"));

    private static string Text(JsonObject fields, string key) =>
        fields[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    /// <summary>Fired into the extension as the browser fires it (waking an event page that listened), after this turn.</summary>
    private static void Fire(ExtensionKernel extension, string eventName, string argumentsJson) =>
        extension.Work.Send(extension.Supervisor, new SupervisorSignals.FireFromHost(eventName, argumentsJson), ActorRefs.NoSender);

    /// <summary>
    /// Chromium's checks of a template's parts against its type: an image only for "image", list items only for "list",
    /// progress only for "progress" and from 0 to 100; <paramref name="given"/> is what the call set (all of it on create).
    /// </summary>
    private static string? TemplateProblem(JsonObject fields, JsonObject given, bool creating)
    {
        var type = Text(fields, "type");
        var hasImage = given["imageUrl"] is not null;
        if (creating ? hasImage != (type == "image") : hasImage && type != "image") return "Image resource provided for notification type != image";
        var hasItems = given["items"] is JsonArray { Count: > 0 };
        if (creating ? hasItems != (type == "list") : hasItems && type != "list") return "List items provided for notification type != list";
        if (given["progress"] is JsonValue progress && progress.TryGetValue<double>(out var percent))
        {
            if (type != "progress") return "The progress value should not be specified for non-progress notification";
            if (percent is < 0 or > 100) return "The progress value should range from 0 to 100";
        }
        return null;
    }

    /// <summary>The options the schema checked, as JSON: what the extension set (Firefox's form holds null for the rest, left out here).</summary>
    private static string OptionsJson(ContextRealm realm, ObjectInstance? options)
    {
        var json = new System.Text.StringBuilder("{");
        foreach (var key in options?.GetOwnPropertyKeys(Types.String) ?? [])
        {
            var value = options!.Get(key);
            if (value.IsNull() || value.IsUndefined()) continue;
            var text = realm.Stringify(value);
            if (text.IsUndefined()) continue;
            if (json.Length > 1) json.Append(',');
            json.Append(JsonSerializer.Serialize(key.ToString())).Append(':').Append(text.AsString());
        }
        return json.Append('}').ToString();
    }
}
