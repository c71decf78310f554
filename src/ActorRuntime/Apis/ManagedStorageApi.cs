using ActorRuntime.Kernel;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>storage.managed</c>: read-only, answered from the policy the host gives (<c>host.setManagedStorage({...})</c> in a
/// host script), as an administrator's policy answers in a browser. Without one, Chromium answers as if it were empty
/// and Firefox rejects (it found no managed storage manifest); writing fails with each browser's text.
/// </summary>
internal static class ManagedStorageApi
{
    private const string At = "storage.managed.";

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry[At + "get"] = new() { Function = call => Answer(call, policy => StorageApi.GetResult(call, Select(policy, StorageApi.Keys(call[0])))) };
        registry[At + "getKeys"] = new() { Function = call => Answer(call, policy => new JsArray(call.Realm.Engine, policy.Keys.Select(k => (JsValue)k).ToArray())) };
        // Chromium's policy store counts no bytes.
        registry[At + "getBytesInUse"] = new() { Function = call => Answer(call, _ => (JsValue)0) };
        foreach (var write in new[] { "set", "remove", "clear" })
            registry[At + write] = new()
            {
                Function = call => call.Fail(call.Realm.Extension.Flavor == Flavor.Chrome ? "This is a read-only store." : "storage.managed is read-only"),
            };
    }

    private static JsValue Answer(ApiCall call, Func<IReadOnlyDictionary<string, string>, JsValue> result)
    {
        var extension = call.Realm.Extension;
        if (extension.HostIfAny?.ManagedStorage is { } policy) return call.Answer(result(policy));
        if (extension.Flavor != Flavor.Chrome) return call.Fail("Managed storage manifest not found");
        return call.Answer(result(new Dictionary<string, string>()));
    }

    /// <summary>The policy's items under <paramref name="keys"/> (all of them for null), as stored items.</summary>
    private static Dictionary<string, string> Select(IReadOnlyDictionary<string, string> policy, List<string>? keys) =>
        (keys ?? policy.Keys.ToList()).Where(policy.ContainsKey).Distinct().ToDictionary(k => k, k => policy[k], StringComparer.Ordinal);
}
