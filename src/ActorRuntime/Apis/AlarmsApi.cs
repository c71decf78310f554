using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>alarms</c> on the runtime's clock: <c>create</c>, <c>get</c>, <c>getAll</c>, <c>clear</c>, <c>clearAll</c>, and
/// <c>onAlarm</c> fired in every context that listens (a suspended event page that listened is woken for it). The alarms
/// are the extension's (<see cref="ExtensionAlarms"/>); this checks a creation as the flavour's browser does.
/// </summary>
internal static class AlarmsApi
{
    // Chromium warns about delays that a packed extension would not get: 30 s in MV3, 1 minute in MV2.
    private static readonly TimeSpan PackedMinimumMv3 = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PackedMinimumMv2 = TimeSpan.FromMinutes(1);

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["alarms.create"] = new() { Function = Create };
        registry["alarms.get"] = new()
        {
            Function = call => call.Answer(call.Realm.Extension.AlarmsIfAny?.Get(Name(call[0])) is { } alarm ? Describe(call.Realm, alarm) : JsValue.Undefined),
        };
        registry["alarms.getAll"] = new()
        {
            Function = call => call.Answer(new JsArray(call.Realm.Engine,
                (call.Realm.Extension.AlarmsIfAny?.All() ?? []).Select(alarm => (JsValue)Describe(call.Realm, alarm)).ToArray())),
        };
        registry["alarms.clear"] = new() { Function = call => call.Answer(call.Realm.Extension.AlarmsIfAny?.Clear(Name(call[0])) ?? false) };
        // Chromium always answers true; Firefox says whether there was anything to clear.
        registry["alarms.clearAll"] = new()
        {
            Function = call => call.Answer((call.Realm.Extension.AlarmsIfAny?.ClearAll() ?? false) || call.Realm.Extension.Flavor == Flavor.Chrome),
        };
    }

    /// <summary>A name left out (or empty, in Firefox) is the empty name.</summary>
    private static string Name(JsValue name) => name.IsString() ? name.AsString() : "";

    private static double? Number(ObjectInstance? info, string key) =>
        info?.Get(key) is { } value && value.IsNumber() ? value.AsNumber() : null;

    private static JsValue Create(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var options = extension.Options.Alarms;
        var chromium = extension.Flavor == Flavor.Chrome;
        var name = Name(call[0]);
        var info = call[1] as ObjectInstance;
        var (when, delay, period) = (Number(info, "when"), Number(info, "delayInMinutes"), Number(info, "periodInMinutes"));
        var alarms = extension.AlarmsIfAny;
        // Chromium counts before anything else, even when the name replaces an alarm.
        if (alarms is not null && alarms.Count >= options.MaxAlarms && (chromium || alarms.Get(name) is null))
            return call.Fail(chromium
                ? $"An extension cannot have more than {options.MaxAlarms} active alarms."
                : $"alarms.create: the extension already has {options.MaxAlarms} alarms, the most {AlarmOptions.MaxAlarmsKey} allows");
        if (chromium && when is not null && delay is not null) return call.Fail("Cannot set both when and delayInMinutes.");
        if (chromium && when is null && delay is null && period is null)
            return call.Fail("Must set at least one of when, delayInMinutes, or periodInMinutes.");
        if (name.Length > options.MaxNameLength)
            return call.Fail($"alarms.create: the alarm name is {name.Length} characters long, more than {AlarmOptions.MaxNameLengthKey} allows ({options.MaxNameLength})");
        if (chromium) WarnBelowPackedMinimum(call.Realm, name, delay, period);
        extension.Alarms.Create(name, when, delay, period);
        return call.Answer(JsValue.Undefined);
    }

    /// <summary>
    /// Chromium's console warnings for a relative delay or a period under what a packed extension gets (an absolute
    /// <c>when</c> is never warned about); worded for an unpacked extension unless the runtime's minimum is a packed one's.
    /// </summary>
    private static void WarnBelowPackedMinimum(ContextRealm realm, string name, double? delay, double? period)
    {
        var extension = realm.Extension;
        var packed = extension.Manifest.ManifestVersion >= 3 ? PackedMinimumMv3 : PackedMinimumMv2;
        var actsPacked = extension.Options.Alarms.ChromeMinimumDelay >= packed;
        foreach (var (what, minutes) in new[] { ("delay", delay), ("period", period) })
        {
            if (minutes is not { } value || value * 60 >= packed.TotalSeconds) continue;
            realm.Log("warn", actsPacked
                ? $"Alarm {what} is less than the minimum duration of {packed.TotalSeconds:0} seconds. Alarm \"{name}\" will fire after the minimum duration."
                : $"Alarm {what} is less than the minimum duration of {packed.TotalSeconds:0} seconds. In packed extensions, alarm \"{name}\" will fire after the minimum duration.");
        }
    }

    /// <summary><c>{name, scheduledTime, periodInMinutes?}</c>, as both browsers give an alarm.</summary>
    private static ObjectInstance Describe(ContextRealm realm, Alarm alarm)
    {
        var result = new JsObject(realm.Engine);
        result.FastSetDataProperty("name", alarm.Name);
        result.FastSetDataProperty("scheduledTime", alarm.ScheduledTime);
        if (alarm.PeriodInMinutes is { } period) result.FastSetDataProperty("periodInMinutes", period);
        return result;
    }
}
