using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using ActorRuntime.Storage;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using StorageProtocol = ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>browser.storage</c>: <c>local</c>, <c>sync</c> and (extension pages only) <c>session</c>, each with
/// get/set/remove/clear/getBytesInUse, its quota constants and <c>onChanged</c>, plus <c>storage.onChanged</c>.
/// Values are stored as JSON; every call goes to the extension's storage actor and settles when it answers
/// (a set once it is durable).
/// </summary>
internal static class StorageApi
{
    public const string OnChanged = "storage.onChanged";

    public static string AreaOnChanged(string area) => $"storage.{area}.onChanged";

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        foreach (var area in StorageQuotas.Areas)
        {
            var at = $"storage.{area}.";
            registry[at + "get"] = new() { Function = call => Call(call, new StorageProtocol.Get(area, Keys(call[0])), GetResult) };
            registry[at + "set"] = new() { Function = call => Set(call, area) };
            registry[at + "remove"] = new() { Function = call => Call(call, new StorageProtocol.Remove(area, Keys(call[0]) ?? []), (_, _) => JsValue.Undefined) };
            registry[at + "clear"] = new() { Function = call => Call(call, new StorageProtocol.Clear(area), (_, _) => JsValue.Undefined) };
            registry[at + "getKeys"] = new() { Function = call => Call(call, new StorageProtocol.Get(area, null), (c, value) => Keys(c.Realm, value)) };
            registry[at + "getBytesInUse"] = new() { Function = call => Call(call, new StorageProtocol.GetBytesInUse(area, Keys(call[0])), (_, value) => (long)value!) };
            // The quotas of the flavour's browser (the schema gives Firefox's).
            foreach (var flavorQuota in new[] { "QUOTA_BYTES", "QUOTA_BYTES_PER_ITEM", "MAX_ITEMS", "MAX_WRITE_OPERATIONS_PER_HOUR", "MAX_WRITE_OPERATIONS_PER_MINUTE" })
                registry[at + flavorQuota] = new()
                {
                    Value = host => StorageQuotas.Constants(host.Extension.Flavor, area).TryGetValue(flavorQuota, out var quota) ? quota : JsValue.Undefined,
                };
        }
    }

    /// <summary><c>get</c>'s answer: the stored items over the defaults an object of keys gave.</summary>
    internal static JsValue GetResult(ApiCall call, object? value)
    {
        var realm = call.Realm;
        var result = new JsObject(realm.Engine);
        // Own data properties, "__proto__" included: a stored key never reaches the result's prototype.
        if (call[0] is ObjectInstance defaults && !defaults.IsArray())
            foreach (var key in defaults.GetOwnPropertyKeys(Types.String))
                result.CreateDataProperty(key, defaults.Get(key));
        foreach (var (key, json) in (Dictionary<string, string>)value!) result.CreateDataProperty(key, Parse(realm, json));
        return result;
    }

    /// <summary><c>getKeys</c>' answer: the stored keys.</summary>
    private static JsValue Keys(ContextRealm realm, object? value) =>
        new JsArray(realm.Engine, ((Dictionary<string, string>)value!).Keys.Select(k => (JsValue)k).ToArray());

    /// <summary>
    /// A value Firefox's structured clone refuses (a function, a symbol) fails the call: its promise rejects with the
    /// DataCloneError. What JSON cannot hold (a cycle, a value nested too deep) throws at once, naming the key: after a
    /// too-deep value the engine takes no further call in this turn, so the failure cannot wait for a later job.
    /// </summary>
    private static JsValue Set(ApiCall call, string area)
    {
        Dictionary<string, string> items;
        try
        {
            items = Items(call.Realm, area, call[0]);
        }
        catch (JavaScriptException ex) when (IsDataCloneError(ex))
        {
            call.Reply!.Later(reply => reply.Reject(ErrorReport.MessageOfValue(ex.Error), ex.Error as ObjectInstance));
            return JsValue.Undefined;
        }
        return Call(call, new StorageProtocol.Set(area, items), (_, _) => JsValue.Undefined);
    }

    private static bool IsDataCloneError(JavaScriptException ex) =>
        ex.Error is ObjectInstance error && error.Get("name") is var name && name.IsString() && name.AsString() == "DataCloneError";

    /// <summary>Sends one request; the call's reply settles with the answer (a set once it is durable).</summary>
    private static JsValue Call(ApiCall call, StorageProtocol.StorageRequest request, Func<ApiCall, object?, JsValue> toResult)
    {
        var reply = call.Reply!;
        call.Host.CallStorage(request, answer =>
        {
            if (answer.Error is { } error) reply.Reject(error);
            else reply.Resolve(toResult(call, answer.Value));
        });
        return JsValue.Undefined;
    }

    /// <summary>null/undefined: every key; a string; an array of strings; an object whose keys are asked for (its values are defaults).</summary>
    internal static List<string>? Keys(JsValue keys)
    {
        if (keys.IsNull() || keys.IsUndefined()) return null;
        if (keys.IsString()) return [keys.ToString()];
        if (keys is ObjectInstance array && array.IsArray())
            return array.GetOwnPropertyKeys(Types.String).Where(k => k.ToString() != "length").Select(k => TypeConverter.ToString(array.Get(k))).ToList();
        if (keys is ObjectInstance obj) return obj.GetOwnPropertyKeys(Types.String).Select(k => k.ToString()).ToList();
        return [TypeConverter.ToString(keys)];
    }

    /// <summary>
    /// The items of a <c>set</c> as JSON; undefined values are skipped, and so are functions in Chromium (Firefox refuses
    /// them with its structured clone's DataCloneError).
    /// </summary>
    private static Dictionary<string, string> Items(ContextRealm realm, string area, JsValue argument)
    {
        if (argument is not ObjectInstance items || items.IsArray())
            throw new JavaScriptException(realm.Engine.Intrinsics.TypeError, $"storage.{area}.set: expected an object of items");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in items.GetOwnPropertyKeys(Types.String))
        {
            var value = items.Get(key);
            JsValue json;
            try
            {
                json = realm.Stringify(value);
                // Firefox stores a structured clone: a function or a symbol anywhere in the value is a DataCloneError
                // there, where JSON silently drops it (as Chromium does).
                if (realm.Extension.Flavor != Flavor.Chrome) StructuredClone.Capture(realm, value);
            }
            catch (JavaScriptException ex) when (IsDataCloneError(ex))
            {
                throw;
            }
            catch (JavaScriptException ex)
            {
                throw new JavaScriptException(realm.Engine.Intrinsics.TypeError,
                    $"storage.{area}.set: the value of \"{key}\" cannot be stored: {ErrorReport.MessageOfValue(ex.Error)}");
            }
            catch (MessageTooLargeException tooLarge)
            {
                throw new JavaScriptException(realm.Engine.Intrinsics.TypeError,
                    $"storage.{area}.set: the value of \"{key}\" cannot be stored: {tooLarge.Message}");
            }
            if (!json.IsUndefined()) result[key.ToString()] = json.ToString();
        }
        return result;
    }

    private static JsValue Parse(ContextRealm realm, string json) => realm.ParseJson(json);
}
