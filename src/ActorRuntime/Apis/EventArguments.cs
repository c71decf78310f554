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

    private static JsValue Parse(Engine engine, string json)
    {
        var jsonObject = engine.Global.Get("JSON");
        return engine.Call(jsonObject.Get("parse"), jsonObject, [json]);
    }
}
