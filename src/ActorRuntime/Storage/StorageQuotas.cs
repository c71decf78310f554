using System.Text;

namespace ActorRuntime.Storage;

/// <summary>The storage areas and the quotas each browser enforces on them, with the browsers' error texts.</summary>
internal static class StorageQuotas
{
    public const string Local = "local";
    public const string Sync = "sync";
    public const string Session = "session";
    public static readonly string[] Areas = [Local, Sync, Session];

    /// <summary>The runtime's own journaled record of installed versions; never visible to scripts.</summary>
    public const string Installs = "installs";

    /// <summary>The extension's <c>localStorage</c> (its pages' Web Storage), journaled like local; not an area of <c>browser.storage</c>.</summary>
    public const string WebLocal = "webstorage";

    /// <summary>
    /// What the browser keeps for the extension across restarts (Chromium's alarms, declarativeNetRequest dynamic rules,
    /// registered content scripts that persist across sessions), one JSON value per kind; never visible to scripts.
    /// </summary>
    public const string BrowserState = "browser";

    /// <summary>Bytes an item takes: its key plus its JSON, UTF-8 (Chromium's count).</summary>
    public static long SizeOf(string key, string json) => Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(json);

    /// <summary>The constants scripts see on <c>storage.&lt;area&gt;</c>, per flavour (Firefox has no local quota constant).</summary>
    public static IReadOnlyDictionary<string, long> Constants(Flavor flavor, string area) => (flavor, area) switch
    {
        (_, Sync) => new Dictionary<string, long>
        {
            ["QUOTA_BYTES"] = 102_400, ["QUOTA_BYTES_PER_ITEM"] = 8_192, ["MAX_ITEMS"] = 512,
        },
        (Flavor.Chrome, Local) or (_, Session) => new Dictionary<string, long> { ["QUOTA_BYTES"] = 10_485_760 },
        _ => new Dictionary<string, long>(),
    };

    /// <summary>Null when <paramref name="after"/> fits the area's quotas, else the error the browser gives.</summary>
    public static string? Check(Flavor flavor, string area, IReadOnlyDictionary<string, string> after, IEnumerable<KeyValuePair<string, string>> written)
    {
        var quotas = Constants(flavor, area);
        var firefoxSync = flavor != Flavor.Chrome && area == Sync;
        string Exceeded(string which) => firefoxSync ? "QuotaExceededError: storage.sync API call exceeded its quota limitations." : $"{which} quota exceeded";
        if (quotas.TryGetValue("QUOTA_BYTES_PER_ITEM", out var perItem) && written.Any(item => SizeOf(item.Key, item.Value) > perItem))
            return Exceeded("QUOTA_BYTES_PER_ITEM");
        if (quotas.TryGetValue("MAX_ITEMS", out var maxItems) && after.Count > maxItems)
            return Exceeded("MAX_ITEMS");
        if (quotas.TryGetValue("QUOTA_BYTES", out var total) && after.Sum(item => SizeOf(item.Key, item.Value)) > total)
            return Exceeded("QUOTA_BYTES");
        return null;
    }
}
