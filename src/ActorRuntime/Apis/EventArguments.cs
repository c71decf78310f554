using Jint;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>
/// The arguments of events the runtime fires, built in the engine of each context that receives them: the supervisor
/// decides which event goes where and never touches an engine itself.
/// </summary>
internal static class EventArguments
{
    public static readonly Func<Engine, JsValue[]> None = _ => [];

    /// <summary>A JSON array a host passed (e.g. <c>[{"reason":"update"}]</c>), parsed as the receiving page's JSON.parse would.</summary>
    public static Func<Engine, JsValue[]> FromJsonArray(string json) => engine => Parse(engine, json) is JsArray array ? array.ToArray() : [];

    /// <summary><c>storage.onChanged(changes, areaName)</c>, or <c>storage.&lt;area&gt;.onChanged(changes)</c> when <paramref name="area"/> is null.</summary>
    public static Func<Engine, JsValue[]> StorageChanged(string changesJson, string? area) =>
        area is null ? engine => [Parse(engine, changesJson)] : engine => [Parse(engine, changesJson), area];

    /// <summary>
    /// <c>runtime.onInstalled(details)</c>: the reason, the previous version of an update, and (Firefox, which says whether
    /// the add-on was loaded temporarily from about:debugging) <c>temporary: false</c>; Chromium sends the reason alone.
    /// </summary>
    public static Func<Engine, JsValue[]> Installed(string reason, string? previousVersion, Flavor flavor) => engine =>
    {
        var details = new JsObject(engine);
        details.FastSetDataProperty("reason", reason);
        if (previousVersion is not null) details.FastSetDataProperty("previousVersion", previousVersion);
        if (flavor != Flavor.Chrome) details.FastSetDataProperty("temporary", false);
        return [details];
    };

    /// <summary>Jint's own JSON parser: a page that replaced its <c>JSON</c> global does not see its events' arguments through it.</summary>
    private static JsValue Parse(Engine engine, string json) => new Jint.Native.Json.JsonParser(engine).Parse(json);
}
