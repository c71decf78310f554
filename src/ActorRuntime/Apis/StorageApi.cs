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

    public static ObjectInstance Create(IContextHost host, ObjectInstance runtime)
    {
        var realm = host.Realm;
        var storage = new JsObject(realm.Engine);
        var areas = realm.Info.IsExtensionPage ? StorageQuotas.Areas : [StorageQuotas.Local, StorageQuotas.Sync];
        foreach (var area in areas) storage.Constant(area, Area(host, runtime, area));
        storage.Constant("onChanged", realm.DefineEvent(OnChanged).Target);
        return storage;
    }

    private static ObjectInstance Area(IContextHost host, ObjectInstance runtime, string area)
    {
        var realm = host.Realm;
        var target = new JsObject(realm.Engine);
        foreach (var (name, value) in StorageQuotas.Constants(host.Extension.Flavor, area)) target.Constant(name, value);
        target.Constant("onChanged", realm.DefineEvent(AreaOnChanged(area)).Target);
        target.Method("get", (_, args) => Call(host, runtime, args, rest => new StorageProtocol.Get(area, Keys(rest)), (value, defaults) =>
        {
            var result = new JsObject(realm.Engine);
            if (defaults is not null)
                foreach (var key in defaults.GetOwnPropertyKeys(Types.String))
                    result.Set(key, defaults.Get(key));
            foreach (var (key, json) in (Dictionary<string, string>)value!) result.Set(key, Parse(realm, json));
            return result;
        }));
        target.Method("set", (_, args) => Call(host, runtime, args, rest => new StorageProtocol.Set(area, Items(realm, area, rest)), (_, _) => JsValue.Undefined));
        target.Method("remove", (_, args) => Call(host, runtime, args, rest => new StorageProtocol.Remove(area, Keys(rest) ?? []), (_, _) => JsValue.Undefined));
        target.Method("clear", (_, args) => Call(host, runtime, args, _ => new StorageProtocol.Clear(area), (_, _) => JsValue.Undefined));
        target.Method("getBytesInUse", (_, args) => Call(host, runtime, args, rest => new StorageProtocol.GetBytesInUse(area, Keys(rest)), (value, _) => (long)value!));
        return target;
    }

    /// <summary>Sends one request; the promise (or trailing callback, with runtime.lastError on failure) settles with the answer.</summary>
    private static JsValue Call(IContextHost host, ObjectInstance runtime, JsValue[] args, Func<JsValue[], StorageProtocol.StorageRequest> request,
        Func<object?, ObjectInstance?, JsValue> toResult)
    {
        host.NoteApiCall();
        var realm = host.Realm;
        var callback = ApiFunctions.TrailingCallback(args);
        var rest = callback is null ? args : args[..^1];
        var defaults = rest.Length > 0 && rest[0] is ObjectInstance o && !o.IsArray() ? o : null;
        var built = request(rest);
        var promise = callback is null ? realm.Engine.Advanced.RegisterPromise() : null;
        host.CallStorage(built, answer =>
        {
            if (answer.Error is { } error)
            {
                if (promise is not null) promise.Reject(ApiFunctions.NewError(realm.Engine, error));
                else ApiFunctions.CallWithLastError(realm, runtime, callback!, error);
                return;
            }
            var value = toResult(answer.Value, built is StorageProtocol.Get ? defaults : null);
            if (promise is not null) promise.Resolve(value);
            else realm.CallReporting(callback!, JsValue.Undefined, value.IsUndefined() ? [] : [value]);
        });
        return promise?.Promise ?? JsValue.Undefined;
    }

    /// <summary>null/undefined: every key; a string; an array of strings; an object whose keys are asked for (its values are defaults).</summary>
    private static List<string>? Keys(JsValue[] args)
    {
        var keys = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (keys.IsNull() || keys.IsUndefined()) return null;
        if (keys.IsString()) return [keys.ToString()];
        if (keys is ObjectInstance array && array.IsArray())
            return array.GetOwnPropertyKeys(Types.String).Where(k => k.ToString() != "length").Select(k => TypeConverter.ToString(array.Get(k))).ToList();
        if (keys is ObjectInstance obj) return obj.GetOwnPropertyKeys(Types.String).Select(k => k.ToString()).ToList();
        return [TypeConverter.ToString(keys)];
    }

    /// <summary>The items of a <c>set</c> as JSON; undefined and function values are skipped, as browsers skip them.</summary>
    private static Dictionary<string, string> Items(ContextRealm realm, string area, JsValue[] args)
    {
        if (args.Length == 0 || args[0] is not ObjectInstance items || items.IsArray())
            throw new JavaScriptException(realm.Engine.Intrinsics.TypeError, $"storage.{area}.set: expected an object of items");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in items.GetOwnPropertyKeys(Types.String))
        {
            var value = items.Get(key);
            JsValue json;
            try
            {
                json = realm.Engine.Call(realm.JsonStringify, realm.JsonObject, [value]);
            }
            catch (JavaScriptException ex)
            {
                throw new JavaScriptException(realm.Engine.Intrinsics.TypeError,
                    $"storage.{area}.set: the value of \"{key}\" cannot be stored: {ErrorReport.MessageOfValue(ex.Error)}");
            }
            if (!json.IsUndefined()) result[key.ToString()] = json.ToString();
        }
        return result;
    }

    private static JsValue Parse(ContextRealm realm, string json) => realm.Engine.Call(realm.JsonParse, realm.JsonObject, [json]);
}
